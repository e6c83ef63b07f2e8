import {sanitize} from './sanitize.js';
import {textWidth} from './width.js';

/** A column of a text table. */
export type Column<T> = {
	readonly header: string;
	readonly value: (row: T) => string;
	readonly align?: 'left' | 'right';
};

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
	return align === 'right' ? `${fill}${text}` : `${text}${fill}`;
}

/**
 * Rows as aligned text columns under upper-case headers, two spaces apart, no trailing spaces;
 * one string a line. Every cell is sanitized; linear in the rows, with no argument spreading, so
 * a million rows are fine.
 */
export function formatTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string[] {
	const headers = columns.map((column) => column.header.toUpperCase());
	const widths = headers.map(textWidth);
	const cells: string[][] = [];
	for (const row of rows) {
		const line = columns.map((column) => sanitize(column.value(row), {cell: true}));
		for (const [index, cell] of line.entries()) {
			widths[index] = Math.max(widths[index] ?? 0, textWidth(cell));
		}

		cells.push(line);
	}

	const format = (values: readonly string[]) =>
		values
			.map((value, index) => pad(value, widths[index] ?? 0, columns[index]?.align ?? 'left'))
			.join('  ')
			.trimEnd();
	const lines = [format(headers)];
	for (const line of cells) {
		lines.push(format(line));
	}

	return lines;
}
