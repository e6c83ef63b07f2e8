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

/** a: every shown session that can be closed, or none of them when all already are. */
export function selectAll(state: SessionTableState): SessionTableState {
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

function countSelected(rows: readonly TableRow[], selected: ReadonlySet<string>): number {
	let count = 0;
	for (const row of rows) {
		if (selected.has(row.session.id)) {
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
