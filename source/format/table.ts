import {sanitize} from './sanitize.js';
import {middleCut} from './shorten.js';
import {textWidth} from './width.js';

/** A column of a text table. */
export type Column<T> = {
	readonly header: string;
	readonly value: (row: T) => string;
	readonly align?: 'left' | 'right';
	/**
	 * To fit a width, a ranked column gives way (is left out) before any cell is cut: first
	 * those with nothing to say (every cell 0, — or blank), then the lowest rank.
	 */
	readonly giveWay?: number;
	/** To fit a width, the cells may be cut with …, at the end or in the middle (ids), down to a few cells. */
	readonly shrink?: 'end' | 'middle';
};

/** Columns are this many cells apart. */
const gap = 2;
/** A cut column keeps at least this many cells (or its header's width). */
const minShrunk = 8;

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
	return align === 'right' ? `${fill}${text}` : `${text}${fill}`;
}

/** The width of each column to fit `total` cells, 0 for a column left out; as wide as they are when all fit. */
function fitWidths<T>(
	columns: readonly Column<T>[],
	natural: readonly number[],
	cells: readonly (readonly string[])[],
	total: number,
): number[] {
	const shown = columns.map(() => true);
	const widths = [...natural];
	const used = () =>
		widths.reduce((sum, width, index) => (shown[index] ? sum + width + gap : sum), -gap);
	const blank = (index: number) => cells.every((line) => /^(0|—|)$/.test(line[index] ?? ''));
	const ranked = columns
		.map((column, index) => ({rank: column.giveWay, index}))
		.filter((column): column is {rank: number; index: number} => column.rank !== undefined)
		.sort((a, b) => a.rank - b.rank);
	const shrink = () => {
		for (let excess = used() - total; excess > 0; excess--) {
			const candidates = columns
				.map((column, index) => ({column, index}))
				.filter(
					({column, index}) =>
						shown[index] &&
						column.shrink &&
						(widths[index] ?? 0) > Math.max(minShrunk, textWidth(column.header)),
				);
			const widest = candidates.sort((a, b) => (widths[b.index] ?? 0) - (widths[a.index] ?? 0))[0];
			if (!widest) {
				return;
			}

			widths[widest.index] = (widths[widest.index] ?? 0) - 1;
		}
	};

	// Cut text reads worse than a column left out: the ranked ones give way before any cut.
	for (const {index} of [...ranked.filter(({index}) => blank(index)), ...ranked]) {
		if (used() > total) {
			shown[index] = false;
		}
	}

	shrink();
	return widths.map((width, index) => (shown[index] ? width : 0));
}

/**
 * Rows as aligned text columns under upper-case headers, two spaces apart, no trailing spaces;
 * one string a line. Every cell is sanitized; linear in the rows, with no argument spreading, so
 * a million rows are fine. With `width` (a terminal's), columns give way and cells are cut to
 * fit it, as the columns allow; without, nothing is cut, for scripts.
 */
export function formatTable<T>(
	columns: readonly Column<T>[],
	rows: readonly T[],
	options: {readonly width?: number | undefined} = {},
): string[] {
	const headers = columns.map((column) => column.header.toUpperCase());
	const natural = headers.map(textWidth);
	const cells: string[][] = [];
	for (const row of rows) {
		const line = columns.map((column) => sanitize(column.value(row), {cell: true}));
		for (const [index, cell] of line.entries()) {
			natural[index] = Math.max(natural[index] ?? 0, textWidth(cell));
		}

		cells.push(line);
	}

	const widths =
		options.width === undefined ? natural : fitWidths(columns, natural, cells, options.width);
	const format = (values: readonly string[]) =>
		values
			.flatMap((value, index) => {
				const width = widths[index] ?? 0;
				const column = columns[index];
				if (width === 0) {
					return [];
				}

				const cut =
					widths === natural
						? value
						: middleCut(value, width, column?.shrink === 'middle' ? 0.5 : 1);
				return [pad(cut, width, column?.align ?? 'left')];
			})
			.join(' '.repeat(gap))
			.trimEnd();
	const lines = [format(headers)];
	for (const line of cells) {
		lines.push(format(line));
	}

	return lines;
}
