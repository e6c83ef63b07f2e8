import type {TestContext} from 'node:test';
import {type ClientOptions, createFrameClient, type FrameClient} from '../../source/api/client.js';
import {
	type Simulator,
	type SimulatorOptions,
	startSimulator,
} from '../../source/simulator/server.js';

/** A simulator on a free loopback port and a client signed in to it, both closed after the test. */
export async function simulatorWithClient(
	t: TestContext,
	simulatorOptions: SimulatorOptions = {},
	clientOptions: Partial<ClientOptions> = {},
): Promise<{sim: Simulator; client: FrameClient; accountId: string}> {
	const sim = await startSimulator(simulatorOptions);
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		retry: {baseDelayMs: 1, maxDelayMs: 5},
		...clientOptions,
	});
	t.after(async () => {
		client.close();
		await sim.close();
	});
	const [first] = sim.accounts();
	if (!first) {
		throw new Error('the simulator seeded no account');
	}

	return {sim, client, accountId: first.id};
}

/** How many closes the simulator has been sent. */
export function deletes(sim: Pick<Simulator, 'stats'>): number {
	return sim.stats().byMethod.DELETE ?? 0;
}

/** The ids of an account's open sessions, in pools of a kind when one is given, as the simulator holds them. */
export function openSessionIds(sim: Simulator, accountId: string, kind?: string): string[] {
	const kindOf = new Map(sim.pools(accountId).map((pool) => [pool.external_id, pool.kind]));
	return sim
		.activeSessions(accountId)
		.filter((session) => kind === undefined || kindOf.get(session.pool_id ?? '') === kind)
		.map((session) => session.id);
}
