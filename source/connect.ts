import {createFrameClient, type FrameClient} from './api/client.js';
import type {Connection} from './config.js';

/** A client ready to use, what to call its endpoint on screen, and how to let go of it. */
export type Connected = {
	readonly client: FrameClient;
	/** The API host, or DEMO when talking to the built-in simulator. */
	readonly label: string;
	readonly close: () => Promise<void>;
};

/** Opens the connection: a client for the real API, or one for a simulator started in-process. */
export async function connect(
	connection: Connection,
	notice: (text: string) => void,
): Promise<Connected> {
	if (connection.kind === 'live') {
		const client = createFrameClient({
			baseUrl: connection.baseUrl,
			credentials: connection.credentials,
		});
		return {client, label: new URL(connection.baseUrl).host, close: async () => client.close()};
	}

	// The simulator loads only for demo mode.
	const [{startSimulator}, {demoSimulatorOptions}] = await Promise.all([
		import('./simulator/server.js'),
		import('./simulator/demo.js'),
	]);
	const sim = await startSimulator(demoSimulatorOptions);
	notice(
		connection.reason === 'flag'
			? 'demo mode (--demo): talking to the built-in Frame simulator'
			: 'demo mode: FRAME_CLIENT_ID and FRAME_CLIENT_SECRET are not set, so talking to the built-in Frame simulator',
	);
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
	});
	return {
		client,
		label: 'DEMO',
		close: async () => {
			client.close();
			await sim.close();
		},
	};
}
