import {useReducer} from 'react';
import {type Pool, parseApiTime, type Session, sessionStart, sessionUser} from '../../api/types.js';
import {isOpen} from '../../ops/select.js';
import {compareStarted} from '../../ops/session-order.js';
import {matchesQuery, parseQuery, type Query, sessionFacts} from '../../ops/session-query.js';
import {clampCursor, keepInView, type Move, moveTo} from '../viewport.js';
import {pruneSelection, selectAll, selectProduction} from './session-selection.js';

/** The orders `s` cycles through. */
const sortKeys = ['started', 'user', 'pool'] as const;
export type SortKey = (typeof sortKeys)[number];

/** A session with what the table shows and searches of it, worked out once per load. */
export type TableRow = {
	readonly session: Session;
	readonly pool: Pool | undefined;
	readonly user: string;
	readonly started: number;
	/** The session's account's name, when the table shows several accounts' sessions. */
	readonly account: string | undefined;
	/** What the filter looks at (`session-query.ts`). */
	readonly facts: ReturnType<typeof sessionFacts>;
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
	/** The filter as read: its terms, and those it could not read. */
	readonly query: Query;
	/** The time of the last load, epoch ms: what a filter of age compares with. */
	readonly now: number;
	readonly editingFilter: boolean;
	readonly sort: SortKey;
	/** Index into `visible`. */
	readonly cursor: number;
	/** First index of `visible` on screen. */
	readonly offset: number;
	/** Rows that fit on screen. */
	readonly height: number;
	/** The account's selection, by session id: this view's rows and other pools' sessions alike. */
	readonly selected: ReadonlySet<string>;
	/** The account's sessions outside this view (other pools), for a close of the whole selection. */
	readonly others: readonly Session[];
	/** Selected sessions that ended before the last load; 0 again after the next action. */
	readonly ended: number;
	/** Sessions the app is closing: their end is no news. */
	readonly closing: ReadonlySet<string>;
	/** A range being marked with `v`: where it started, and the selection before it. */
	readonly range: {readonly anchorId: string; readonly base: ReadonlySet<string>} | undefined;
};

/** Everything the table can be asked to do. */
export type SessionTableAction =
	| {
			readonly type: 'load';
			readonly sessions: readonly Session[];
			readonly poolsById: ReadonlyMap<string, Pool>;
			/** The account's sessions outside this view. */
			readonly others?: readonly Session[];
			/** Data fresh from the server: the selection keeps only sessions still open (not so for a cached load). */
			readonly fresh?: boolean;
			/** When the sessions were loaded, epoch ms. */
			readonly now?: number;
			/** The account's name, which the filter's `account:` reads: one, or each session's. */
			readonly account?: string | ((session: Session) => string);
	  }
	/** A load that found the same sessions: the time a filter of age compares with moves on. */
	| {readonly type: 'clock'; readonly now: number}
	| {readonly type: 'closing'; readonly ids: readonly string[]}
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

/** An empty table, `height` rows tall, with the account's selection so far. */
export function initialTableState(
	height = 10,
	selected: ReadonlySet<string> = new Set(),
): SessionTableState {
	return {
		loaded: false,
		rows: [],
		sorted: [],
		visible: [],
		filter: '',
		query: parseQuery(''),
		now: 0,
		editingFilter: false,
		sort: 'started',
		cursor: 0,
		offset: 0,
		height,
		selected,
		others: [],
		ended: 0,
		closing: new Set(),
		range: undefined,
	};
}

function toRow(
	session: Session,
	poolsById: ReadonlyMap<string, Pool>,
	accountOf: string | ((session: Session) => string) | undefined,
): TableRow {
	const pool = poolsById.get(session.pool_id ?? '');
	const user = sessionUser(session) ?? '';
	const started = parseApiTime(sessionStart(session));
	const account = typeof accountOf === 'function' ? accountOf(session) : accountOf;
	return {
		session,
		pool,
		user,
		started,
		account: typeof accountOf === 'function' ? account : undefined,
		facts: sessionFacts({
			user,
			pool: pool?.name,
			kind: pool?.kind,
			state: session.state,
			id: session.id,
			account,
			started,
		}),
	};
}

