import cliTruncate from 'cli-truncate';
import {sanitize} from '../format/sanitize.js';
import {isPrintableAscii, textWidth} from '../format/width.js';

/** A column of an on-screen table: at least `min` wide, growing by `weight` up to `max`. */
export type ColumnSpec = {
	readonly header: string;
	readonly min: number;
	readonly max?: number;
	readonly weight?: number;
	readonly align?: 'left' | 'right';
};

/** Columns are one space apart. */
const columnGap = 1;

/** Widths for the columns that fill `total` cells, never below 1 each. */
export function fitColumns(specs: readonly ColumnSpec[], total: number): number[] {
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
 * Text made safe (every string on screen passes here or through `sanitize`), cut to `width`
 * cells with … at the end, then padded to exactly `width`.
 */
export function fitCell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const clean = sanitize(text, {cell: true});
	const cut =
		textWidth(clean) <= width
			? clean
			: isPrintableAscii(clean)
				? `${clean.slice(0, Math.max(0, width - 1))}…`.slice(0, width)
				: cliTruncate(clean, width, {position: 'end'});

	const fill = ' '.repeat(Math.max(0, width - textWidth(cut)));

	return align === 'right' ? `${fill}${cut}` : `${cut}${fill}`;
}

/** One table line: every cell fitted to its column, one space apart. */
export function formatRow(
	cells: readonly string[],
	widths: readonly number[],
	specs: readonly ColumnSpec[],
): string {
	return cells
		.map((cell, index) => fitCell(cell, widths[index] ?? 0, specs[index]?.align))
		.join(' '.repeat(columnGap));
}

/** A bar of `width` cells filled to `fraction` (0 to 1). */
export function progressBar(fraction: number, width: number): string {
	const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
	const filled = Math.round(clamped * width);
	return `${'█'.repeat(filled)}${'░'.repeat(Math.max(0, width - filled))}`;
}
