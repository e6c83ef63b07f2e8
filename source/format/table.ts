import stringWidth from 'string-width';

/** A column of a text table. */
export type Column<T> = {
	readonly header: string;
	readonly value: (row: T) => string;
	readonly align?: 'left' | 'right';
};

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
	return align === 'right' ? `${fill}${text}` : `${text}${fill}`;
}

/** Rows as aligned text columns under upper-case headers, two spaces apart, no trailing spaces. */
export function formatTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
	const cells = rows.map((row) => columns.map((column) => column.value(row)));
	const widths = columns.map((column, index) =>
		Math.max(stringWidth(column.header), ...cells.map((line) => stringWidth(line[index] ?? ''))),
	);
	const line = (values: readonly string[]) =>
		values
			.map((value, index) => pad(value, widths[index] ?? 0, columns[index]?.align ?? 'left'))
			.join('  ')
			.trimEnd();
	return [line(columns.map((column) => column.header.toUpperCase())), ...cells.map(line)].join(
		'\n',
	);
}
