import {Box, Text} from 'ink';
import {sessionStart} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {formatAge} from '../../format/time.js';
import {describePool} from '../../ops/select.js';
import {type ColumnSpec, fitCell, fitColumns, formatRow} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {hiddenSelected, type SessionTableState} from './use-session-table-state.js';

const columns: readonly ColumnSpec[] = [
	{header: '', min: 4, max: 4},
	{header: 'User', min: 10, weight: 3, max: 40},
	{header: 'Pool', min: 10, weight: 2, max: 32},
	{header: 'State', min: 8, max: 8},
	{header: 'Started', min: 9, max: 11, weight: 1},
	// The id is what tells sessions apart: it grows first, to a whole Frame id (29 characters).
	{header: 'Session id', min: 12, weight: 4, max: 32},
];

/** The line under the table: the selection (always shown), the count, the sort and the filter. */
function statusLine(state: SessionTableState): string {
	const hidden = hiddenSelected(state);
	const selection = `${state.selected.size} selected${hidden > 0 ? ` (${hidden} hidden by the filter)` : ''}`;
	const count =
		state.visible.length === state.rows.length
			? plural(state.rows.length, 'session')
			: `${state.visible.length} of ${plural(state.rows.length, 'session')}`;
	const range = state.range ? ' · marking a range (v ends it)' : '';
	const filter = state.editingFilter
		? ` · filter: ${state.filter}▏ (Enter keeps, Esc clears)`
		: state.filter
			? ` · filter: ${state.filter}`
			: '';
	return `${selection} · ${count} · sort: ${state.sort}${range}${filter}`;
}

/** The visible window of the sessions table: only the rows that fit are rendered. */
export function SessionTable(props: {
	readonly state: SessionTableState;
	readonly width: number;
	readonly now: number;
	readonly emptyText: string;
}) {
	const theme = useTheme();
	const {state} = props;
	const widths = fitColumns(columns, props.width);
	const windowRows = state.visible.slice(state.offset, state.offset + state.height);
	return (
		<Box flexDirection="column">
			<Text bold>
				{formatRow(
					columns.map((column) => column.header),
					widths,
					columns,
				)}
			</Text>
			<Box flexDirection="column" height={state.height}>
				{windowRows.length === 0 ? (
					<Text dimColor>
						{state.rows.length === 0 ? props.emptyText : 'No sessions match the filter.'}
					</Text>
				) : (
					windowRows.map((row, index) => {
						const isCursor = state.offset + index === state.cursor;
						const isSelected = state.selected.has(row.session.id);
						const cells = [
							`${isCursor ? '›' : ' '}[${isSelected ? 'x' : ' '}]`,
							row.user || '—',
							describePool(row.pool, row.session.pool_id),
							row.session.state ?? '—',
							formatAge(sessionStart(row.session), props.now),
							row.session.id,
						];
						return (
							<Text
								key={row.session.id}
								inverse={isCursor}
								color={isSelected ? theme.selected : undefined}
								// Colour marks a selected row; bold only where there is none (fewer codes to draw).
								bold={isSelected && !theme.selected}
							>
								{formatRow(cells, widths, columns)}
							</Text>
						);
					})
				)}
			</Box>
			<Text color={theme.accent}>{fitCell(statusLine(state), props.width)}</Text>
		</Box>
	);
}
