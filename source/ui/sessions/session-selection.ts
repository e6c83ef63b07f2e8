import type {Session} from '../../api/types.js';
import {closable, isKind, isOpen} from '../../ops/select.js';
import type {SessionTableState, TableRow} from './use-session-table-state.js';

/**
 * The selection after a load: it keeps the sessions still open in the account (in this view or
 * another pool's), and counts the ones that ended, but for those the app itself was closing.
 */
export function pruneSelection(
	state: SessionTableState,
	open: ReadonlySet<string>,
): Pick<SessionTableState, 'selected' | 'ended' | 'closing'> {
	const selected = new Set<string>();
	let ended = 0;
	for (const id of state.selected) {
		if (open.has(id)) {
			selected.add(id);
		} else if (!state.closing.has(id)) {
			ended++;
		}
	}

	return {selected, ended, closing: new Set()};
}

/** How many selected sessions the screen does not show: hidden by the filter, or in other pools. */
export type SelectionCounts = {readonly hidden: number; readonly elsewhere: number};

// Counting over every row each frame is slow at 10,000 sessions, so each count is kept with the
// rows and the selection it was made for (both are replaced, never changed, on update).
const known = new WeakMap<
	readonly TableRow[],
	{
		readonly rows: readonly TableRow[];
		readonly selected: ReadonlySet<string>;
		readonly counts: SelectionCounts;
	}
>();

// The ids of the shown sessions that can be closed, kept with the list they were taken from (a
// new list on every load, filter or sort). A selection is never changed in place, only replaced,
// so `a` on an empty selection takes this very set: no copy of 10,000 ids, and `a` again knows
// at once that they are all selected.
const openIdsOf = new WeakMap<readonly TableRow[], ReadonlySet<string>>();

function openIds(visible: readonly TableRow[]): ReadonlySet<string> {
	let ids = openIdsOf.get(visible);
	if (ids === undefined) {
		ids = new Set(visible.filter((row) => isOpen(row.session)).map((row) => row.session.id));
		openIdsOf.set(visible, ids);
	}

	return ids;
}

function isSubset(some: ReadonlySet<string>, of: ReadonlySet<string>): boolean {
	if (some === of) {
		return true;
	}

	if (some.size > of.size) {
		return false;
	}

	// A callback, not `for…of`, whose iterator allocates a result per id until optimised.
	let subset = true;
	some.forEach((id) => {
		subset &&= of.has(id);
	});
	return subset;
}

/** a: every shown session that can be closed, or none of them when all already are. */
export function selectAll(state: SessionTableState): SessionTableState {
	const ids = openIds(state.visible);
	const {selected} = state;
	let next: ReadonlySet<string>;
	if (isSubset(ids, selected)) {
		// The shown sessions are the whole selection (as many), or part of it.
		const rest = new Set(ids.size === selected.size ? [] : selected);
		if (rest.size > 0) {
			ids.forEach((id) => {
				rest.delete(id);
			});
		}
		next = rest;
	} else if (selected.size === 0) {
		next = ids;
	} else {
		const more = new Set(selected);
		ids.forEach((id) => {
			more.add(id);
		});
		next = more;
	}

	if (next.size === 0 || next === ids) {
		// Nothing selected, or the shown sessions alone: none hidden, none elsewhere.
		known.set(state.visible, {rows: state.rows, selected: next, counts: {hidden: 0, elsewhere: 0}});
	}

	return {...state, selected: next, range: undefined};
}

/** p: adds every shown session in a production pool that can be closed. */
export function selectProduction(state: SessionTableState): SessionTableState {
	const selected = new Set(state.selected);
	for (const row of state.visible) {
		if (isKind(row.pool, 'production') && isOpen(row.session)) {
			selected.add(row.session.id);
		}
	}

	return {...state, range: undefined, selected};
}

function countSelected(rows: readonly TableRow[], selected: ReadonlySet<string>): number {
	let count = 0;
	for (let index = 0; index < rows.length; index++) {
		if (selected.has((rows[index] as TableRow).session.id)) {
			count++;
		}
	}

	return count;
}

/** How many selected sessions the filter hides, and how many are in other pools of the account. */
export function selectionCounts(state: SessionTableState): SelectionCounts {
	const cached = known.get(state.visible);
	if (cached?.selected === state.selected && cached.rows === state.rows) {
		return cached.counts;
	}

	const inRows = countSelected(state.rows, state.selected);
	// The filter shows a subset of the rows: as many means all of them.
	const shown =
		state.visible.length === state.rows.length
			? inRows
			: countSelected(state.visible, state.selected);
	const counts = {hidden: inRows - shown, elsewhere: state.selected.size - inRows};
	known.set(state.visible, {rows: state.rows, selected: state.selected, counts});
	return counts;
}

/** How many selected sessions the filter hides. */
export function hiddenSelected(state: SessionTableState): number {
	return selectionCounts(state).hidden;
}

/**
 * The selected sessions a close may be sent for: this view's in table order, then those of the
 * account's other pools.
 */
export function selectedSessions(state: SessionTableState): readonly Session[] {
	const pick = (session: Session) => state.selected.has(session.id);
	return closable([
		...state.sorted.map((row) => row.session).filter(pick),
		...state.others.filter(pick),
	]);
}
