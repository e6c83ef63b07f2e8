import {AuthenticationError, FrameApiError} from '../api/errors.js';
import {closeCommand} from '../commands/close.js';
import type {CommandContext, Io} from '../commands/context.js';
import {println} from '../commands/context.js';
import {accountsCommand, poolsCommand, sessionsCommand} from '../commands/list.js';
import {simulateCommand} from '../commands/simulate.js';
import {resolveConnection} from '../config.js';
import {connect} from '../connect.js';
import {exitCodes, UsageError} from '../errors.js';
import {parseArguments} from './arguments.js';

/** What the CLI needs from the process, injected by cli.tsx. */
export type CliEnvironment = {
	readonly io: Io;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly importMeta: ImportMeta;
	readonly onInterrupt: CommandContext['onInterrupt'];
	/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
	readonly stopRequested: () => Promise<unknown>;
};

const headless = {
	accounts: accountsCommand,
	pools: poolsCommand,
	sessions: sessionsCommand,
	close: closeCommand,
} as const;

/** The one line the CLI prints for an error, and its exit code; never a stack trace. */
export function describeError(error: unknown): {readonly line: string; readonly code: number} {
	if (error instanceof UsageError) {
		return {line: error.message, code: exitCodes.usage};
	}

	if (error instanceof AuthenticationError && error.clockSkewSeconds === undefined) {
		return {
			line: `${error.message}; check FRAME_CLIENT_ID and FRAME_CLIENT_SECRET (Frame console: Users → API)`,
			code: exitCodes.failed,
		};
	}

	if (error instanceof FrameApiError || error instanceof Error) {
		return {line: error.message.replace(/\s*\n\s*/g, ' '), code: exitCodes.failed};
	}

	return {line: String(error), code: exitCodes.failed};
}

/** Runs frame-tui with these arguments and returns the exit code. */
export async function runCli(
	argv: readonly string[],
	environment: CliEnvironment,
): Promise<number> {
	const {io, env} = environment;
	try {
		const {command, flags, print} = parseArguments(argv, environment.importMeta);
		if (print !== undefined || command === undefined) {
			println(io.stdout, print ?? parseArguments(['--help'], environment.importMeta).print);
			return exitCodes.ok;
		}

		if (command === 'simulate') {
			return await simulateCommand(flags, io, environment.stopRequested());
		}

		const connection = resolveConnection(env, {demo: flags.demo});
		const connected = await connect(connection, (text) => println(io.stderr, `frame-tui: ${text}`));
		try {
			return await headless[command]({
				client: connected.client,
				io,
				flags,
				now: Date.now,
				onInterrupt: environment.onInterrupt,
			});
		} finally {
			await connected.close();
		}
	} catch (error) {
		const {line, code} = describeError(error);
		println(io.stderr, `frame-tui: ${line}`);
		return code;
	}
}
