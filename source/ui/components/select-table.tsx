import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useMemo, useState} from 'react';
import {useScreenKeys} from '../screen-keys.js';
import {type ColumnSpec, fitColumns, formatRow} from '../table-layout.js';
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
 * A single-choice table drawn by ink-select-input. The app's one key map moves it: ink-select-input
 * takes its key handler up in an effect some milliseconds after each render, so keys typed in
 * quick succession reached a stale handler and opened the wrong row. Each move remounts it at
 * the new index instead, so the window keeps the highlighted row in view.
 */
export function SelectTable<T>(props: {
	readonly columns: readonly ColumnSpec[];
	readonly rows: readonly SelectRow<T>[];
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	readonly initialIndex?: number;
	readonly onSelect: (value: T, index: number) => void;
	readonly onHighlight?: (index: number) => void;
}) {
	const {rows, onHighlight, columns, width} = props;
	const widths = useMemo(() => fitColumns(columns, width - indicatorWidth), [columns, width]);
	const items: Item[] = useMemo(
		() =>
			rows.map((row, index) => ({
				key: row.key,
				value: index,
				label: formatRow(row.cells, widths, columns),
				emphasis: row.emphasis,
			})),
		[rows, widths, columns],
	);
	const limit = Math.max(1, props.height - 1);
	const last = Math.max(0, rows.length - 1);
	const [index, setIndex] = useState(() => Math.min(props.initialIndex ?? 0, last));
	const current = Math.min(index, last);

	useScreenKeys((_key, action) => {
		if (!props.active || rows.length === 0 || action === undefined) {
			return false;
		}

		if (action === 'open') {
			const row = rows[current];
			if (row) {
				props.onSelect(row.value, current);
			}

			return true;
		}

		const page = limit - 1;
		const targets: Partial<Record<string, number>> = {
			up: current - 1,
			down: current + 1,
			pageUp: current - page,
			pageDown: current + page,
			home: 0,
			end: last,
		};
		const target = targets[action];
		if (target === undefined) {
			return false;
		}

		const next = Math.max(0, Math.min(last, target));
		setIndex(next);
		onHighlight?.(next);
		return true;
	});

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
				key={current}
				items={items}
				limit={limit}
				initialIndex={current}
				isFocused={false}
				itemComponent={RowText}
				indicatorComponent={Indicator}
			/>
		</Box>
	);
}
