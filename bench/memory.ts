/**
 * Memory of the built app in a pseudo-terminal, read from /proc: the peak resident set (VmHWM)
 * at the end of each phase of a close, and the resident set over a long stay on a refreshing
 * sessions table.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type RemoteSimulator, startRemoteSimulator} from './remote-simulator.js';
import {launch} from './tui.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Peak resident memory, in MB, at the end of each phase (each includes those before it). */
export type ClosePhases = {
	readonly node: string;
	readonly sessions: number;
	readonly idle: number;
	readonly loaded: number;
	readonly selected: number;
	readonly closed: number;
	/** Resident memory right after the close finished, not its peak. */
	readonly afterMb: number;
	readonly closeMs: number;
	readonly cpuMs: number;
};

/**
 * The built app on the simulator, closing `concurrency` at a time, with no refresh and an audit log
 * in a folder of its own; `done` removes the folder.
 */
export function launchClosing(sim: RemoteSimulator, concurrency: number, node: string) {
	const folder = mkdtempSync(join(tmpdir(), 'frame-tui-bench-'));
	const app = launch(
		[cli, '--refresh', '0', '--concurrency', String(concurrency)],
		{
			FRAME_API_URL: sim.url,
			FRAME_CLIENT_ID: sim.clientId,
			FRAME_CLIENT_SECRET: sim.clientSecret,
			FRAME_TUI_AUDIT_LOG: join(folder, 'audit.jsonl'),
		},
		{node},
	);
	return {app, done: () => rmSync(folder, {recursive: true, force: true})};
}

/** The app loads `sessions` sessions, selects them all and closes them all, at concurrency 16. */
export async function closeMemory(sessions: number, node = process.execPath): Promise<ClosePhases> {
	const sim = await startRemoteSimulator({accounts: 1, sessions, seed: 17, latencyMs: 2});
	const {app, done} = launchClosing(sim, 16, node);
	try {
		await app.until(/❯.*Tradeshow Demo/);
		const idle = app.peakRssMb();
		app.child.write('\r');
		await app.until(/❯.*All pools/);
		app.child.write('\r');
		await app.until(new RegExp(`0 selected · ${sessions} sessions`), 120_000);
		const loaded = app.peakRssMb();
		app.child.write('a');
		await app.until(new RegExp(`${sessions} selected`));
		const selected = app.peakRssMb();
		app.child.write('x');
		await app.until(/Users are disconnected at once/);
		const cpuBefore = app.cpuMs();
		const started = performance.now();
		app.child.write('y');
		await app.until(/Finished in/, 600_000);
		const closeMs = performance.now() - started;
		const cpuMs = app.cpuMs() - cpuBefore;
		const closed = app.peakRssMb();
		const afterMb = app.rssMb();
		if ((await sim.closed()) !== sessions) {
			throw new Error(`benchmark: ${await sim.closed()} of ${sessions} closed`);
		}

		app.child.write('q');
		await app.exited;
		return {
			node: versionOf(node),
			sessions,
			idle,
			loaded,
			selected,
			closed,
			afterMb,
			closeMs,
			cpuMs,
		};
	} finally {
		app.child.kill();
		await sim.stop();
		done();
	}
}

/** Resident memory of the app on a sessions table refreshed every second, sampled over time. */
export type Soak = {
	readonly node: string;
	readonly sessions: number;
	readonly minutes: number;
	readonly peakMb: number;
	/** Samples (minute, MB) every `everySeconds`. */
	readonly samples: readonly (readonly [number, number])[];
	/** Over the last half: the lowest and highest sample, and the fitted slope in MB a minute. */
	readonly lastHalf: {
		readonly minMb: number;
		readonly maxMb: number;
		readonly slopeMbPerMinute: number;
	};
	readonly refreshes: number;
};

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
	const n = points.length;
	const mean = (pick: (point: readonly [number, number]) => number) =>
		points.reduce((sum, point) => sum + pick(point), 0) / n;
	const mx = mean(([x]) => x);
	const my = mean(([, y]) => y);
	let num = 0;
	let den = 0;
	for (const [x, y] of points) {
		num += (x - mx) * (y - my);
		den += (x - mx) ** 2;
	}

	return den === 0 ? 0 : num / den;
}

/** `minutes` on the sessions table of `sessions` sessions with `--refresh 1`. */
export async function refreshSoak(
	sessions: number,
	minutes: number,
	node = process.execPath,
	everySeconds = 10,
): Promise<Soak> {
	const sim = await startRemoteSimulator({accounts: 1, sessions, seed: 18});
	const app = launch(
		[cli, '--refresh', '1'],
		{FRAME_API_URL: sim.url, FRAME_CLIENT_ID: sim.clientId, FRAME_CLIENT_SECRET: sim.clientSecret},
		{node},
	);
	try {
		await app.until(/❯.*Tradeshow Demo/);
		app.child.write('\r');
		await app.until(/❯.*All pools/);
		app.child.write('\r');
		await app.until(new RegExp(`0 selected · ${sessions} sessions`), 120_000);
		const before = (await sim.stats()).requests;
		const samples: [number, number][] = [];
		const started = performance.now();
		const endAt = started + minutes * 60_000;
		while (performance.now() < endAt) {
			await sleep(everySeconds * 1000);
			samples.push([(performance.now() - started) / 60_000, app.rssMb()]);
		}

		const refreshes = (await sim.stats()).requests - before;
		const peakMb = app.peakRssMb();
		const lastHalf = samples.filter(([minute]) => minute >= minutes / 2);
		const values = lastHalf.map(([, mb]) => mb);
		app.child.write('q');
		await app.exited;
		return {
			node: versionOf(node),
			sessions,
			minutes,
			peakMb,
			samples: samples.map(([minute, mb]) => [round(minute), round(mb)] as const),
			lastHalf: {
				minMb: Math.min(...values),
				maxMb: Math.max(...values),
				slopeMbPerMinute: slope(lastHalf),
			},
			refreshes,
		};
	} finally {
		app.child.kill();
		await sim.stop();
	}
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The version a Node binary reports of itself. */
export function versionOf(node: string): string {
	return execFileSync(node, ['--version'], {encoding: 'utf8'}).trim();
}

/**
 * A Node 22 to measure beside the Node running the bench: BENCH_NODE22 if set, else the pinned
 * release CI tests on, installed once from the npm registry into the system's temp folder.
 */
export function node22(): string {
	const given = process.env.BENCH_NODE22?.trim();
	if (given) {
		return given;
	}

	const prefix = join(tmpdir(), 'frame-tui-bench-node22');
	const binary = join(prefix, 'node_modules', '.bin', 'node');
	try {
		if (versionOf(binary).startsWith('v22.')) {
			return binary;
		}
	} catch {
		// Not installed yet.
	}

	execFileSync(
		'npm',
		[
			'install',
			'--prefix',
			prefix,
			'--no-save',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'node@22.23.3',
		],
		{stdio: 'ignore'},
	);
	return binary;
}
