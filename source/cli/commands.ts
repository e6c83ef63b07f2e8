/**
 * The one command table: what each command takes (its flags, and how many arguments after its
 * name) and what it does. No command given is the app. `runCli` parses, looks up, runs.
 */
import type {AuditMode} from '../audit/events.js';
import {auditPath} from '../audit/log.js';
import {auditCommand} from '../commands/audit.js';
import {closeCommand} from '../commands/close.js';
import type {CommandContext} from '../commands/context.js';
import {accountsCommand, poolsCommand} from '../commands/list.js';
import type {OutputFormat} from '../commands/listing.js';
import {organizationsCommand} from '../commands/organizations.js';
import {profilesCommand} from '../commands/profiles.js';
import {sessionsCommand} from '../commands/sessions.js';
import {simulateCommand} from '../commands/simulate.js';
import {type OnStop, UsageError} from '../errors.js';
import {stopGrace} from '../ops/stopper.js';
import {type Io, printLines} from '../output.js';
import {summarizeProfile} from '../profiles/summary.js';
import {credentialSource} from '../settings.js';
import {completionScript, shells} from './completion.js';
import type {Connections} from './connections.js';
import type {FlagKey, Flags} from './flags.js';

/** What every command runs with: the process's streams, environment and signals, and its flags. */
export type Context = {
	readonly io: Io;
	readonly env: Readonly<Record<string, string | undefined>>;
	/** The one way a command hears SIGINT, SIGTERM and SIGHUP. */
	readonly onStop: OnStop;
	readonly now: () => number;
	/** frame-tui's version, for the audit log. */
	readonly version: string;
	/** Checked; a flag the command does not take is at its default. */
	readonly flags: Flags;
	/** The arguments after the command's name: `completion SHELL`, `close --retry RUN_ID`. */
	readonly args: readonly string[];
	/** Resolves the settings and opens the connection, once; closed after the command. */
	readonly connect: () => Promise<Connections>;
};

/** A command: what it takes and what it does. */
export type Command = {
	/** Its flags, besides --help and --version; any other is a usage error. */
	readonly flags: readonly FlagKey[];
	/** How many arguments it takes after its name; none unless it says. */
	readonly args?: (flags: Flags) => number;
	readonly run: (context: Context) => Promise<number>;
};

/** The flags of a listing's format (`-o`, as kubectl's). */
const listing = ['json', 'output', 'headers'] as const;
/** The flags that choose sessions by what they are (ops/session-query.ts). */
const selecting = ['olderThan', 'newerThan', 'startedBefore', 'user', 'state'] as const;
/** The flags that choose the credentials. */
const credentials = ['profile', 'demo'] as const;
/** The settings of a close, in the app as in `close`. */
const closing = ['concurrency', 'patience', 'readOnly', 'audit'] as const;

/** The format a listing prints in: `-o`, `--json` (as `-o json`), else a table. */
function outputOf(flags: Flags): OutputFormat {
	if (flags.json && flags.output !== undefined && flags.output !== 'json') {
		throw new UsageError(`--json is -o json: give --json or -o ${flags.output}, not both`);
	}

	return flags.json ? 'json' : (flags.output ?? 'table');
}

/** A headless command that talks to the API: its settings resolved, the connection open. */
function headless(command: (context: CommandContext) => Promise<number>, audit?: AuditMode) {
	return async (context: Context): Promise<number> => {
		const {flags, env} = context;
		const output = outputOf(flags);
		const connections = await context.connect();
		const {settings, connected, profile} = connections.first;
		const log = auditPath(env);
		return command({
			client: connected.client,
			io: context.io,
			flags: {
				...flags,
				json: output === 'json',
				output,
				// Every account at once names none: the profile's account is not the operator's --account.
				account: flags.allAccounts ? flags.account : settings.account,
				concurrency: settings.concurrency,
				patience: settings.patience,
				retryRun: context.args[0],
				// Why it is read-only, when it is: the flag, else the profile's `read_only`.
				readOnly: !settings.readOnly
					? undefined
					: flags.readOnly
						? '--read-only'
						: `profile ${profile?.name}`,
			},
			now: context.now,
			graceMs: stopGrace(env),
			...(audit
				? {audit: connections.auditor({mode: audit, version: context.version, path: log})}
				: {}),
			auditLog: log,
			sameRun: [
				...(profile ? ['--profile', profile.name] : []),
				...(flags.readOnly === false ? ['--no-read-only'] : []),
			],
			onStop: context.onStop,
		});
	};
}

