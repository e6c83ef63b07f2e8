import {createFrameClient, type FrameClient} from '../source/api/client.js';
import type {Session} from '../source/api/types.js';
import {closeSessions} from '../source/ops/close-sessions.js';
import type {SimulatorOptions} from '../source/simulator/server.js';
import {startRemoteSimulator} from './remote-simulator.js';

/** One timed close of every session of a fresh simulator. */
export type CloseRun = {
	readonly label: string;
	readonly sessions: number;
	readonly concurrency: number;
	readonly wallMs: number;
	readonly closesPerSecond: number;
	readonly failed: number;
	readonly rateLimited: number;
	readonly peakInFlight: number;
};

/** Starts a simulator with `sessions` sessions, runs `close` against it, and times it. */
async function timed(
	label: string,
	concurrency: number,
	simulator: SimulatorOptions & {readonly sessions: number},
	close: (client: FrameClient, accountId: string, sessions: readonly Session[]) => Promise<number>,
): Promise<CloseRun> {
	const sim = await startRemoteSimulator({accounts: 1, seed: 4, ...simulator});
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
	});
	try {
		const {accountId, sessions} = sim;
		const before = await sim.stats();
		const started = performance.now();
		const failed = await close(client, accountId, sessions);
		const wallMs = performance.now() - started;
		const stats = await sim.stats();
		const closed = await sim.closed();
		if (closed + failed !== sessions.length) {
			throw new Error(`${label}: ${closed} closed and ${failed} failed of ${sessions.length}`);
		}

		return {
			label,
			sessions: sessions.length,
			concurrency,
			wallMs,
			closesPerSecond: (sessions.length / wallMs) * 1000,
			failed,
			rateLimited: stats.rateLimited - before.rateLimited,
			peakInFlight: stats.peakInFlight,
		};
	} finally {
		client.close();
		await sim.stop();
	}
}

/** The blog post's algorithm: one DELETE at a time, waiting for each. */
export function baseline(
	simulator: SimulatorOptions & {readonly sessions: number},
): Promise<CloseRun> {
	return timed('one at a time (blog)', 1, simulator, async (client, accountId, sessions) => {
		let failed = 0;
		for (const session of sessions) {
			await client.closeSession(accountId, session.id).catch(() => {
				failed++;
			});
		}

		return failed;
	});
}

/** The bulk-close engine at a concurrency. */
export function engine(
	concurrency: number,
	simulator: SimulatorOptions & {readonly sessions: number},
): Promise<CloseRun> {
	return timed(
		`engine, concurrency ${concurrency}`,
		concurrency,
		simulator,
		async (client, accountId, sessions) => {
			const report = await closeSessions({client, accountId, sessions, concurrency});
			return report.summary.failed;
		},
	);
}
