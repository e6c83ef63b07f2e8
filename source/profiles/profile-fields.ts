import {dirname, resolve} from 'node:path';
import {isSafeId} from '../api/client.js';
import {checkApiUrl} from '../api-url.js';
import {maxKeep, maxMaxMb} from '../audit/log.js';
import {UsageError} from '../errors.js';
import {parsePatience} from '../format/time.js';
import {maxConcurrency} from '../ops/close-sessions.js';

/** Where a profile's secret comes from; the value itself only once the profile is used. */
export type SecretSource =
	| {readonly kind: 'inline'; readonly value: string}
	| {readonly kind: 'command'; readonly argv: readonly string[]};

/** One `[profiles.NAME]` table, checked. */
export type Profile = {
	readonly name: string;
	readonly clientId: string;
	readonly secret: SecretSource;
	/** Checked like FRAME_API_URL; the public API when not given. */
	readonly apiUrl: string | undefined;
	readonly account: string | undefined;
	readonly concurrency: number | undefined;
	readonly refresh: number | undefined;
	readonly readOnly: boolean | undefined;
	/** An absolute path: a relative one is taken from the config file's folder. */
	readonly caFile: string | undefined;
	readonly audit: boolean | undefined;
	/** How long a close waits for an unavailable API, in ms. */
	readonly patience: number | undefined;
};

/** The config file, checked. */
export type ConfigFile = {
	readonly path: string;
	readonly defaultProfile: string | undefined;
	readonly audit: boolean | undefined;
	/** How many old audit logs are kept when the log is moved aside (`audit_keep`). */
	readonly auditKeep: number | undefined;
	/** The size in MB at which a run moves the log aside (`audit_max_mb`). */
	readonly auditMaxMb: number | undefined;
	readonly profiles: readonly Profile[];
};

type Table = Readonly<Record<string, unknown>>;

const isTable = (value: unknown): value is Table =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Whether a profile name is plain: names reach the shell through completion, so no others. */
export function isProfileName(name: string): boolean {
	return /^[A-Za-z0-9][\w.-]{0,63}$/.test(name);
}

const topFields = new Set(['default_profile', 'audit', 'audit_keep', 'audit_max_mb', 'profiles']);
const profileFields = new Set([
	'client_id',
	'client_secret',
	'secret_command',
	'api_url',
	'account',
	'concurrency',
	'refresh',
	'read_only',
	'ca_file',
	'audit',
	'patience',
]);

/** Reads the fields of one table; each message names the file and the field, never a value. */
function fieldReader(path: string, where: string, table: Table) {
	const fail = (field: string, what: string): never => {
		throw new UsageError(`${path}: ${where}${field} must be ${what}`);
	};

	return {
		string(field: string): string | undefined {
			const value = table[field];
			if (value === undefined) {
				return undefined;
			}

			return typeof value === 'string' && value.trim() !== ''
				? value.trim()
				: fail(field, 'a non-empty string');
		},
		boolean(field: string): boolean | undefined {
			const value = table[field];
			return value === undefined || typeof value === 'boolean'
				? value
				: fail(field, 'true or false');
		},
		whole(field: string, min: number, max: number): number | undefined {
			const value = table[field];
			return value === undefined ||
				(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)
				? value
				: fail(field, `a whole number from ${min} to ${max}`);
		},
		patience(field: string): number | undefined {
			const value = table[field];
			if (value === undefined) {
				return undefined;
			}

			const ms = typeof value === 'string' ? parsePatience(value) : undefined;
			return ms ?? fail(field, 'a duration such as "2m", "90s" or "0" (up to a day)');
		},
		argv(field: string): readonly string[] | undefined {
			const value = table[field];
			if (value === undefined) {
				return undefined;
			}

			return Array.isArray(value) &&
				value.length > 0 &&
				value.every((part) => typeof part === 'string') &&
				value[0] !== ''
				? (value as string[])
				: fail(field, 'an array of strings, the program first, such as ["pass", "show", "frame"]');
		},
	};
}

/** Refuses a field frame-tui does not know (a typo would otherwise be ignored), naming only its key. */
function rejectUnknown(path: string, table: string, fields: Table, known: ReadonlySet<string>) {
	const unknown = Object.keys(fields).find((key) => !known.has(key));
	if (unknown !== undefined) {
		throw new UsageError(
			`${path}: ${table} has an unknown field ${JSON.stringify(unknown)}; known: ${[...known].join(', ')}`,
		);
	}
}

function checkProfile(path: string, name: string, table: Table): Profile {
	const where = `profiles.${name}.`;
	rejectUnknown(path, `[profiles.${name}]`, table, profileFields);
	const read = fieldReader(path, where, table);
	const clientId = read.string('client_id');
	const inline = read.string('client_secret');
	const argv = read.argv('secret_command');
	if (clientId === undefined) {
		throw new UsageError(`${path}: profile "${name}" is missing client_id`);
	}

	// It goes into a request header: a control character there fails every request, later and obscurely.
	if (!/^[\x21-\x7E]+$/.test(clientId)) {
		throw new UsageError(`${path}: ${where}client_id must be printable ASCII without spaces`);
	}

	if ((inline === undefined) === (argv === undefined)) {
		throw new UsageError(
			`${path}: profile "${name}" needs exactly one of client_secret or secret_command`,
		);
	}

	const apiUrl = read.string('api_url');
	const account = read.string('account');
	if (account !== undefined && !isSafeId(account)) {
		throw new UsageError(`${path}: ${where}account is not an id: an id is never "." or ".."`);
	}

	const caFile = read.string('ca_file');
	return {
		name,
		clientId,
		secret: argv ? {kind: 'command', argv} : {kind: 'inline', value: inline ?? ''},
		apiUrl:
			apiUrl === undefined
				? undefined
				: checkApiUrl(apiUrl, `api_url of profile "${name}" in ${path}`),
		account,
		concurrency: read.whole('concurrency', 1, maxConcurrency),
		refresh: read.whole('refresh', 0, 86_400),
		readOnly: read.boolean('read_only'),
		caFile: caFile === undefined ? undefined : resolve(dirname(path), caFile),
		audit: read.boolean('audit'),
		patience: read.patience('patience'),
	};
}

/** Checks a parsed config file: known fields of the right types, one secret per profile. */
export function checkConfig(path: string, document: Table): ConfigFile {
	rejectUnknown(path, 'the top level', document, topFields);
	const read = fieldReader(path, '', document);
	const tables = document.profiles ?? {};
	if (!isTable(tables)) {
		throw new UsageError(`${path}: profiles must be tables, such as [profiles.production]`);
	}

	const profiles = Object.entries(tables).map(([name, table]) => {
		if (!isProfileName(name)) {
			throw new UsageError(
				`${path}: profile name ${JSON.stringify(name)} must be letters, digits, ".", "_" or "-"`,
			);
		}

		if (!isTable(table)) {
			throw new UsageError(`${path}: profiles.${name} must be a table`);
		}

		return checkProfile(path, name, table);
	});
	const defaultProfile = read.string('default_profile');
	if (
		defaultProfile !== undefined &&
		!profiles.some((profile) => profile.name === defaultProfile)
	) {
		throw new UsageError(
			`${path}: default_profile ${JSON.stringify(defaultProfile)} is not a profile; known: ${profiles.map((profile) => profile.name).join(', ') || 'none'}`,
		);
	}

	return {
		path,
		defaultProfile,
		audit: read.boolean('audit'),
		auditKeep: read.whole('audit_keep', 0, maxKeep),
		auditMaxMb: read.whole('audit_max_mb', 1, maxMaxMb),
		profiles,
	};
}
