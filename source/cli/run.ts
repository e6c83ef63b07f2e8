import {describeError, exitCodes, type OnStop} from '../errors.js';
import {hideSecrets} from '../format/sanitize.js';
import {type Io, printLines, println} from '../output.js';
import {credentialSource} from '../settings.js';
import {parseArguments} from './arguments.js';
import {commandTable} from './commands.js';
import {type Connections, openConnections} from './connections.js';

/** What the CLI needs from the process, injected by cli.tsx. */
export type CliEnvironment = {
	readonly io: Io;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly importMeta: ImportMeta;
	/** The one way a command hears SIGINT, SIGTERM and SIGHUP. */
	readonly onStop: OnStop;
};

/** Runs frame-tui with these arguments and returns the exit code: parse, look up the command, run it. */
export async function runCli(
	argv: readonly string[],
	environment: CliEnvironment,
): Promise<number> {
	const {io, env, onStop} = environment;
	// Whatever is printed from here on, a usage error that echoes an argument included, shows
	// the secret as ***.
	hideSecrets([env.FRAME_CLIENT_SECRET]);
	let connections: Connections | undefined;
	try {
		const {command, flags, args, print, version} = parseArguments(argv, environment.importMeta);
		if (print !== undefined) {
			printLines(io.stdout, print.split('\n'));
			return exitCodes.ok;
		}

		try {
			return await commandTable[command].run({
				io,
				env,
				onStop,
				now: Date.now,
				version,
				flags,
				args,
				async connect() {
					connections ??= await openConnections(flags, env, (text) =>
						println(io.stderr, `frame-tui: ${text}`),
					);
					return connections;
				},
			});
		} finally {
			await connections?.close();
		}
	} catch (error) {
		// A 401's advice names where the credential came from, once it is known.
		const {line, code} = describeError(error, connections && credentialSource(connections.first));
		println(io.stderr, `frame-tui: ${line}`);
		return code;
	}
}
