import {createFrameClient, type FrameClient} from './api/client.js';
import {UsageError} from './errors.js';
import type {Connection} from './settings.js';

/** A client ready to use, what to call its endpoint on screen, and how to let go of it. */
export type Connected = {
	readonly client: FrameClient;
	/** The API host, or DEMO when talking to the built-in simulator. */
	readonly label: string;
	/** Who the requests come from, for the audit log: never the secret. */
	readonly identity: {
		readonly clientId: string;
		readonly apiHost: string;
		/** The configuration profile; `demo` for the simulator. */
		readonly profile: string | null;
	};
	readonly close: () => Promise<void>;
};

/**
 * The extra latency of a DELETE in demo mode from FRAME_TUI_DEMO_DELETE_MS, for tests and
 * recordings that need the demo quick; undefined leaves the demo's own 300 to 600 ms.
 */
function demoDeleteLatency(env: Readonly<Record<string, string | undefined>>) {
	const value = env.FRAME_TUI_DEMO_DELETE_MS?.trim();
	if (!value) {
		return undefined;
	}

	if (!/^\d{1,5}$/.test(value)) {
		throw new UsageError('FRAME_TUI_DEMO_DELETE_MS must be a number of milliseconds, such as 0');
	}

	return {deleteLatencyMs: Number(value), deleteJitterMs: 0};
}

/**
 * Opens the connection: a client for the real API, or one for a simulator started in-process.
 * `env` gives the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and the demo's knob.
 */
export async function connect(
	connection: Connection,
	notice: (text: string) => void,
	env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<Connected> {
	if (connection.kind === 'live') {
		const client = createFrameClient({
			baseUrl: connection.baseUrl,
			credentials: connection.credentials,
			caFile: connection.caFile,
			env,
		});
		const host = new URL(connection.baseUrl).host;
		return {
			client,
			label: host,
			identity: {clientId: connection.credentials.clientId, apiHost: host, profile: null},
			close: async () => client.close(),
		};
	}

	// The simulator loads only for demo mode.
	const [{startSimulator}, {demoSimulatorOptions}] = await Promise.all([
		import('./simulator/server.js'),
		import('./simulator/demo.js'),
	]);
	const sim = await startSimulator({...demoSimulatorOptions, ...demoDeleteLatency(env)});
	notice(
		connection.reason === 'flag'
			? 'demo mode (--demo): talking to the built-in Frame simulator'
			: 'demo mode: FRAME_CLIENT_ID and FRAME_CLIENT_SECRET are not set and no profile is chosen, so talking to the built-in Frame simulator',
	);
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		env,
	});
	return {
		client,
		label: 'DEMO',
		identity: {clientId: sim.clientId, apiHost: new URL(sim.url).host, profile: 'demo'},
		close: async () => {
			client.close();
			await sim.close();
		},
	};
}
