import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useMemo, useRef, useState} from 'react';
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
 * A single-choice table on ink-select-input: it moves with ↑↓/j/k and picks with Enter; this
 * adds column layout and PgUp/PgDn/Home/End by remounting it at the new index.
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
	const {rows, onHighlight} = props;
	const {columns, width} = props;
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
	const highlighted = useRef(Math.min(props.initialIndex ?? 0, Math.max(0, rows.length - 1)));
	const [mount, setMount] = useState({generation: 0, index: highlighted.current});

	useScreenKeys((_key, action) => {
		if (!props.active || rows.length === 0) {
			return false;
		}

		const page = limit - 1;
		const targets: Partial<Record<string, number>> = {
			pageUp: highlighted.current - page,
			pageDown: highlighted.current + page,
			home: 0,
			end: rows.length - 1,
		};
		const target = action === undefined ? undefined : targets[action];
		if (target === undefined) {
			return false;
		}

		highlighted.current = Math.max(0, Math.min(rows.length - 1, target));
		onHighlight?.(highlighted.current);
		setMount((previous) => ({generation: previous.generation + 1, index: highlighted.current}));
		return true;
	});

	return (
		<Box flexDirection="column" height={props.height}>
			<Text bold>
				{' '.repeat(indicatorWidth) +
					formatRow(
						props.columns.map((column) => column.header),
						widths,
						props.columns,
					)}
			</Text>
			<SelectInput<number>
				key={`${mount.generation}:${rows.length}`}
				items={items}
				limit={limit}
				initialIndex={Math.min(mount.index, Math.max(0, rows.length - 1))}
				isFocused={props.active}
				itemComponent={RowText}
				onHighlight={(item) => {
					highlighted.current = item.value;
					onHighlight?.(item.value);
				}}
				onSelect={(item) => {
					const row = rows[item.value];
					if (row) {
						props.onSelect(row.value, item.value);
					}
				}}
			/>
		</Box>
	);
}
