import cliTruncate from 'cli-truncate';
import {sanitize} from '../format/sanitize.js';
import {idShortener} from '../format/shorten.js';
import {isPrintableAscii, textWidth} from '../format/width.js';

/** A column of an on-screen table: at least `min` wide, growing by `weight` up to `max`. */
export type ColumnSpec = {
	readonly header: string;
	readonly min: number;
	readonly max?: number;
	readonly weight?: number;
	readonly align?: 'left' | 'right';
	/**
	 * When the window is too narrow for every column's `min`, the columns with a rank give way
	 * (are hidden), the lowest rank first; those without one always stay.
	 */
	readonly giveWay?: number;
};

/** Columns are one space apart. */
const columnGap = 1;

/** Which columns give way at `total` cells: the ranked ones, lowest rank first, until the rest fit. */
function hiddenColumns(specs: readonly ColumnSpec[], total: number): ReadonlySet<number> {
	const hidden = new Set<number>();
	const ranked = specs
		.map((spec, index) => ({rank: spec.giveWay, index}))
		.filter((column): column is {rank: number; index: number} => column.rank !== undefined)
		.sort((a, b) => a.rank - b.rank);
	const needed = () =>
		specs.reduce(
			(sum, spec, index) => (hidden.has(index) ? sum : sum + spec.min + (sum > 0 ? columnGap : 0)),
			0,
		);
	for (const {index} of ranked) {
		if (needed() <= total) {
			break;
		}

		hidden.add(index);
	}

	return hidden;
}

/**
 * Widths for the columns that fill `total` cells: 0 for a column that gave way (see
 * `giveWay`), never below 1 for the others.
 */
export function fitColumns(specs: readonly ColumnSpec[], total: number): number[] {
	const hidden = hiddenColumns(specs, total);
	const shown = specs.filter((_, index) => !hidden.has(index));
	const widths = fitShown(shown, total);
	let next = 0;
	return specs.map((_, index) => (hidden.has(index) ? 0 : (widths[next++] ?? 0)));
}

/** Widths for columns that all stay: each at least its min, the spare cells by weight. */
function fitShown(specs: readonly ColumnSpec[], total: number): number[] {
	const widths = specs.map((spec) => spec.min);
	let spare = total - columnGap * Math.max(0, specs.length - 1) - widths.reduce((a, b) => a + b, 0);
	// Too narrow: take from the widest columns first.
	while (spare < 0) {
		const widest = widths.indexOf(Math.max(...widths));
		if ((widths[widest] ?? 1) <= 1) {
			break;
		}

		widths[widest] = (widths[widest] ?? 1) - 1;
		spare++;
	}

	// Room to spare: grow the weighted columns in proportion, each up to its max.
	while (spare > 0) {
		const growable = specs
			.map((spec, index) => ({spec, index}))
			.filter(
				({spec, index}) =>
					(spec.weight ?? 0) > 0 && (widths[index] ?? 0) < (spec.max ?? Number.POSITIVE_INFINITY),
			);
		const weights = growable.reduce((sum, {spec}) => sum + (spec.weight ?? 0), 0);
		if (weights === 0) {
			break;
		}

		let given = 0;
		for (const {spec, index} of growable) {
			const share = Math.max(1, Math.floor((spare * (spec.weight ?? 0)) / weights));
			const room = (spec.max ?? Number.POSITIVE_INFINITY) - (widths[index] ?? 0);
			const grow = Math.min(share, room, spare - given);
			widths[index] = (widths[index] ?? 0) + grow;
			given += grow;
		}

		if (given === 0) {
			break;
		}

		spare -= given;
	}

	return widths;
}

/**
 * Widths for `specs` in `total` cells where column `idColumn` shows `ids`, and how each id is
 * shown there (`idShortener`). The id column gets no more than its ids take once shortened, at
 * least its `min`; what it leaves goes to the others. The work is linear in the ids: do it once
 * per list and width, not per frame.
 */
export function fitIdColumn(
	specs: readonly ColumnSpec[],
	idColumn: number,
	ids: readonly string[],
	total: number,
): {readonly widths: number[]; readonly shortId: (id: string) => string} {
	const first = fitColumns(specs, total);
	const plan = idShortener(ids, first[idColumn] ?? 0);
	const need = Math.max(plan.widest, specs[idColumn]?.min ?? 0);
	if (need >= (first[idColumn] ?? 0)) {
		return {widths: first, shortId: plan.shorten};
	}

	const snug = specs.map((spec, index) =>
		index === idColumn ? {...spec, min: need, max: need} : spec,
	);
	const widths = fitColumns(snug, total);
	return {widths, shortId: idShortener(ids, widths[idColumn] ?? 0).shorten};
}

/**
 * Text made safe (every string on screen passes here or through `sanitize`), cut to `width`
 * cells with … at the end, then padded to exactly `width`.
 */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const clean = sanitize(text, {cell: true});
	const cut =
		textWidth(clean) <= width
			? clean
			: isPrintableAscii(clean)
				? `${clean.slice(0, Math.max(0, width - 1)).trimEnd()}…`.slice(0, width)
				: cliTruncate(clean, width, {position: 'end'});

	const fill = ' '.repeat(Math.max(0, width - textWidth(cut)));

	return align === 'right' ? `${fill}${cut}` : `${cut}${fill}`;
}

/** One table line: every cell fitted to its column, one space apart; hidden columns left out. */
export function formatRow(
	cells: readonly string[],
	widths: readonly number[],
	specs: readonly ColumnSpec[],
): string {
	return cells
		.flatMap((cell, index) =>
			(widths[index] ?? 0) > 0 ? [fitCell(cell, widths[index] ?? 0, specs[index]?.align)] : [],
		)
		.join(' '.repeat(columnGap));
}

/**
 * A cell of `width` cells that ends in a label never cut ("Air 8GB (production)" → "Air…
 * (production)"): the text gives way, the label stays whole, and is its own part so it can
 * have its own colour. Only when the label alone is too wide is it cut, as any cell; with no
 * label the text is an ordinary cell.
 */
export function fitLabelled(
	text: string,
	label: string,
	width: number,
): {readonly text: string; readonly label: string; readonly fill: string} {
	const cleanLabel = sanitize(label, {cell: true});
	const labelWidth = textWidth(cleanLabel);
	if (labelWidth > width || labelWidth === 0) {
		return {text: fitCell(label, width), label: '', fill: ''};
	}

	const room = width - labelWidth - 1;
	const head = room > 0 ? `${fitCell(text, room).trimEnd()} ` : '';
	return {
		text: head,
		label: cleanLabel,
		fill: ' '.repeat(Math.max(0, width - textWidth(head) - labelWidth)),
	};
}
