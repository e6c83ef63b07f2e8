import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {sessionStart} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {formatAge} from '../../format/time.js';
import type {Query} from '../../ops/session-query.js';
import {PoolCell} from '../components/pool-cell.js';
import {StatusLine} from '../components/status-line.js';
import {type ColumnSpec, fitIdColumn, formatRow} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {rowPosition} from '../viewport.js';
import {selectionCounts} from './session-selection.js';
import type {SessionTableState, TableRow} from './use-session-table-state.js';

/**
 * The columns, and the order in which they give way on a narrow window: the start time first,
 * then the user. The id, the state and the pool's kind always stay: the pool column fits
 * "A… (production)", and the id column the part of a Frame id that differs between sessions
 * ("…" and 16 characters), which is all of it from 100 columns up.
 */
export const sessionColumns: readonly ColumnSpec[] = [
	{header: '', min: 4, max: 4},
	{header: 'User', min: 7, weight: 3, max: 40, giveWay: 2},
	{header: 'Pool', min: 20, weight: 2, max: 32},
	{header: 'State', min: 8, max: 8},
	{header: 'Started', min: 9, max: 11, weight: 1, giveWay: 1},
	{header: 'Session id', min: 17, weight: 4, max: 32},
];

/** Every account's sessions in one table: the account after the mark, giving way before the user. */
const everyAccountColumns: readonly ColumnSpec[] = [
	...sessionColumns.slice(0, 1),
	{header: 'Account', min: 8, weight: 2, max: 28, giveWay: 3},
	...sessionColumns.slice(1),
];

/** The columns of a table of one account's sessions, or of several accounts'; where pool and id are. */
function tableColumns(withAccount: boolean) {
	return withAccount
		? {columns: everyAccountColumns, poolColumn: 3, idColumn: 6, withAccount}
		: {columns: sessionColumns, poolColumn: 2, idColumn: 5, withAccount};
}

type TableColumns = ReturnType<typeof tableColumns>;

/**
 * The columns' widths and how ids are shown. The id column gets no more than its ids take once
 * shortened (a Frame id below 29 cells shows as "…" and 16 characters); what it leaves goes to
 * the others. Rows of several accounts get an Account column.
 */
export function fitSessionTable(rows: readonly TableRow[], width: number) {
	const layout = tableColumns(rows.some((row) => row.account !== undefined));
	return {
		...layout,
		...fitIdColumn(
			layout.columns,
			layout.idColumn,
			rows.map((row) => row.session.id),
			width,
		),
	};
}

/**
 * The line under the table: the account's selection (always shown, with how many the filter hides
 * and how many are in other pools), the count, the filter and the sort.
 */
function statusLine(state: SessionTableState): string {
	const {hidden, elsewhere} = selectionCounts(state);
	const notShown = [
		...(hidden > 0 ? [`${hidden} hidden by the filter`] : []),
		...(elsewhere > 0 ? [`${elsewhere} in other pools`] : []),
	];
	const selection = `${state.selected.size} selected${notShown.length > 0 ? ` (${notShown.join(', ')})` : ''}`;
	const count =
		state.visible.length === state.rows.length
			? plural(state.rows.length, 'session')
			: `${state.visible.length} of ${plural(state.rows.length, 'session')}`;
	const range = state.range ? ' · marking a range (v ends it)' : '';
	// Before the sort, so that the filter being typed still shows at 60 columns, where the line
	// is cut; the footer says what Enter and Esc do to it.
	// A term the filter cannot read comes first, before the line is cut: it empties the table.
	const problems = state.query.problems.map((problem) => `${problem.term}: ${problem.reason}`);
	const typed = `${state.filter}${state.editingFilter ? '▏' : ''}`;
	const filter =
		problems.length > 0
			? ` · filter (${problems.join('; ')}): ${typed}`
			: state.filter || state.editingFilter
				? ` · filter: ${typed}${filterNote(state.query)}`
				: '';
	return `${selection} · ${count}${filter}${range} · sort: ${state.sort}`;
}

/**
 * How the filter was read, when it is more than words: "(user ann*, older than 2h)", every term
 * holding; commas, not "and", as the status line is short.
 */
function filterNote(query: Query): string {
	return query.structured ? ` (${query.terms.map((term) => term.reading).join(', ')})` : '';
}

/** The visible window of the sessions table: only the rows that fit are rendered. */
export function SessionTable(props: {
	readonly state: SessionTableState;
	readonly width: number;
	readonly now: number;
	readonly emptyText: string;
}) {
	const {state} = props;
	// Once per list and width, not per key: one rule for every row keeps distinct ids distinct.
	const layout = useMemo(() => fitSessionTable(state.rows, props.width), [state.rows, props.width]);
	const {widths, shortId, columns} = layout;
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
					windowRows.map((row, index) => (
						<SessionRow
							key={row.session.id}
							row={row}
							isCursor={state.offset + index === state.cursor}
							isSelected={state.selected.has(row.session.id)}
							age={formatAge(sessionStart(row.session), props.now)}
							shortId={shortId}
							widths={widths}
							layout={layout}
						/>
					))
				)}
			</Box>
			<StatusLine
				text={statusLine(state)}
				position={rowPosition(state.cursor, state.visible.length)}
				width={props.width}
			/>
		</Box>
	);
}

/**
 * One row of the table. The pool's kind is a label never cut, and a production pool's has a
 * colour of its own. A row drawn again with the same props is skipped: a key that moves the
 * cursor redraws two rows, not the screen's forty.
 */
const SessionRow = memo(function SessionRow(props: {
	readonly row: TableRow;
	readonly isCursor: boolean;
	readonly isSelected: boolean;
	readonly age: string;
	readonly shortId: (id: string) => string;
	readonly widths: readonly number[];
	readonly layout: TableColumns;
}) {
	const theme = useTheme();
	const {row, widths} = props;
	const {columns, poolColumn} = props.layout;
	const mark = `${props.isCursor ? '›' : ' '}[${props.isSelected ? 'x' : ' '}]`;
	const before = formatRow(
		props.layout.withAccount
			? [mark, row.account ?? '—', row.user || '—']
			: [mark, row.user || '—'],
		widths,
		columns,
	);
	const after = formatRow(
		[row.session.state ?? '—', props.age, props.shortId(row.session.id)],
		widths.slice(poolColumn + 1),
		columns.slice(poolColumn + 1),
	);
	return (
		<Text
			inverse={props.isCursor}
			color={props.isSelected ? theme.selected : undefined}
			// Colour marks a selected row; bold only where there is none (fewer codes to draw).
			bold={props.isSelected && !theme.selected}
		>
			{`${before} `}
			<PoolCell pool={row.pool} poolId={row.session.pool_id} width={widths[poolColumn] ?? 0} />
			{after ? ` ${after}` : ''}
		</Text>
	);
});
