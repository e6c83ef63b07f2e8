import type {SimulatorOptions} from './server.js';

/** The simulator demo mode runs: a few busy accounts, with enough latency to watch a close. */
export const demoSimulatorOptions: SimulatorOptions = {
	seed: 2026,
	accounts: 4,
	sessions: 120,
	latencyMs: 40,
	jitterMs: 25,
};
