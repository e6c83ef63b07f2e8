/** Every flag frame-tui knows, once each: how meow reads it and how its value is checked. */
import {isSafeId} from '../api/client.js';
import {openStates} from '../api/types.js';
import {type OutputFormat, outputFormats} from '../commands/listing.js';
import {UsageError} from '../errors.js';
import {parseDuration, parsePatience, parseTypedTime} from '../format/time.js';
import {maxConcurrency} from '../ops/close-sessions.js';
import {isProfileName} from '../profiles/profile-fields.js';
import {accountReference} from './account-reference.js';

/** One flag: meow's part (type, default, short form), the name typed when it differs from its key, and its check. */
type FlagSpec = {
	readonly type: 'string' | 'number' | 'boolean';
	readonly isMultiple?: boolean;
	readonly shortFlag?: string;
	readonly default?: boolean | number;
	/** As typed, when it is not the key in kebab-case: audit's switch `--sessions`. */
	readonly typed?: string;
	/** Checks the value meow read, and gives what the command works with; throws a UsageError. */
	readonly check?: (value: never) => unknown;
};

function wholeNumber(name: string, min: number, max: number) {
	return (value: number | undefined) => {
		if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
			throw new UsageError(`--${name} takes a whole number from ${min} to ${max}`);
		}

		return value;
	};
}

/** A duration flag (`--older-than 2h`) in ms. */
function duration(name: string) {
	return (value: string | undefined) => {
		const ms = value === undefined ? undefined : parseDuration(value);
		if (value !== undefined && ms === undefined) {
			throw new UsageError(
				`--${name} takes a duration such as 30m, 12h or 7d, not ${JSON.stringify(value)}`,
			);
		}

		return ms;
	};
}

/** Ids go into URL paths, where "." and ".." would reach another endpoint. */
function ids(name: string) {
	return (values: readonly string[]) => {
		const bad = values.find((value) => !isSafeId(value));
		if (bad !== undefined) {
			throw new UsageError(
				bad === ''
					? `--${name} needs a value${name === 'session' ? ', and a comma list no empty id' : ''}`
					: `--${name} ${JSON.stringify(bad)} is not an id: an id is never "." or ".."`,
			);
		}

		return values;
	};
}

/** The flags, by key; a command lists the keys it takes (source/cli/commands.ts). */
export const flagSpecs = {
	// What every command takes.
	help: {type: 'boolean', shortFlag: 'h', default: false},
	version: {type: 'boolean', default: false},
	// The connection and its settings. No defaults for what a profile can set: the flag wins only when given.
	profile: {
		type: 'string',
		check: (value: string | undefined) => {
			if (value !== undefined && !isProfileName(value)) {
				throw new UsageError('--profile takes a profile name: letters, digits, ".", "_" or "-"');
			}

			return value;
		},
	},
	demo: {type: 'boolean', default: false},
	account: {
		type: 'string',
		check: (value: string | undefined) =>
			value === undefined ? undefined : ids('account')([accountReference(value)])[0],
	},
	org: {
		type: 'string',
		check: (value: string | undefined) => {
			if (value === '') {
				throw new UsageError('--org needs a value: an organization id or name');
			}

			return value;
		},
	},
	concurrency: {type: 'number', check: wholeNumber('concurrency', 1, maxConcurrency)},
	patience: {
		type: 'string',
		check: (value: string | undefined) => {
			const ms = value === undefined ? undefined : parsePatience(value);
			if (value !== undefined && ms === undefined) {
				throw new UsageError(
					`--patience takes a duration such as 90s, 5m or 0 (up to a day), not ${JSON.stringify(value)}`,
				);
			}

			return ms;
		},
	},
	refresh: {type: 'number', check: wholeNumber('refresh', 0, 86_400)},
	readOnly: {type: 'boolean'},
	audit: {type: 'boolean'},
	// Output and selection.
	json: {type: 'boolean', default: false},
	output: {
		type: 'string',
		shortFlag: 'o',
		check: (value: string | undefined) => {
			if (value !== undefined && !(outputFormats as readonly string[]).includes(value)) {
				throw new UsageError(
					`-o takes one of ${outputFormats.join(', ')}, not ${JSON.stringify(value)}`,
				);
			}

			return value as OutputFormat | undefined;
		},
	},
	headers: {type: 'boolean', default: true},
	pool: {
		type: 'string',
		isMultiple: true,
		check: (values: readonly string[] | undefined) => ids('pool')(values ?? []),
	},
	kind: {
		type: 'string',
		check: (value: string | undefined) => {
			if (value === '') {
				throw new UsageError('--kind needs a value');
			}

			return value;
		},
	},
	session: {
		type: 'string',
		isMultiple: true,
		// `--session a,b` is two ids, as kubectl and the AWS CLI read a comma list.
		check: (values: readonly string[] | undefined) =>
			ids('session')((values ?? []).flatMap((value) => value.split(',').map((id) => id.trim()))),
	},
	olderThan: {type: 'string', check: duration('older-than')},
	newerThan: {type: 'string', check: duration('newer-than')},
	startedBefore: {
		type: 'string',
		check: (value: string | undefined) => {
			const ms = value === undefined ? undefined : parseTypedTime(value);
			if (value !== undefined && ms === undefined) {
				throw new UsageError(
					`--started-before takes a time such as 2026-12-03T17:00 (local) or 2026-12-03T16:00Z, not ${JSON.stringify(value)}`,
				);
			}

			return ms;
		},
	},
	user: {
		type: 'string',
		isMultiple: true,
		check: (values: readonly string[] | undefined) => {
			if ((values ?? []).includes('')) {
				throw new UsageError('--user needs a value: a user, or a glob such as "ann*@acme.com"');
			}

			return values ?? [];
		},
	},
	state: {
		type: 'string',
		check: (value: string | undefined) => {
			if (value !== undefined && !openStates.includes(value.toLowerCase())) {
				throw new UsageError(
					`--state takes one of ${openStates.join(', ')}, not ${JSON.stringify(value)}`,
				);
			}

			return value?.toLowerCase();
		},
	},
	all: {type: 'boolean', default: false},
	allAccounts: {type: 'boolean', default: false},
	dryRun: {type: 'boolean', default: false},
	yes: {type: 'boolean', shortFlag: 'y', default: false},
	retry: {type: 'boolean', default: false},
	// The audit log.
	since: {
		type: 'string',
		check: (value: string | undefined) => {
			if (value !== undefined && parseDuration(value) === undefined) {
				throw new UsageError(
					`--since takes a duration such as 30m, 12h or 7d, not ${JSON.stringify(value)}`,
				);
			}

			return value;
		},
	},
	auditSessions: {type: 'boolean', default: false, typed: 'sessions'},
	run: {type: 'string'},
	failed: {type: 'boolean', default: false},
	// `profiles --names`, for completion scripts; not in the help.
	names: {type: 'boolean', default: false},
	// The simulator.
	port: {
		type: 'number',
		default: 0,
		check: (value: number) => wholeNumber('port', 0, 65_535)(value) ?? 0,
	},
	accounts: {type: 'number', check: wholeNumber('accounts', 1, 1000)},
	organizations: {type: 'number', check: wholeNumber('organizations', 1, 1000)},
	spreadHours: {type: 'number', check: wholeNumber('spread-hours', 1, 24 * 365)},
	sessions: {type: 'number', check: wholeNumber('sessions', 0, 1_000_000)},
	latency: {type: 'number', check: wholeNumber('latency', 0, 60_000)},
	rateLimit: {type: 'number', check: wholeNumber('rate-limit', 0, 1_000_000)},
	failRate: {
		type: 'number',
		check: (value: number | undefined) => {
			if (value !== undefined && !(value >= 0 && value <= 1)) {
				throw new UsageError('--fail-rate takes a share from 0 to 1, such as 0.2');
			}

			return value;
		},
	},
	seed: {type: 'number', check: wholeNumber('seed', 0, 2 ** 32 - 1)},
	hostile: {type: 'boolean', default: false},
} as const satisfies Record<string, FlagSpec>;

