/**
 * Every account at once, in the built app: 50 active accounts of 200 sessions behind a 50 ms API
 * (the simulator makes every fourth account inactive, so it seeds 66, and the app reads 50). How
 * long the All accounts table takes to be whole, how close the close of those 10,000 (one run,
 * concurrency 16) comes to its ideal, and the peak resident memory through it.
 */
import {launchClosing, versionOf} from './memory.js';
import {startRemoteSimulator} from './remote-simulator.js';

/** One run of the every-account flow. */
export type EveryAccountRun = {
	readonly node: string;
	readonly accounts: number;
	readonly sessions: number;
	readonly latencyMs: number;
	readonly concurrency: number;
	/** From Enter on All accounts to the whole table. */
	readonly tableMs: number;
	readonly closeMs: number;
	/** Sessions × latency ÷ concurrency: every close in flight all the time. */
	readonly idealMs: number;
	readonly ratioToIdeal: number;
	/** Peak resident memory, MB, at the end of each phase. */
	readonly loadedMb: number;
	readonly closedMb: number;
};

/**
 * Opens All accounts, selects every session and closes them all, timing each step; with one
 * account, the same through its pools' "All pools", the one-account close under the same latency.
 */
export async function everyAccountClose(
	node = process.execPath,
	{accounts = 50, perAccount = 200, latencyMs = 50, concurrency = 16} = {},
): Promise<EveryAccountRun> {
	const sessions = accounts * perAccount;
	// Of n accounts the simulator seeds, those at index 3, 7, 11… are inactive.
	let seeded = accounts;
	while (seeded - Math.floor((seeded + 1) / 4) < accounts) {
		seeded++;
	}

	const sim = await startRemoteSimulator({
		accounts: seeded,
		sessions: perAccount,
		seed: 19,
		latencyMs,
	});
	const {app, done} = launchClosing(sim, concurrency, node);
	try {
		await app.until(/❯.*Tradeshow Demo/);
		if (accounts === 1) {
			// The same close in one account, to compare with: its pools, then all of them.
			app.child.write('\r');
			await app.until(/❯.*All pools/);
		} else {
			// The cursor starts on the first account; All accounts is the row above.
			app.child.write('\u001B[A');
			await app.until(/❯.*All accounts/);
		}

		const opened = performance.now();
		app.child.write('\r');
		await app.until(new RegExp(`0 selected · ${sessions} sessions`), 120_000);
		const tableMs = performance.now() - opened;
		const loadedMb = app.peakRssMb();
		app.child.write('a');
		await app.until(new RegExp(`${sessions} selected`));
		app.child.write('x');
		await app.until(/Users are disconnected at once/);
		const started = performance.now();
		app.child.write('y');
		await app.until(/Finished in/, 600_000);
		const closeMs = performance.now() - started;
		const closedMb = app.peakRssMb();
		// Those of the inactive accounts stay: the app reads only the active ones.
		const closed = await sim.closedEverywhere();
		if (closed !== sessions) {
			throw new Error(`benchmark: ${closed} of ${sessions} closed`);
		}

		app.child.write('q');
		await app.exited;
		const idealMs = (sessions * latencyMs) / concurrency;
		return {
			node: versionOf(node),
			accounts,
			sessions,
			latencyMs,
			concurrency,
			tableMs,
			closeMs,
			idealMs,
			ratioToIdeal: closeMs / idealMs,
			loadedMb,
			closedMb,
		};
	} finally {
		app.child.kill();
		await sim.stop();
		done();
	}
}
