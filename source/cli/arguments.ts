/** The command line: which command, then its own flags read with meow and checked. */
import meow from 'meow';
import {UsageError} from '../errors.js';
import {type CommandName, commands, commandTable} from './commands.js';
import {
	camelCase,
	checkedFlags,
	type FlagKey,
	type Flags,
	flagSpecs,
	meowSpec,
	shortFlag,
	typedName,
} from './flags.js';
import {helpText, withDescription} from './help.js';

/** A command's name in the table: `app` when none is given. */
type Entry = keyof typeof commandTable;

/** The command line, parsed and checked. */
export type ParsedArguments = {
	readonly command: Entry;
	readonly flags: Flags;
	/** The arguments after the command's name, as many as it takes. */
	readonly args: readonly string[];
	/** Set when --help or --version was asked for: the text to print instead of running. */
	readonly print: string | undefined;
	/** frame-tui's version, from its package.json. */
	readonly version: string;
};

/** The flags a command takes, --help and --version included. */
export function flagsOf(command: Entry): readonly FlagKey[] {
	return ['help', 'version', ...commandTable[command].flags];
}

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

const entries = Object.keys(commandTable) as Entry[];
const label = (command: Entry) => (command === 'app' ? 'the app' : command);

/** The commands that take a flag typed so (`sessions`, `-y`), and whether it takes a value there. */
function owners(name: string): {command: Entry; value: boolean}[] {
	return entries.flatMap((command) =>
		flagsOf(command)
			.filter((key) => (name.length === 1 ? shortFlag(key) === name : typedName(key) === name))
			.map((key) => ({command, value: flagSpecs[key].type !== 'boolean'})),
	);
}

/**
 * Rejects flags the command does not take, naming them without their values (a value may be a
 * secret) and the commands that do take them; `--no-` only before a yes/no flag; a flag that
 * takes a value, given none.
 */
function checkFlagNames(argv: readonly string[], command: Entry): void {
	for (const name of typedFlagNames(argv)) {
		const own = owners(name).find((owner) => owner.command === command);
		const negated = name.startsWith('no-')
			? owners(name.slice(3)).find((owner) => owner.command === command)
			: undefined;
		if (own || negated?.value === false) {
			continue;
		}

		const dash = name.length === 1 ? '-' : '--';
		if (negated) {
			throw new UsageError(`--${name}: only a yes/no flag takes --no-; see frame-tui --help`);
		}

		const others = [
			...new Set(owners(name.replace(/^no-/, '')).map((owner) => label(owner.command))),
		];
		throw new UsageError(
			others.length > 0
				? `${label(command)} takes no ${dash}${name} (a flag of ${others.join(', ')}): see frame-tui --help`
				: `unknown flag ${dash}${name}: see frame-tui --help`,
		);
	}

	const end = argv.indexOf('--');
	for (const [index, token] of (end === -1 ? argv : argv.slice(0, end)).entries()) {
		const [, name, value] = /^--([^=]+)(=(.*))?$/.exec(token) ?? [];
		if (
			name !== undefined &&
			owners(name).some((owner) => owner.command === command && owner.value)
		) {
			const given = value === undefined ? argv[index + 1] : value.slice(1);
			if (given === undefined || given === '' || given.startsWith('--')) {
				throw new UsageError(`--${name} needs a value`);
			}
		}
	}
}

/**
 * The command: the first argument that is neither a flag nor a flag's value. A flag takes a value
 * when it does in any command, as the command is not known yet.
 */
function commandOf(argv: readonly string[]): Entry {
	let found: string | undefined;
	for (let index = 0; index < argv.length && found === undefined; index++) {
		const token = argv[index] ?? '';
		if (token === '--') {
			found = argv[index + 1];
		} else if (!token.startsWith('-')) {
			found = token;
		} else if (token.startsWith('--') && !token.includes('=')) {
			index += owners(token.slice(2)).some((owner) => owner.value) ? 1 : 0;
		} else if (/^-[^-]$/.test(token)) {
			// A short flag that takes a value (-o csv) takes the next argument.
			index += owners(token.slice(1)).some((owner) => owner.value) ? 1 : 0;
		}
	}

	if (found === undefined) {
		return 'app';
	}

	if (!(commands as readonly string[]).includes(found)) {
		throw new UsageError(`unknown command "${found}": see frame-tui --help`);
	}

	return found as CommandName;
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

/** Parses the command line: the command, then its flags with meow; every problem is a one-line UsageError. */
export function parseArguments(given: readonly string[], importMeta: ImportMeta): ParsedArguments {
	const argv = stdinValues(given);
	if (typedFlagNames(argv).some((name) => /secret/i.test(name))) {
		throw new UsageError(
			'the client secret is read from FRAME_CLIENT_SECRET only, never from a flag',
		);
	}

	// A flag no command takes is named before anything else, as a typo is the likelier mistake.
	for (const name of typedFlagNames(argv)) {
		if (owners(name).length === 0 && owners(name.replace(/^no-/, '')).length === 0) {
			throw new UsageError(
				`unknown flag ${name.length === 1 ? '-' : '--'}${name}: see frame-tui --help`,
			);
		}
	}

	const command = commandOf(argv);
	const keys = flagsOf(command);
	checkFlagNames(argv, command);
	let cli: ReturnType<typeof meow>;
	try {
		cli = meow(helpText, {
			importMeta,
			argv: [...argv],
			flags: meowSpec(keys) as never,
			autoHelp: false,
			autoVersion: false,
			allowUnknownFlags: true,
			// package.json's one-line description is wider than a terminal: wrapped below.
			description: false,
		});
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		// meow names a flag as it keys it (--olderThan): named here as typed, in a line like the others.
		const line = (message ?? 'bad arguments')
			.replace(/^The flag/, 'flag')
			.replace(
				/--([a-z]+[A-Z][A-Za-z]*)/g,
				(_, name: string) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
			)
			.replace(/\.$/, '');
		throw new UsageError(line);
	}

	const [first, ...rest] = cli.input;
	const extra = command === 'app' ? cli.input : rest;
	if (command !== 'app' && first !== command) {
		throw new UsageError(`unknown command "${first}": see frame-tui --help`);
	}

	// The flags a profile can set count only when typed: meow makes an absent yes/no flag false.
	// A short form counts as its long name (-o as --output).
	const long = (name: string) => {
		const key = name.length === 1 ? keys.find((each) => shortFlag(each) === name) : undefined;
		return key === undefined ? name : typedName(key);
	};
	const typed = new Set(
		typedFlagNames(argv).map((name) => camelCase(long(name).replace(/^no-/, ''))),
	);
	const flags = checkedFlags(keys, cli.flags, typed);
	const taken = (commandTable[command] as {args?: (flags: Flags) => number}).args?.(flags) ?? 0;
	if (extra.length > taken) {
		throw new UsageError(`unexpected argument "${extra[taken]}": see frame-tui --help`);
	}

	return {
		command,
		flags,
		args: extra,
		print: flags.help
			? withDescription(cli.help, cli.pkg.description)
			: flags.version
				? (cli.pkg.version ?? 'unknown')
				: undefined,
		version: cli.pkg.version ?? 'unknown',
	};
}
