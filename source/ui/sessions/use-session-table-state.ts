import {useReducer} from 'react';
import {type Pool, parseApiTime, type Session, sessionStart, sessionUser} from '../../api/types.js';
import {closable, isKind, isOpen} from '../../ops/select.js';
import {clampCursor, keepInView, type Move, moveTo} from '../viewport.js';

/** The orders `s` cycles through. */
const sortKeys = ['started', 'user', 'pool'] as const;
export type SortKey = (typeof sortKeys)[number];

/** A session with what the table shows and searches of it, worked out once per load. */
export type TableRow = {
	readonly session: Session;
	readonly pool: Pool | undefined;
	readonly user: string;
	readonly started: number;
	readonly search: string;
};

/** The sessions table: rows, their order and filter, the cursor, the window and the selection. */
export type SessionTableState = {
	/** Whether sessions were loaded at all (an empty list then means no sessions). */
	readonly loaded: boolean;
	readonly rows: readonly TableRow[];
	/** `rows` in the current sort order. */
	readonly sorted: readonly TableRow[];
	/** `sorted` narrowed by the filter: what the table shows. */
	readonly visible: readonly TableRow[];
	readonly filter: string;
	readonly editingFilter: boolean;
	readonly sort: SortKey;
	/** Index into `visible`. */
	readonly cursor: number;
	/** First index of `visible` on screen. */
	readonly offset: number;
	/** Rows that fit on screen. */
	readonly height: number;
	readonly selected: ReadonlySet<string>;
	/** A range being marked with `v`: where it started, and the selection before it. */
	readonly range: {readonly anchorId: string; readonly base: ReadonlySet<string>} | undefined;
};

/** Everything the table can be asked to do. */
export type SessionTableAction =
	| {
			readonly type: 'load';
			readonly sessions: readonly Session[];
			readonly poolsById: ReadonlyMap<string, Pool>;
	  }
	| {readonly type: 'resize'; readonly height: number}
	| {readonly type: 'move'; readonly to: Move}
	| {readonly type: 'toggle'}
	| {readonly type: 'range'}
	| {readonly type: 'all'}
	| {readonly type: 'production'}
	| {readonly type: 'sort'}
	| {readonly type: 'filterStart'}
	| {readonly type: 'filterType'; readonly text: string}
	| {readonly type: 'filterBackspace'}
	| {readonly type: 'filterKeep'}
	| {readonly type: 'filterClear'};

/** An empty table, `height` rows tall. */
export function initialTableState(height = 10): SessionTableState {
	return {
		loaded: false,
		rows: [],
		sorted: [],
		visible: [],
		filter: '',
		editingFilter: false,
		sort: 'started',
		cursor: 0,
		offset: 0,
		height,
		selected: new Set(),
		range: undefined,
	};
}

function toRow(session: Session, poolsById: ReadonlyMap<string, Pool>): TableRow {
	const pool = poolsById.get(session.pool_id ?? '');
	const user = sessionUser(session) ?? '';
	return {
		session,
		pool,
		user,
		started: parseApiTime(sessionStart(session)),
		search: [user, pool?.name, pool?.kind, session.id].join(' ').toLowerCase(),
	};
}

// Natural order, as people sort: user2 before user10, case aside.
const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
const compareText = (a: string, b: string) => collator.compare(a, b);

const comparators: Record<SortKey, (a: TableRow, b: TableRow) => number> = {
	// Newest first; sessions without a start time last.
	started: (a, b) =>
		(Number.isNaN(b.started) ? -Infinity : b.started) -
			(Number.isNaN(a.started) ? -Infinity : a.started) || 0,
	user: (a, b) => compareText(a.user, b.user),
	pool: (a, b) =>
		compareText(a.pool?.name ?? '', b.pool?.name ?? '') || compareText(a.user, b.user),
};

function sortRows(rows: readonly TableRow[], sort: SortKey): readonly TableRow[] {
	return [...rows].sort(comparators[sort]);
}

function filterRows(rows: readonly TableRow[], filter: string): readonly TableRow[] {
	const needle = filter.trim().toLowerCase();
	return needle === '' ? rows : rows.filter((row) => row.search.includes(needle));
}

/** Keeps the cursor inside the rows and the window around the cursor. */
function place(state: SessionTableState, cursor: number): SessionTableState {
	const count = state.visible.length;
	const clamped = clampCursor(cursor, count);
	return {
		...state,
		cursor: clamped,
		offset: keepInView(clamped, state.offset, state.height, count),
	};
}

/** Re-derives `visible` and puts the cursor back on the row it was on, when still shown. */
function refilter(
	state: SessionTableState,
	sorted: readonly TableRow[],
	filter: string,
): SessionTableState {
	const currentId = state.visible[state.cursor]?.session.id;
	const visible = filterRows(sorted, filter);
	const found =
		currentId === undefined ? -1 : visible.findIndex((row) => row.session.id === currentId);
	const range =
		state.range && visible.some((row) => row.session.id === state.range?.anchorId)
			? state.range
			: undefined;
	return place({...state, sorted, visible, filter, range}, found === -1 ? state.cursor : found);
}