/** A flag's key in `flagSpecs`. */
export type FlagKey = keyof typeof flagSpecs;

type Spec<K extends FlagKey> = (typeof flagSpecs)[K];
type Read<S> = S extends {readonly check: (value: never) => infer V}
	? V
	: S extends {readonly type: 'boolean'; readonly default: boolean}
		? boolean
		: S extends {readonly type: 'boolean'}
			? boolean | undefined
			: S extends {readonly type: 'number'; readonly default: number}
				? number
				: S extends {readonly type: 'number'}
					? number | undefined
					: string | undefined;

/**
 * Every flag's value as a command reads it: checked, a flag the command does not take at its
 * default. A yes/no flag without a default (`--read-only`, `--audit`) is undefined unless given,
 * so the profile's or the file's value holds.
 */
export type Flags = {readonly [K in FlagKey]: Read<Spec<K>>};

/** The name of a flag as typed: `dry-run` for `dryRun`, `sessions` for audit's switch. */
export function typedName(key: FlagKey): string {
	const spec: FlagSpec = flagSpecs[key];
	return spec.typed ?? key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The spec meow is given for these flags, by their typed name in camelCase as meow keys them. */
export function meowSpec(keys: readonly FlagKey[]) {
	return Object.fromEntries(
		keys.map((key) => {
			const {check: _, typed: __, ...spec} = flagSpecs[key] as FlagSpec;
			return [camelCase(typedName(key)), spec];
		}),
	);
}

/** A flag's one-letter form, if it has one: `y` for `--yes`. */
export function shortFlag(key: FlagKey): string | undefined {
	const spec: FlagSpec = flagSpecs[key];
	return spec.shortFlag;
}

/** `dry-run` as meow keys it: `dryRun`. */
export const camelCase = (name: string) =>
	name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Checks what meow read for these flags; every flag not among them is at its default. */
export function checkedFlags(
	keys: readonly FlagKey[],
	read: Readonly<Record<string, unknown>>,
	given: ReadonlySet<string>,
): Flags {
	const flags: Record<string, unknown> = {};
	for (const key of Object.keys(flagSpecs) as FlagKey[]) {
		const spec: FlagSpec = flagSpecs[key];
		const name = camelCase(typedName(key));
		const taken = keys.includes(key);
		// meow makes an absent yes/no flag false; without a default it must stay undefined.
		const value =
			taken && (spec.default !== undefined || given.has(name)) ? read[name] : spec.default;
		flags[key] =
			spec.check && (taken || spec.isMultiple)
				? (spec.check as (v: unknown) => unknown)(value)
				: value;
	}

	return flags as Flags;
}
