/**
 * `e`: the table as shown, or a close's results, written to a CSV file (`format/csv.ts`) in the
 * current folder. The file is the operator's alone (0600: it names users) and never replaces one
 * that exists; the text is exact, as the API sent it, secrets aside.
 */
import {closeSync, constants, openSync, unlinkSync, writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {csvDocument} from '../format/csv.js';
import {redact} from '../format/sanitize.js';
import type {Column} from '../format/table.js';

/** A name's part a file name can carry: letters and digits, the rest one dash, at most 40. */
function slug(name: string): string {
	return (
		name
			.normalize('NFKD')
			// Accents go, their letters stay: "Éclair" is "eclair".
			.replace(/\p{M}/gu, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.slice(0, 40)
			.replace(/^-+|-+$/g, '') || 'account'
	);
}

/** The local time as a file name says it: 20261203-170601. */
function stamp(now: Date): string {
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/**
 * Writes `rows` as CSV to `frame-tui-<what>-<name>-<time>.csv` in `folder` (`-2`, `-3`… when
 * taken) and returns the file's full path.
 */
export function exportCsv<T>(options: {
	readonly folder: string;
	readonly what: string;
	readonly name: string;
	readonly now: Date;
	readonly fields: readonly Column<T>[];
	readonly rows: readonly T[];
}): string {
	const text = csvDocument(
		options.fields.map((field) => field.header),
		options.rows.map((row) => options.fields.map((field) => redact(field.value(row)))),
	);
	const base = `frame-tui-${options.what}-${slug(options.name)}-${stamp(options.now)}`;
	for (let attempt = 1; ; attempt++) {
		const path = resolve(options.folder, `${base}${attempt === 1 ? '' : `-${attempt}`}.csv`);
		let fd: number;
		try {
			// O_EXCL: never another file, nor a link planted in its place.
			fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) {
				continue;
			}

			throw error;
		}

		try {
			// Whole, however large: a write that stops short is an error, not an export.
			writeFileSync(fd, text);
		} catch (error) {
			closeSync(fd);
			// No half file left behind to be taken for the export.
			unlinkSync(path);
			throw error;
		}

		closeSync(fd);
		return path;
	}
}
