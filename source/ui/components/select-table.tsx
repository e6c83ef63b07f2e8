import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useMemo} from 'react';
import {type ColumnSpec, fitColumns, fitIdColumn, formatRow} from '../table-layout.js';
import {useTheme} from '../theme.js';

/** A row of a SelectTable: its cells, and whether it should stand out. */
export type SelectRow<T> = {
	readonly key: string;
	readonly value: T;
	readonly cells: readonly string[];
	readonly emphasis?: boolean;
};

type Item = {
	readonly key: string;
	readonly label: string;
	readonly value: number;
	readonly emphasis?: boolean;
};

const indicatorWidth = 2;

/** The highlight mark, themed (ink-select-input's own is always blue, even under NO_COLOR). */
function Indicator(props: {readonly isSelected?: boolean}) {
	const theme = useTheme();
	return (
		<Box marginRight={1}>
			<Text color={theme.accent} bold>
				{props.isSelected ? '❯' : ' '}
			</Text>
		</Box>
	);
}

// ink-select-input passes every item field to the row, typed as label and isSelected only.
function RowText(props: {
	readonly label: string;
	readonly isSelected?: boolean;
	readonly emphasis?: boolean;
}) {
	const theme = useTheme();
	return (
		<Text
			inverse={props.isSelected}
			bold={props.emphasis}
			color={props.emphasis ? theme.production : undefined}
		>
			{props.label}
		</Text>
	);
}

/**
 * A single-choice table drawn by ink-select-input at the row `index` (the screen owns the
 * cursor, see `useCursor`). The ids of column `idColumn` are shortened as the sessions' are
 * (`fitIdColumn`): the start they share goes first, so they stay distinct. ink-select-input takes its own key handler up in an effect some
 * milliseconds after each render, so keys typed in quick succession reached a stale handler and
 * opened the wrong row: the app's key map moves the cursor instead, and each move remounts the
 * table at the new index, which keeps the highlighted row in view.
 */
export function SelectTable<T>(props: {
	readonly columns: readonly ColumnSpec[];
	readonly rows: readonly SelectRow<T>[];
	readonly width: number;
	readonly height: number;
	readonly index: number;
	readonly idColumn?: number;
}) {
	const {rows, columns, width, idColumn} = props;
	// Once per list and width, not per key: one rule for every row keeps distinct ids distinct.
	const fit = useMemo(() => {
		if (idColumn === undefined) {
			return {widths: fitColumns(columns, width - indicatorWidth), shortId: undefined};
		}

		// A row without an id ("All pools") has no say in how the ids are shortened.
		const ids = rows.map((row) => row.cells[idColumn] ?? '').filter((id) => id !== '');
		return fitIdColumn(columns, idColumn, ids, width - indicatorWidth);
	}, [rows, columns, width, idColumn]);
	const {widths, shortId} = fit;
	const items: Item[] = useMemo(
		() =>
			rows.map((row, index) => ({
				key: row.key,
				value: index,
				label: formatRow(
					row.cells.map((cell, at) => (at === idColumn && shortId ? shortId(cell) : cell)),
					widths,
					columns,
				),
				emphasis: row.emphasis,
			})),
		[rows, widths, shortId, columns, idColumn],
	);
	return (
		<Box flexDirection="column" height={props.height}>
			<Text bold>
				{' '.repeat(indicatorWidth) +
					formatRow(
						columns.map((column) => column.header),
						widths,
						columns,
					)}
			</Text>
			<SelectInput<number>
				key={props.index}
				items={items}
				limit={Math.max(1, props.height - 1)}
				initialIndex={props.index}
				isFocused={false}
				itemComponent={RowText}
				indicatorComponent={Indicator}
			/>
		</Box>
	);
}
