import meow from 'meow';
import {isSafeId} from '../api/client.js';
import type {CommandFlags} from '../commands/context.js';
import type {SimulateFlags} from '../commands/simulate.js';
import {UsageError} from '../errors.js';
import {wrapWords} from '../format/text.js';
import {parseDuration, parsePatience} from '../format/time.js';
import {defaultConcurrency, maxConcurrency} from '../ops/close-sessions.js';
import {isProfileName} from '../profiles/profile-fields.js';
import {accountReference} from './account-reference.js';

/** The help text `frame-tui --help` prints. */
const helpText = `
	Usage
	  $ frame-tui [--profile NAME] [--account ID] [--refresh SECONDS]
	              [--read-only] [--concurrency N]
	                       the full-screen app (demo mode without credentials)
	  $ frame-tui accounts
	  $ frame-tui pools    --account ID [--kind KIND]
	  $ frame-tui sessions --account ID [--pool ID ...] [--kind KIND]
	                       active sessions, newest first
	  $ frame-tui close    --account ID
	                       (--session ID ... | --pool ID ... | --kind KIND
	                        | --all | --retry [RUN_ID])
	                       [--dry-run] [--yes] [--concurrency N]
	                       [--patience DURATION]
	  $ frame-tui audit    [--since DURATION] [--account ID] [--run ID]
	                       [--sessions] [--failed] [--json]
	                       the audit log of closes, oldest first
	  $ frame-tui simulate [--port N] [--accounts N] [--sessions N] [--latency MS]
	                       [--rate-limit N] [--fail-rate R] [--seed N] [--hostile]
	  $ frame-tui profiles [--json]
	                       the config file's profiles, and which is active
	  $ frame-tui completion bash|zsh|fish
	                       a shell completion script

	Options
	  --profile NAME     use this profile of the config file
	  --account ID       account id, its exact name, or its Frame console URL
	                     (https://…/account/<id>/…);
	                     default: the profile's account
	  --pool ID          pool external id or name; repeatable
	  --kind KIND        pool kind: production, test, sandbox, …
	  --session ID       session id; repeatable, or a,b,c; - reads ids from
	                     stdin, one a line
	  --all              every active session of the account
	  --retry [RUN_ID]   close what a close left open (failed, unknown, not
	                     attempted); default: the account's last close in the
	                     audit log; an id prefix is enough
	  --dry-run          show what would be closed, close nothing
	  --yes, -y          close without asking
	                     (needed when stdin is not a terminal)
	  --concurrency N    closes in flight at once, 1 to ${maxConcurrency}
	                     (default: the profile's, else ${defaultConcurrency})
	  --patience DURATION
	                     how long a close waits for an unavailable API
	                     before it stops: 90s, 5m, 0 (default: the
	                     profile's, else 2m)
	  --refresh SECONDS  the app reloads sessions and retries failed loads this
	                     often (default: the profile's, else 10; 0 never)
	  --read-only        show everything and close nothing: the app offers no
	                     close, close refuses (--no-read-only overrides a
	                     profile)
	  --json             one JSON document on stdout
	  --no-audit         close without writing the audit log
	  --since DURATION   audit: runs of the last 30m, 12h, 7d, …
	  --sessions         audit: every session's result too
	  --run ID           audit: only that close (a prefix of its id is enough)
	  --failed           audit: only the sessions not closed, and their closes
	  --demo             use the built-in simulator even when credentials are set
	  --help, -h, --version

	Environment
	  FRAME_CLIENT_ID, FRAME_CLIENT_SECRET
	                       API credentials (Frame console: Users → API)
	  FRAME_API_URL        default https://api.console.nutanix.com/v1
	  FRAME_TUI_AUDIT_LOG  the audit log; default
	                       \${XDG_STATE_HOME:-~/.local/state}/frame-tui/audit.jsonl
	  FRAME_PROFILE        the profile to use when --profile is not given
	  FRAME_TUI_CONFIG     the config file; default
	                       \${XDG_CONFIG_HOME:-~/.config}/frame-tui/config.toml
	  Credentials: --profile, else FRAME_CLIENT_ID and FRAME_CLIENT_SECRET, else
	  FRAME_PROFILE, else the file's default_profile, else demo mode.

	Exit codes
	  0 all done
	  1 a session failed, ended unknown or was not attempted, or an API error
	  2 usage or configuration error (an id that is not active, a kind or
	    pool that matches none, read-only), or the app without a terminal
	  130 SIGINT (Ctrl-C)   143 SIGTERM   129 SIGHUP:
	      stopped, every result printed first
`;

