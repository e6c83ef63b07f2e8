import {Box, Text} from 'ink';
import type {Session} from '../../api/types.js';
import {type ColumnSpec, fitIdColumn, formatRow} from '../table-layout.js';
import {type Palette, useTheme} from '../theme.js';
import type {RunRow} from './close-run-state.js';
import {type RowList, rowCells} from './close-run-text.js';

/**
 * The close view's list: a mark, the user, the session id and its state. The user gives way
 * first: it grows least, and is hidden before the id or the state would be cut below their
 * least; the id column fits the part of a Frame id that differs between sessions ("…" and 16
 * characters), and the state takes what is left.
 */
export const runListColumns: readonly ColumnSpec[] = [
	{header: '', min: 1, max: 1},
	{header: 'User', min: 10, max: 30, weight: 1, giveWay: 1},
	{header: 'Session id', min: 17, max: 32, weight: 1},
	{header: 'State', min: 12, weight: 3},
];
const idColumn = 2;

/** How the list is laid out: the columns' widths and each id as shown. */
type RunListLayout = ReturnType<typeof fitRunList>;

/**
 * The list's widths and ids at `width` cells, for the run's sessions: their common prefix
 * dropped, then cut in the middle where they differ (`fitIdColumn`). The sessions of a run do
 * not change while it runs, so this is worked out once per run and width, not per frame.
 */
export function fitRunList(sessions: readonly Session[], width: number) {
	return fitIdColumn(
		runListColumns,
		idColumn,
		sessions.map((session) => session.id),
		width,
	);
}

/** A row's cells as the list shows them at time `now`: its id shortened as the layout says. */
function runListCells(row: RunRow, now: number, layout: RunListLayout, apiDown: boolean) {
	const {cells, tone} = rowCells(row, now, apiDown);
	const [mark = '', user = '', id = '', state = ''] = cells;
	return {
		text: formatRow([mark, user, layout.shortId(id), state], layout.widths, runListColumns),
		tone,
	};
}

/** The colour of a row's tone. */
function toneColour(theme: Palette, tone: ReturnType<typeof rowCells>['tone']): string | undefined {
	return tone === 'ok'
		? theme.ok
		: tone === 'error'
			? theme.error
			: tone === 'busy'
				? theme.accent
				: undefined;
}

/** The sessions of the run that fit, each with its state. */
export function RunList(props: {
	readonly rows: RowList;
	readonly now: number;
	readonly layout: RunListLayout;
	readonly offset: number;
	readonly height: number;
	/** The API is unavailable: closes whose retry wait is over are waiting their turn to probe it. */
	readonly apiDown?: boolean;
}) {
	const theme = useTheme();
	const {rows, offset, height} = props;
	return (
		<Box flexDirection="column" height={height}>
			{rows.length === 0 ? <Text dimColor>Every session is closed.</Text> : null}
			{rows.slice(offset, offset + height).map((row) => {
				const {text, tone} = runListCells(row, props.now, props.layout, props.apiDown === true);
				return (
					<Text key={row.session.id} color={toneColour(theme, tone)} dimColor={tone === 'idle'}>
						{text}
					</Text>
				);
			})}
		</Box>
	);
}
