import type {AuditMode} from '../audit/events.js';
import {auditPath} from '../audit/log.js';
import {auditCommand} from '../commands/audit.js';
import {closeCommand} from '../commands/close.js';
import {accountsCommand, poolsCommand, sessionsCommand} from '../commands/list.js';
import {profilesCommand} from '../commands/profiles.js';
import {simulateCommand} from '../commands/simulate.js';
import {
	type CredentialSource,
	describeError,
	exitCodes,
	type OnStop,
	UsageError,
} from '../errors.js';
import {hideSecrets} from '../format/sanitize.js';
import {stopGrace} from '../ops/stopper.js';
import {type Io, printLines, println} from '../output.js';
import {summarizeProfile} from '../profiles/summary.js';
import {credentialSource} from '../settings.js';
import {parseArguments} from './arguments.js';
import {completionScript} from './completion.js';
import {openConnections} from './connections.js';

/** What the CLI needs from the process, injected by cli.tsx. */
export type CliEnvironment = {
	readonly io: Io;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly importMeta: ImportMeta;
	/** The one way a command hears SIGINT, SIGTERM and SIGHUP. */
	readonly onStop: OnStop;
};

const headless = {
	accounts: accountsCommand,
	pools: poolsCommand,
	sessions: sessionsCommand,
	close: closeCommand,
} as const;

/** Runs frame-tui with these arguments and returns the exit code. */
export async function runCli(
	argv: readonly string[],
	environment: CliEnvironment,
): Promise<number> {
	const {io, env} = environment;
	// Whatever is printed from here on, a usage error that echoes an argument included, shows
	// the secret as ***.
	hideSecrets([env.FRAME_CLIENT_SECRET]);
	let credentials: CredentialSource | undefined;
	try {
		const {command, flags, shell, print, version} = parseArguments(argv, environment.importMeta);
		if (print !== undefined) {
			printLines(io.stdout, print.split('\n'));
			return exitCodes.ok;
		}

		if (command === 'simulate') {
			return await simulateCommand(flags, io, environment.onStop);
		}

		if (command === 'audit') {
			return auditCommand(flags, io, auditPath(env), Date.now());
		}

		if (command === 'completion') {
			// parseArguments gives a shell to every completion that does not ask for --help.
			printLines(io.stdout, completionScript(shell ?? 'bash').split('\n'));
			return exitCodes.ok;
		}

		if (command === 'profiles') {
			return await profilesCommand(flags, io, env);
		}

		if (command === undefined && !(io.stdin.isTTY && io.stdout.isTTY)) {
			throw new UsageError(
				'the full-screen app needs a terminal on stdin and stdout; for scripts use frame-tui accounts, pools, sessions or close (see --help)',
			);
		}

		const connections = await openConnections(flags, env, (text) =>
			println(io.stderr, `frame-tui: ${text}`),
		);
		const {settings, connected, profile, config} = connections.first;
		credentials = credentialSource(connections.first);
		const audit = (mode: AuditMode) => connections.auditor({mode, version, path: auditPath(env)});
		try {
			if (command === undefined) {
				// Ink and React load only for the app; headless commands never mount them.
				const {runApp} = await import('../ui/run-app.js');

				return await runApp({
					client: connected.client,
					connection: connected.label,
					refreshSeconds: settings.refresh,
					readOnly: settings.readOnly,
					concurrency: settings.concurrency,
					patienceMs: settings.patience,
					graceMs: stopGrace(env),
					account: settings.account,
					profile: profile?.name,
					credentials,
					profiles: (config?.profiles ?? []).map(summarizeProfile),
					openProfile: connections.open,
					io,
					env,
					audit: audit('app'),
					onStop: environment.onStop,
				});
			}

			return await headless[command]({
				client: connected.client,
				io,
				flags: {
					...flags,
					account: settings.account,
					concurrency: settings.concurrency,
					patience: settings.patience,
					// Why it is read-only, when it is: the flag, else the profile's `read_only`.
					readOnly: !settings.readOnly
						? undefined
						: flags.readOnly
							? '--read-only'
							: `profile ${profile?.name}`,
				},
				now: Date.now,
				graceMs: stopGrace(env),
				...(command === 'close' ? {audit: audit('cli')} : {}),
				auditLog: auditPath(env),
				sameRun: [
					...(profile ? ['--profile', profile.name] : []),
					...(flags.readOnly === false ? ['--no-read-only'] : []),
				],
				onStop: environment.onStop,
			});
		} finally {
			await connections.close();
		}
	} catch (error) {
		const {line, code} = describeError(error, credentials);
		println(io.stderr, `frame-tui: ${line}`);
		return code;
	}
}
