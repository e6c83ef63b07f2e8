import {fork} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {Session} from '../source/api/types.js';
import type {SimulatorOptions, SimulatorStats} from '../source/simulator/server.js';

/** A simulator running in a child process, and the calls a benchmark makes on it. */
export type RemoteSimulator = {
	readonly url: string;
	readonly clientId: string;
	readonly clientSecret: string;
	readonly accountId: string;
	readonly sessions: readonly Session[];
	readonly stats: () => Promise<SimulatorStats>;
	/** How many of the first account's sessions are closed now. */
	readonly closed: () => Promise<number>;
	/** How many sessions of every account are closed now. */
	readonly closedEverywhere: () => Promise<number>;
	readonly stop: () => Promise<void>;
};

/** Forks the simulator process and starts a simulator in it. */
export async function startRemoteSimulator(options: SimulatorOptions): Promise<RemoteSimulator> {
	const child = fork(fileURLToPath(new URL('simulator-process.ts', import.meta.url)), {
		execArgv: ['--import', 'tsx'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	// One request at a time, so each answer belongs to the last question.
	let queue = Promise.resolve<unknown>(undefined);
	const ask = <T>(message: unknown) => {
		const answer = queue.then(
			() =>
				new Promise<T>((resolve) => {
					child.once('message', (reply) => resolve(reply as T));
					child.send(message as object);
				}),
		);
		queue = answer;
		return answer;
	};

	const started = await ask<
		Omit<RemoteSimulator, 'stats' | 'closed' | 'closedEverywhere' | 'stop'>
	>({
		type: 'start',
		options,
	});
	return {
		...started,
		stats: () => ask<SimulatorStats>({type: 'stats'}),
		closed: () => ask<number>({type: 'closed'}),
		closedEverywhere: () => ask<number>({type: 'closedEverywhere'}),
		stop: () =>
			new Promise((resolve) => {
				child.once('exit', () => resolve());
				child.send({type: 'stop'});
			}),
	};
}
