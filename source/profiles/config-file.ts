import {readFile, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {parse, TomlError} from 'smol-toml';
import {UsageError} from '../errors.js';
import {type ConfigFile, checkConfig} from './profile-fields.js';

/** Where the config file is: `$FRAME_TUI_CONFIG`, else `${XDG_CONFIG_HOME:-~/.config}/frame-tui/config.toml`. */
export function configPath(env: Readonly<Record<string, string | undefined>>): {
	readonly path: string;
	/** Named by FRAME_TUI_CONFIG: then a missing file is an error, not "no profiles". */
	readonly explicit: boolean;
} {
	const named = env.FRAME_TUI_CONFIG?.trim();
	if (named) {
		return {path: named, explicit: true};
	}

	const base = env.XDG_CONFIG_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.config');
	return {path: join(base, 'frame-tui', 'config.toml'), explicit: false};
}

/** A path as a shell word, so the `chmod` hint can be pasted as it is. */
function shellWord(path: string): string {
	return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/**
 * Refuses a file that holds a client_secret and that group or others may open, as libpq does
 * for `.pgpass`: a secret in a file anyone on the machine can read is no secret.
 */
function checkPermissions(config: ConfigFile, mode: number): void {
	const holdsSecret = config.profiles.some((profile) => profile.secret.kind === 'inline');
	// POSIX modes only: Windows reports 0o666 for every writable file.
	if (holdsSecret && process.platform !== 'win32' && (mode & 0o077) !== 0) {
		throw new UsageError(
			`${config.path} holds a client_secret and is open to group or others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); fix it with: chmod 600 ${shellWord(config.path)}`,
		);
	}
}

/** The first line of a TOML error, without the excerpt of the file that follows (it may hold a secret). */
function tomlErrorLine(path: string, error: TomlError): string {
	const reason = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
	return `${path}:${error.line}: bad TOML: ${reason}`;
}

/**
 * Reads and checks the config file. A missing file at the default place means no profiles
 * (`undefined`); one named by FRAME_TUI_CONFIG must exist. Every problem is one UsageError line.
 */
export async function loadConfig(
	env: Readonly<Record<string, string | undefined>>,
): Promise<ConfigFile | undefined> {
	const {path, explicit} = configPath(env);
	let text: string;
	let mode: number;
	try {
		[text, mode] = await Promise.all([
			readFile(path, 'utf8'),
			stat(path).then((found) => found.mode),
		]);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && !explicit) {
			return undefined;
		}

		throw new UsageError(
			code === 'ENOENT'
				? `FRAME_TUI_CONFIG names ${path}, which does not exist`
				: `cannot read the config file ${path} (${code ?? 'error'})`,
		);
	}

	let document: Record<string, unknown>;
	try {
		document = parse(text);
	} catch (error) {
		throw error instanceof TomlError
			? new UsageError(tomlErrorLine(path, error))
			: new UsageError(`${path}: bad TOML`);
	}

	const config = checkConfig(path, document);
	checkPermissions(config, mode);
	return config;
}