const flagSpec = {
	json: {type: 'boolean', default: false},
	account: {type: 'string'},
	pool: {type: 'string', isMultiple: true},
	kind: {type: 'string'},
	session: {type: 'string', isMultiple: true},
	all: {type: 'boolean', default: false},
	dryRun: {type: 'boolean', default: false},
	yes: {type: 'boolean', shortFlag: 'y', default: false},
	// No defaults for what a profile can set: the flag wins only when it is given.
	concurrency: {type: 'number'},
	patience: {type: 'string'},
	retry: {type: 'boolean', default: false},
	demo: {type: 'boolean', default: false},
	audit: {type: 'boolean'},
	since: {type: 'string'},
	run: {type: 'string'},
	failed: {type: 'boolean', default: false},
	refresh: {type: 'number'},
	readOnly: {type: 'boolean'},
	profile: {type: 'string'},
	// `profiles --names`, for completion scripts; not in the help.
	names: {type: 'boolean', default: false},
	port: {type: 'number', default: 0},
	accounts: {type: 'number'},
	sessions: {type: 'number'},
	latency: {type: 'number'},
	rateLimit: {type: 'number'},
	failRate: {type: 'number'},
	seed: {type: 'number'},
	hostile: {type: 'boolean', default: false},
	help: {type: 'boolean', shortFlag: 'h', default: false},
	version: {type: 'boolean', default: false},
} as const;

/** The commands frame-tui knows; no command opens the app. */
export const commands = [
	'accounts',
	'pools',
	'sessions',
	'close',
	'audit',
	'simulate',
	'profiles',
	'completion',
] as const;
export type CommandName = (typeof commands)[number];

/** The shells `frame-tui completion` writes a script for. */
export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/**
 * A flag as completion offers it: its long name as typed (`dry-run`), whether it takes a value,
 * its short form; a yes/no flag also takes `--no-` (as `checkFlagNames` and meow accept).
 */
export type FlagName = {
	readonly name: string;
	readonly value: boolean;
	readonly negatable: boolean;
	readonly short?: string;
};