// Natural order, as people sort: user2 before user10, case aside.
const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
const compareText = (a: string, b: string) => collator.compare(a, b);

const comparators: Record<SortKey, (a: TableRow, b: TableRow) => number> = {
	// The headless commands list in this order too.
	started: compareStarted,
	user: (a, b) => compareText(a.user, b.user),
	pool: (a, b) =>
		compareText(a.pool?.name ?? '', b.pool?.name ?? '') || compareText(a.user, b.user),
};

function sortRows(rows: readonly TableRow[], sort: SortKey): readonly TableRow[] {
	return [...rows].sort(comparators[sort]);
}

/**
 * The rows the filter keeps. A filter with a term it cannot read keeps none: what the operator
 * meant is not known, and a wider table than meant is one `a` and `x` could close.
 */
function filterRows(rows: readonly TableRow[], query: Query, now: number): readonly TableRow[] {
	const {terms} = query;
	if (query.problems.length > 0) {
		return [];
	}

	return terms.length === 0 ? rows : rows.filter((row) => matchesQuery(terms, row.facts, now));
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
	const query = filter === state.filter ? state.query : parseQuery(filter);
	const visible = filterRows(sorted, query, state.now);
	const found =
		currentId === undefined ? -1 : visible.findIndex((row) => row.session.id === currentId);
	const range =
		state.range && visible.some((row) => row.session.id === state.range?.anchorId)
			? state.range
			: undefined;
	return place(
		{...state, sorted, visible, filter, query, range},
		found === -1 ? state.cursor : found,
	);
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

/**
 * New rows from a load; after a fresh one the selection keeps only the account's sessions still
 * open, and counts those that ended.
 */
function load(
	state: SessionTableState,
	action: Extract<SessionTableAction, {type: 'load'}>,
): SessionTableState {
	const rows = action.sessions.map((session) => toRow(session, action.poolsById, action.account));
	const others = action.others ?? [];
	const open = new Set<string>();
	for (const session of [...action.sessions, ...others]) {
		if (isOpen(session)) {
			open.add(session.id);
		}
	}

	const selection = action.fresh === false ? {} : pruneSelection(state, open);
	return refilter(
		{...state, loaded: true, rows, others, now: action.now ?? state.now, ...selection},
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

/** The table's reducer: pure, so tests drive it without rendering. */
export function sessionTableReducer(
	state: SessionTableState,
	action: SessionTableAction,
): SessionTableState {
	const next = reduce(state, action);
	// The news of ended sessions lasts until the operator does something.
	return next.ended > 0 && action.type !== 'load' && action.type !== 'resize'
		? {...next, ended: 0}
		: next;
}

function reduce(state: SessionTableState, action: SessionTableAction): SessionTableState {
	switch (action.type) {
		case 'load':
			return load(state, action);
		case 'closing':
			return {...state, closing: new Set([...state.closing, ...action.ids])};
		case 'clock': {
			const later = {...state, now: action.now};
			// Only a filter of age reads the time.
			return state.query.terms.some((term) => term.age)
				? refilter(later, later.sorted, later.filter)
				: later;
		}
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

/** The table's state and dispatch, from the account's selection and sessions already at hand (a cached load). */
export function useSessionTableState(
	height: number,
	selected: ReadonlySet<string>,
	initial?: {
		readonly sessions: readonly Session[];
		readonly poolsById: ReadonlyMap<string, Pool>;
		readonly others: readonly Session[];
		/** When they were loaded, epoch ms. */
		readonly now?: number;
		readonly account?: string | ((session: Session) => string);
	},
) {
	return useReducer(sessionTableReducer, undefined, () =>
		initial
			? sessionTableReducer(initialTableState(height, selected), {
					type: 'load',
					...initial,
					fresh: false,
				})
			: initialTableState(height, selected),
	);
}