/** With a range open, the selection is its base plus every row between anchor and cursor. */
function extendRange(state: SessionTableState): SessionTableState {
	if (!state.range) {
		return state;
	}

	const anchor = state.visible.findIndex((row) => row.session.id === state.range?.anchorId);
	const selected = new Set(state.range.base);
	for (
		let index = Math.min(anchor, state.cursor);
		index <= Math.max(anchor, state.cursor);
		index++
	) {
		const row = state.visible[index];
		if (row) {
			selected.add(row.session.id);
		}
	}

	return {...state, selected};
}

function move(state: SessionTableState, to: Move) {
	const page = Math.max(1, state.height - 1);
	return extendRange(place(state, moveTo(state.cursor, to, state.visible.length, page)));
}

/** New rows from a load; the selection keeps only the sessions still there and still open. */
function load(
	state: SessionTableState,
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
): SessionTableState {
	const rows = sessions.map((session) => toRow(session, poolsById));
	const present = new Set(rows.filter((row) => isOpen(row.session)).map((row) => row.session.id));
	const selected = new Set([...state.selected].filter((id) => present.has(id)));
	return refilter(
		{...state, loaded: true, rows, selected},
		sortRows(rows, state.sort),
		state.filter,
	);
}

/** Space: the row under the cursor in or out of the selection, and the cursor down. */
function toggle(state: SessionTableState): SessionTableState {
	const row = state.visible[state.cursor];
	if (!row) {
		return state;
	}

	if (!isOpen(row.session)) {
		// Already closing: nothing to select, the cursor moves on as it would.
		return place(state, state.cursor + 1);
	}

	const selected = new Set(state.selected);
	if (!selected.delete(row.session.id)) {
		selected.add(row.session.id);
	}

	return place({...state, selected, range: undefined}, state.cursor + 1);
}

/** v: starts a range at the cursor, or ends the one being marked. */
function markRange(state: SessionTableState): SessionTableState {
	const row = state.visible[state.cursor];
	if (state.range || !row) {
		return {...state, range: undefined};
	}

	return extendRange({...state, range: {anchorId: row.session.id, base: state.selected}});
}

/** a: every shown session that can be closed, or none of them when all already are. */
function selectAll(state: SessionTableState): SessionTableState {
	const shown = state.visible.filter((row) => isOpen(row.session));
	const everyShown = shown.every((row) => state.selected.has(row.session.id));
	const selected = new Set(state.selected);
	for (const row of shown) {
		if (everyShown) {
			selected.delete(row.session.id);
		} else {
			selected.add(row.session.id);
		}
	}

	return {...state, selected, range: undefined};
}

/** p: every session in a production pool that can be closed. */
function selectProduction(state: SessionTableState): SessionTableState {
	return {
		...state,
		range: undefined,
		selected: new Set(
			state.rows
				.filter((row) => isKind(row.pool, 'production') && isOpen(row.session))
				.map((row) => row.session.id),
		),
	};
}

/** The table's reducer: pure, so tests drive it without rendering. */
export function sessionTableReducer(
	state: SessionTableState,
	action: SessionTableAction,
): SessionTableState {
	switch (action.type) {
		case 'load':
			return load(state, action.sessions, action.poolsById);
		case 'toggle':
			return toggle(state);
		case 'range':
			return markRange(state);
		case 'all':
			return selectAll(state);
		case 'production':
			return selectProduction(state);
		case 'resize':
			return place({...state, height: action.height}, state.cursor);
		case 'move':
			return move(state, action.to);
		case 'sort': {
			const sort = sortKeys[(sortKeys.indexOf(state.sort) + 1) % sortKeys.length] ?? 'started';
			return refilter({...state, sort}, sortRows(state.rows, sort), state.filter);
		}

		case 'filterStart':
			return {...state, editingFilter: true, range: undefined};
		case 'filterType':
			return refilter(state, state.sorted, state.filter + action.text);
		case 'filterBackspace':
			return refilter(state, state.sorted, [...state.filter].slice(0, -1).join(''));
		case 'filterKeep':
			return {...state, editingFilter: false};
		case 'filterClear':
			return refilter({...state, editingFilter: false}, state.sorted, '');
	}
}

// Counting over every visible row each frame is slow at 10,000 sessions, so each count is kept
// with the rows and the selection it was made for (both are replaced, never changed, on update).
const hiddenCounts = new WeakMap<
	readonly TableRow[],
	{readonly selected: ReadonlySet<string>; readonly hidden: number}
>();

/** How many selected sessions the filter hides. */
export function hiddenSelected(state: SessionTableState): number {
	const known = hiddenCounts.get(state.visible);
	if (known?.selected === state.selected) {
		return known.hidden;
	}

	let shown = 0;
	for (const row of state.visible) {
		if (state.selected.has(row.session.id)) {
			shown++;
		}
	}

	const hidden = state.selected.size - shown;
	hiddenCounts.set(state.visible, {selected: state.selected, hidden});
	return hidden;
}

/** The selected sessions a close may be sent for, in table order. */
export function selectedSessions(state: SessionTableState): readonly Session[] {
	return closable(
		state.sorted.filter((row) => state.selected.has(row.session.id)).map((row) => row.session),
	);
}

/** The table's state and dispatch, starting from sessions already at hand (a cached load). */
export function useSessionTableState(
	height: number,
	initial?: {readonly sessions: readonly Session[]; readonly poolsById: ReadonlyMap<string, Pool>},
) {
	return useReducer(sessionTableReducer, undefined, () =>
		initial
			? sessionTableReducer(initialTableState(height), {type: 'load', ...initial})
			: initialTableState(height),
	);
}
