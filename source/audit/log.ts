/** The audit log's file: where it lives, opening it safely, appending, syncing, rotating. */
import {
	closeSync,
	constants,
	existsSync,
	fchmodSync,
	fstatSync,
	fsyncSync,
	mkdirSync,
	openSync,
	renameSync,
	rmSync,
	statSync,
	writeSync,
} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import {UsageError} from '../errors.js';
import {terminalSafeJson} from '../format/sanitize.js';

/** A run that finds the log this large moves it aside (`audit.jsonl.1`) and starts a new one. */
export const defaultMaxMb = 10;
export const defaultMaxBytes = defaultMaxMb * 1024 * 1024;

/** The largest size at which a log may be moved aside (`audit_max_mb`). */
export const maxMaxMb = 1024;

/** How many old logs are kept beside the current one, by default. */
export const defaultKeep = 3;

/** The most old logs that can be kept, and that `audit` looks for. */
export const maxKeep = 99;

/** Where the audit log goes: FRAME_TUI_AUDIT_LOG, else the XDG state folder. */
export function auditPath(env: Readonly<Record<string, string | undefined>>): string {
	const override = env.FRAME_TUI_AUDIT_LOG?.trim();
	if (override) {
		return override;
	}

	const state =
		env.XDG_STATE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'state');
	return join(state, 'frame-tui', 'audit.jsonl');
}

/** The `n`th old log: `.1` the one before the current, `.2` the one before that. */
export function rotatedPath(path: string, n: number): string {
	return `${path}.${n}`;
}

/** Every old log there is, oldest first (up to `maxKeep`), for reading the log back whole. */
export function rotatedPaths(path: string): string[] {
	const paths: string[] = [];
	for (let n = 1; n <= maxKeep && existsSync(rotatedPath(path, n)); n++) {
		paths.unshift(rotatedPath(path, n));
	}

	return paths;
}

/**
 * Before a run: a log at `maxBytes` or more becomes `.1`, `.1` becomes `.2`, and so on, the
 * oldest beyond `keep` dropped. Only ever between runs, so one run's records stay in one file
 * whatever its size.
 */
function rotate(path: string, maxBytes: number, keep: number): void {
	let size: number;
	try {
		const stat = statSync(path);
		size = stat.isFile() ? stat.size : 0;
	} catch {
		return;
	}

	if (size < maxBytes) {
		return;
	}

	if (keep === 0) {
		rmSync(path);
		return;
	}

	rmSync(rotatedPath(path, keep), {force: true});
	for (let n = keep - 1; n >= 1; n--) {
		if (existsSync(rotatedPath(path, n))) {
			renameSync(rotatedPath(path, n), rotatedPath(path, n + 1));
		}
	}

	renameSync(path, rotatedPath(path, 1));
}

/** The log cannot be written, so a close must not start: exit 2, naming the path and the way out. */
export class AuditUnavailableError extends UsageError {
	constructor(path: string, error: unknown) {
		const code = (error as NodeJS.ErrnoException | undefined)?.code;
		super(
			`cannot write the audit log ${path}${code ? ` (${code})` : ''}: nothing was closed; fix it, point FRAME_TUI_AUDIT_LOG elsewhere, or pass --no-audit`,
		);
		this.name = 'AuditUnavailableError';
	}
}

/** An open audit log. Appends are synchronous, so a record is in the file once `append` returns. */
export type AuditFile = {
	readonly path: string;
	/** Appends one record as one JSON line; after a write error it writes nothing more. */
	readonly append: (record: object) => void;
	/** Flushes the file to the disk. */
	readonly sync: () => void;
	readonly close: () => void;
	/** The first write error, as a line to show, if any. */
	readonly failure: () => string | undefined;
};

/** Only the owner reads the log or lists its folder. */
const fileMode = 0o600;
const folderMode = 0o700;

function openForAppend(path: string): {fd: number; size: number} {
	// Non-blocking, so a FIFO in its place fails (ENXIO) or is refused below rather than
	// blocking the close until something reads it; a regular file does not notice.
	const fd = openSync(
		path,
		constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0),
		fileMode,
	);
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) {
			throw Object.assign(new Error('not a regular file'), {code: 'ENOTFILE'});
		}

		// A file made under a loose umask, or by hand: tighten it if it is ours.
		if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) {
			fchmodSync(fd, fileMode);
		}

		return {fd, size: stat.size};
	} catch (error) {
		closeSync(fd);
		throw error;
	}
}

/** When the log is moved aside: at what size, and how many old logs are kept. */
export type Rotation = {readonly maxBytes?: number; readonly keep?: number};

/**
 * Opens the log for a run's appends, creating its folder (0700) and the file (0600), after
 * moving a log that has reached its size aside; throws `AuditUnavailableError` when that fails.
 */
export function openAuditFile(path: string, rotation: Rotation = {}): AuditFile {
	let handle: {fd: number};
	try {
		const folder = dirname(path);
		if (!existsSync(folder)) {
			mkdirSync(folder, {recursive: true, mode: folderMode});
		}

		rotate(path, rotation.maxBytes ?? defaultMaxBytes, rotation.keep ?? defaultKeep);
		handle = openForAppend(path);
	} catch (error) {
		throw new AuditUnavailableError(path, error);
	}

	let failure: string | undefined;
	// One write a line: with O_APPEND, lines of two processes never interleave.
	const write = (line: string) => writeSync(handle.fd, line);

	return {
		path,
		append(record) {
			if (failure !== undefined) {
				return;
			}

			try {
				write(`${terminalSafeJson(record)}\n`);
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code ?? String(error);
				failure = `the audit log ${path} could not be written (${code}); it lacks the records from then on`;
			}
		},
		sync() {
			try {
				fsyncSync(handle.fd);
			} catch {
				// A file system without fsync (some network ones) still has the lines.
			}
		},
		close() {
			try {
				closeSync(handle.fd);
			} catch {
				// Already closed: a second end.
			}
		},
		failure: () => failure,
	};
}
