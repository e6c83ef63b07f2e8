import {type Io, println} from '../output.js';
import {startSimulator} from '../simulator/server.js';
import type {CommandContext} from './context.js';

/** Flags of `simulate`, which starts a simulator instead of a client. */
export type SimulateFlags = {
	readonly port: number;
	readonly accounts: number | undefined;
	/** Organizations the accounts are dealt to, in turn. */
	readonly organizations: number | undefined;
	readonly sessions: number | undefined;
	/** How far back sessions started, in hours. */
	readonly spreadHours: number | undefined;
	readonly latency: number | undefined;
	readonly rateLimit: number | undefined;
	readonly failRate: number | undefined;
	readonly seed: number | undefined;
	/** Seed names and ids that carry terminal controls, to see frame-tui defuse them. */
	readonly hostile: boolean;
};

/** `frame-tui simulate`: runs the simulator in the foreground until a signal stops it. */
export async function simulateCommand(
	flags: SimulateFlags,
	io: Io,
	onStop: CommandContext['onStop'],
): Promise<number> {
	// Listening from the start, so a signal during start-up stops it too; a second one while the
	// simulator closes ends the process at once.
	const asked = {stop: undefined as (() => void) | undefined, once: false};
	const stopped = new Promise<void>((resolve) => {
		asked.stop = resolve;
	});
	const release = onStop(() => {
		if (asked.once) {
			return 'exit';
		}

		asked.once = true;
		asked.stop?.();
		return undefined;
	});
	try {
		return await serve(flags, io, stopped);
	} finally {
		release();
	}
}

async function serve(flags: SimulateFlags, io: Io, stopped: Promise<void>): Promise<number> {
	const sim = await startSimulator({
		port: flags.port,
		accounts: flags.accounts,
		organizations: flags.organizations,
		sessions: flags.sessions,
		spreadHours: flags.spreadHours,
		latencyMs: flags.latency,
		rateLimit: flags.rateLimit,
		failRate: flags.failRate,
		seed: flags.seed,
		hostile: flags.hostile,
	});
	const accounts = sim.accounts().length;
	const sessions = sim.activeSessions(sim.accounts()[0]?.id ?? '').length;
	const organizations = sim.organizations().length;
	println(
		io.stdout,
		`Frame simulator on ${sim.url}: ${accounts} accounts${organizations > 1 ? ` in ${organizations} organizations` : ''}, ${sessions} sessions each.`,
	);
	println(io.stdout, 'Its throwaway credentials, for frame-tui in another shell:');
	println(io.stdout, `  export FRAME_API_URL=${sim.url}`);
	println(io.stdout, `  export FRAME_CLIENT_ID=${sim.clientId}`);
	println(io.stdout, `  export FRAME_CLIENT_SECRET=${sim.clientSecret}`);
	println(io.stdout, 'Ctrl-C stops it.');
	await stopped;
	await sim.close();
	println(io.stderr, 'Simulator stopped.');
	return 0;
}