/** The full-screen app, on a terminal only. */
async function app(context: Context): Promise<number> {
	const {io, env} = context;
	if (!(io.stdin.isTTY && io.stdout.isTTY)) {
		throw new UsageError(
			'the full-screen app needs a terminal on stdin and stdout; for scripts use frame-tui accounts, pools, sessions or close (see --help)',
		);
	}

	const connections = await context.connect();
	const {settings, connected, profile, config} = connections.first;
	// Ink and React load only for the app; headless commands never mount them.
	const {runApp} = await import('../ui/run-app.js');
	return runApp({
		client: connected.client,
		connection: connected.label,
		refreshSeconds: settings.refresh,
		readOnly: settings.readOnly,
		concurrency: settings.concurrency,
		patienceMs: settings.patience,
		graceMs: stopGrace(env),
		account: settings.account,
		profile: profile?.name,
		credentials: credentialSource(connections.first),
		profiles: (config?.profiles ?? []).map(summarizeProfile),
		openProfile: connections.open,
		io,
		env,
		audit: connections.auditor({mode: 'app', version: context.version, path: auditPath(env)}),
		onStop: context.onStop,
	});
}

/** `completion SHELL`: the script, from this table's flags. */
async function completion({io, args}: Context): Promise<number> {
	const [shell] = args;
	if (!(shells as readonly string[]).includes(shell ?? '')) {
		throw new UsageError(
			shell === undefined
				? 'completion needs a shell: frame-tui completion bash|zsh|fish'
				: `completion: unknown shell "${shell}"; one of bash, zsh, fish`,
		);
	}

	printLines(
		io.stdout,
		completionScript(shell as (typeof shells)[number], commandTable).split('\n'),
	);
	return 0;
}

/** Every command: `app` is frame-tui with no command. */
export const commandTable = {
	app: {flags: [...credentials, 'account', 'refresh', ...closing], run: app},
	organizations: {flags: [...credentials, ...listing], run: headless(organizationsCommand)},
	accounts: {flags: [...credentials, ...listing, 'org'], run: headless(accountsCommand)},
	pools: {flags: [...credentials, ...listing, 'account', 'kind'], run: headless(poolsCommand)},
	sessions: {
		flags: [
			...credentials,
			...listing,
			'account',
			'pool',
			'kind',
			'allAccounts',
			'org',
			...selecting,
		],
		run: headless(sessionsCommand),
	},
	close: {
		flags: [
			...credentials,
			...listing,
			'account',
			'session',
			'pool',
			'kind',
			'all',
			'allAccounts',
			'org',
			...selecting,
			'retry',
			'dryRun',
			'yes',
			...closing,
		],
		// `close --retry RUN_ID`: the run is the one argument a close takes.
		args: (flags) => (flags.retry ? 1 : 0),
		run: headless(closeCommand, 'cli'),
	},
	audit: {
		flags: [...listing, 'since', 'account', 'run', 'auditSessions', 'failed'],
		run: async ({flags, io, env, now}) =>
			auditCommand({...flags, output: outputOf(flags)}, io, auditPath(env), now()),
	},
	simulate: {
		flags: [
			'port',
			'accounts',
			'organizations',
			'sessions',
			'spreadHours',
			'latency',
			'rateLimit',
			'failRate',
			'seed',
			'hostile',
		],
		run: ({flags, io, onStop}) => simulateCommand(flags, io, onStop),
	},
	profiles: {
		flags: [...credentials, 'json', 'names'],
		run: ({flags, io, env}) => profilesCommand(flags, io, env),
	},
	completion: {flags: [], args: () => 1, run: completion},
} as const satisfies Record<string, Command>;

/** The commands frame-tui knows, as typed; no command opens the app. */
export type CommandName = Exclude<keyof typeof commandTable, 'app'>;

/** The commands as typed, in the help's order. */
export const commands = Object.keys(commandTable).filter(
	(name) => name !== 'app',
) as readonly CommandName[];
