import type {SimulatorOptions} from './server.js';

/**
 * The simulator demo mode runs: a few busy accounts, reads in some tens of milliseconds and
 * closes in 300 to 600 ms, as a cloud machine takes its time, so the bars of a close can be
 * watched for a few seconds.
 */
export const demoSimulatorOptions: SimulatorOptions = {
	seed: 2026,
	accounts: 4,
	sessions: 120,
	latencyMs: 40,
	jitterMs: 25,
	deleteLatencyMs: 410,
	deleteJitterMs: 125,
};
