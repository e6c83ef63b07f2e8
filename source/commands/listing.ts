/**
 * A listing in the format asked for (`-o table|wide|json|csv`, as kubectl's `-o`): the table
 * fitted to the terminal, the wide table of every field, one JSON document, or CSV of every
 * field. Tables and CSV to a terminal are escaped at the display boundary; CSV to a file or a
 * pipe, like JSON, keeps the text exactly.
 */
import {csvDocument} from '../format/csv.js';
import {redact, sanitize} from '../format/sanitize.js';
import {type Column, formatTable} from '../format/table.js';
import {type Io, printJson, printLines, println} from '../output.js';

/** The formats of `-o`. */
export const outputFormats = ['table', 'wide', 'json', 'csv'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** What a listing prints in each format. */
export type Listing<T> = {
	readonly rows: readonly T[];
	/** The table's columns, fitted to the terminal. */
	readonly columns: readonly Column<T>[];
	/** Every field, whole (ids, ISO times): the wide table's and CSV's columns. */
	readonly fields: readonly Column<T>[];
	/** The JSON document. */
	readonly json: () => unknown;
	/** What a table says when there are no rows. */
	readonly empty: string;
	/** A line after a table: "12 active sessions". */
	readonly footer?: string;
};

/** What a CSV-only listing leaves unused: it is never a table. */
export const noTable = {columns: [], json: () => undefined, empty: ''} as const;

/** Prints a listing as `format` says; `headers` false leaves out the header line of tables and CSV. */
export function printListing<T>(
	io: Io,
	format: OutputFormat,
	headers: boolean,
	listing: Listing<T>,
): void {
	const {stdout} = io;
	if (format === 'json') {
		printJson(stdout, listing.json());
		return;
	}

	if (format === 'csv') {
		// A file is not a screen: only a terminal gets each field escaped; secrets never go out.
		const field = stdout.isTTY ? (text: string) => sanitize(text) : redact;
		stdout.write(
			csvDocument(
				headers ? listing.fields.map((column) => column.header) : undefined,
				listing.rows.map((row) => listing.fields.map((column) => field(column.value(row)))),
			),
		);
		return;
	}

	if (listing.rows.length === 0) {
		println(stdout, listing.empty);
		return;
	}

	const wide = format === 'wide';
	const lines = formatTable(wide ? listing.fields : listing.columns, listing.rows);
	printLines(stdout, headers ? lines : lines.slice(1));
	if (listing.footer !== undefined) {
		println(stdout, listing.footer);
	}
}
