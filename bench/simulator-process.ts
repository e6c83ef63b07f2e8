/**
 * The simulator in a process of its own, driven over IPC, so a benchmark's client does not
 * share an event loop (or a core) with the server it measures, as it would not with Frame.
 */
import {type SimulatorOptions, startSimulator} from '../source/simulator/server.js';

type Request =
	| {readonly type: 'start'; readonly options: SimulatorOptions}
	| {readonly type: 'stats'}
	| {readonly type: 'closed'}
	| {readonly type: 'closedEverywhere'}
	| {readonly type: 'stop'};

let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;

process.on('message', async (request: Request) => {
	switch (request.type) {
		case 'start': {
			sim = await startSimulator(request.options);
			const account = sim.accounts()[0];
			process.send?.({
				url: sim.url,
				clientId: sim.clientId,
				clientSecret: sim.clientSecret,
				accountId: account?.id,
				sessions: sim
					.activeSessions(account?.id ?? '')
					.map((session) => ({id: session.id, pool_id: session.pool_id})),
			});
			break;
		}

		case 'stats':
			process.send?.(sim?.stats());
			break;
		case 'closed': {
			const accountId = sim?.accounts()[0]?.id ?? '';
			process.send?.(
				sim?.sessions(accountId).filter((session) => session.state === 'closed').length,
			);
			break;
		}

		case 'closedEverywhere':
			process.send?.(
				(sim?.accounts() ?? []).reduce(
					(sum, account) =>
						sum +
						(sim?.sessions(account.id).filter((session) => session.state === 'closed').length ?? 0),
					0,
				),
			);
			break;
		case 'stop':
			await sim?.close();
			process.exit(0);
	}
});