/** The flags, for completion, from the spec the parser uses; the hidden `--names` left out. */
export const flagNames: readonly FlagName[] = Object.entries(flagSpec)
	.filter(([key]) => key !== 'names')
	.map(([key, spec]) => ({
		name: key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`),
		value: spec.type !== 'boolean',
		negatable: spec.type === 'boolean',
		...('shortFlag' in spec ? {short: spec.shortFlag} : {}),
	}));

/** The command line, parsed and checked. */
export type ParsedArguments = {
	readonly command: CommandName | undefined;
	readonly flags: Omit<CommandFlags, 'concurrency' | 'patience' | 'readOnly'> &
		SimulateFlags & {
			readonly demo: boolean;
			/** Undefined when not given, so a profile's value holds. */
			readonly concurrency: number | undefined;
			/** In ms; undefined when not given, so a profile's value holds. */
			readonly patience: number | undefined;
			readonly refresh: number | undefined;
			readonly readOnly: boolean | undefined;
			/** False with --no-audit; undefined when not given, so the config file's `audit` holds. */
			readonly audit: boolean | undefined;
			readonly profile: string | undefined;
			readonly names: boolean;
		};
	/** The shell of `completion`. */
	readonly shell: Shell | undefined;
	/** Set when --help or --version was asked for: the text to print instead of running. */
	readonly print: string | undefined;
	/** frame-tui's version, from its package.json. */
	readonly version: string;
};

const camelCase = (name: string) =>
	name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Flag names as typed, before any `=value`, from the arguments before `--`. */
function typedFlagNames(argv: readonly string[]): string[] {
	const end = argv.indexOf('--');
	return (end === -1 ? argv : argv.slice(0, end))
		.filter((token) => /^--?[^-\d]/.test(token))
		.flatMap((token) =>
			token.startsWith('--')
				? [token.slice(2).split('=')[0] ?? '']
				: [...(token.slice(1).split('=')[0] ?? '')],
		);
}

/** The spec of a long flag as typed ("dry-run"), if frame-tui has one. */
function specOf(name: string): (typeof flagSpec)[keyof typeof flagSpec] | undefined {
	const key = camelCase(name);
	return Object.hasOwn(flagSpec, key) ? flagSpec[key as keyof typeof flagSpec] : undefined;
}

/**
 * Rejects flags frame-tui does not know, naming them without their values (a value may be a
 * secret); `--no-` only before a yes/no flag; a flag that takes a value, given none.
 */
function checkFlagNames(argv: readonly string[]): void {
	const shortFlags = new Set<string>(
		Object.values(flagSpec).flatMap((spec) => ('shortFlag' in spec ? [spec.shortFlag] : [])),
	);
	for (const name of typedFlagNames(argv)) {
		if (/secret/i.test(name)) {
			throw new UsageError(
				'the client secret is read from FRAME_CLIENT_SECRET only, never from a flag',
			);
		}

		const negated = name.startsWith('no-') ? specOf(name.slice(3)) : undefined;
		const known =
			name.length === 1
				? shortFlags.has(name)
				: specOf(name) !== undefined || negated?.type === 'boolean';
		if (!known) {
			throw new UsageError(
				negated
					? `--${name}: only a yes/no flag takes --no-; see frame-tui --help`
					: `unknown flag ${name.length === 1 ? '-' : '--'}${name}: see frame-tui --help`,
			);
		}
	}

	const end = argv.indexOf('--');
	for (const [index, token] of (end === -1 ? argv : argv.slice(0, end)).entries()) {
		const [, name, value] = /^--([^=]+)(=(.*))?$/.exec(token) ?? [];
		const spec = name === undefined ? undefined : specOf(name);
		if (spec && spec.type !== 'boolean') {
			const given = value === undefined ? argv[index + 1] : value.slice(1);
			if (given === undefined || given === '' || given.startsWith('--')) {
				throw new UsageError(`--${name} needs a value`);
			}
		}
	}
}

function wholeNumber(name: string, value: number | undefined, min: number, max: number): void {
	if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
		throw new UsageError(`--${name} takes a whole number from ${min} to ${max}`);
	}
}

/** The first argument that is neither a flag nor a flag's value: the command, if any. */
function firstPositional(argv: readonly string[]): string | undefined {
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index] ?? '';
		if (token === '--') {
			return argv[index + 1];
		}

		if (!token.startsWith('-')) {
			return token;
		}

		const spec =
			token.startsWith('--') && !token.includes('=') ? specOf(token.slice(2)) : undefined;
		index += spec !== undefined && spec.type !== 'boolean' ? 1 : 0;
	}

	return undefined;
}

/** `audit --sessions` is a switch, while `simulate --sessions N` takes a number: take it out first. */
function auditSwitches(argv: readonly string[]): {argv: readonly string[]; sessions: boolean} {
	if (firstPositional(argv) !== 'audit') {
		return {argv, sessions: false};
	}

	const end = argv.indexOf('--');
	const kept = argv.filter((token, index) => token !== '--sessions' || (end !== -1 && index > end));
	return {argv: kept, sessions: kept.length < argv.length};
}

/** The shell `completion` was given; a missing or unknown one is a usage error unless --help. */
function completionShell(given: string | undefined, help: boolean): Shell | undefined {
	if ((shells as readonly string[]).includes(given ?? '')) {
		return given as Shell;
	}

	if (help && given === undefined) {
		return undefined;
	}

	throw new UsageError(
		given === undefined
			? 'completion needs a shell: frame-tui completion bash|zsh|fish'
			: `completion: unknown shell "${given}"; one of bash, zsh, fish`,
	);
}

/**
 * The yes/no flags a profile can set, as given: meow makes an absent one false, but absent, the
 * profile's `read_only` or the file's `audit` must hold.
 */
function givenOnly(
	argv: readonly string[],
	flags: {readonly readOnly: boolean | undefined; readonly audit: boolean | undefined},
) {
	const typed = new Set(typedFlagNames(argv).map((name) => camelCase(name.replace(/^no-/, ''))));
	return {
		readOnly: typed.has('readOnly') ? flags.readOnly : undefined,
		audit: typed.has('audit') ? flags.audit : undefined,
	};
}

/** The help after the package's description, wrapped to fit 80 columns with the help's indent. */
function withDescription(help: string, description: string | undefined): string {
	const lines = description ? wrapWords(description, 76, Number.POSITIVE_INFINITY) : [];
	return `${lines.map((line) => `\n  ${line}`).join('')}\n${help}`;
}

/** `--session -` (ids from stdin) as `--session=-`: the parser would take a lone "-" for an argument. */
function stdinValues(argv: readonly string[]): readonly string[] {
	const joined: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index] ?? '';
		if (token === '--session' && argv[index + 1] === '-') {
			joined.push('--session=-');
			index++;
		} else {
			joined.push(token);
		}
	}

	return joined;
}

/** Parses the command line with meow; every problem is a one-line UsageError. */
export function parseArguments(given: readonly string[], importMeta: ImportMeta): ParsedArguments {
	const {argv, sessions: auditSessions} = auditSwitches(stdinValues(given));
	checkFlagNames(argv);
	let cli: ReturnType<typeof meow<typeof flagSpec>>;
	try {
		cli = meow(helpText, {
			importMeta,
			argv: [...argv],
			flags: flagSpec,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			// package.json's one-line description is wider than a terminal: wrapped below.
			description: false,
		});
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new UsageError(message?.replace(/^The flag/, 'flag') ?? 'bad arguments');
	}

	const {flags, input} = cli;
	const [command, ...extra] = input;
	if (command !== undefined && !(commands as readonly string[]).includes(command)) {
		throw new UsageError(`unknown command "${command}": see frame-tui --help`);
	}

	const shell = command === 'completion' ? completionShell(extra.shift(), flags.help) : undefined;
	// `close --retry RUN_ID`: the run is the one positional a close takes.
	const retryRun = command === 'close' && flags.retry ? extra.shift() : undefined;
	if (extra.length > 0) {
		throw new UsageError(`unexpected argument "${extra[0]}": see frame-tui --help`);
	}

	if (flags.profile !== undefined && !isProfileName(flags.profile)) {
		throw new UsageError('--profile takes a profile name: letters, digits, ".", "_" or "-"');
	}

	wholeNumber('concurrency', flags.concurrency, 1, maxConcurrency);
	wholeNumber('port', flags.port, 0, 65_535);
	wholeNumber('accounts', flags.accounts, 1, 1000);
	wholeNumber('sessions', flags.sessions, 0, 1_000_000);
	wholeNumber('latency', flags.latency, 0, 60_000);
	wholeNumber('rate-limit', flags.rateLimit, 0, 1_000_000);
	wholeNumber('seed', flags.seed, 0, 2 ** 32 - 1);
	wholeNumber('refresh', flags.refresh, 0, 86_400);
	if (flags.failRate !== undefined && !(flags.failRate >= 0 && flags.failRate <= 1)) {
		throw new UsageError('--fail-rate takes a share from 0 to 1, such as 0.2');
	}

	const patience = flags.patience === undefined ? undefined : parsePatience(flags.patience);
	if (flags.patience !== undefined && patience === undefined) {
		throw new UsageError(
			`--patience takes a duration such as 90s, 5m or 0 (up to a day), not ${JSON.stringify(flags.patience)}`,
		);
	}

	if (flags.since !== undefined && parseDuration(flags.since) === undefined) {
		throw new UsageError(
			`--since takes a duration such as 30m, 12h or 7d, not ${JSON.stringify(flags.since)}`,
		);
	}

	if (flags.kind === '') {
		throw new UsageError('--kind needs a value');
	}

	const account = flags.account === undefined ? undefined : accountReference(flags.account);
	// `--session a,b` is two ids, as kubectl and the AWS CLI read a comma list.
	const sessions = (flags.session ?? []).flatMap((value) =>
		value.split(',').map((id) => id.trim()),
	);
	// Ids go into URL paths, where "." and ".." would reach another endpoint.
	const ids = [
		['account', account === undefined ? [] : [account]],
		['pool', flags.pool ?? []],
		['session', sessions],
	] as const;
	for (const [name, values] of ids) {
		const bad = values.find((value) => !isSafeId(value));
		if (bad !== undefined) {
			throw new UsageError(
				bad === ''
					? `--${name} needs a value${name === 'session' ? ', and a comma list no empty id' : ''}`
					: `--${name} ${JSON.stringify(bad)} is not an id: an id is never "." or ".."`,
			);
		}
	}

	return {
		command: command as CommandName | undefined,
		flags: {
			...flags,
			account,
			...givenOnly(given, flags),
			pool: flags.pool ?? [],
			session: sessions,
			patience,
			retryRun,
			auditSessions,
		},
		shell,
		print: flags.help
			? withDescription(cli.help, cli.pkg.description)
			: flags.version
				? (cli.pkg.version ?? 'unknown')
				: undefined,
		version: cli.pkg.version ?? 'unknown',
	};
}
