import type {Dispatch} from 'react';
import {
	type Account,
	type Organization,
	type Pool,
	type Session,
	sessionUser,
} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {describePool, isKind, sharesByPool} from '../../ops/select.js';
import {moveActions, type ScreenAction, useAppActions, useScreenActions} from '../keys/actions.js';
import {selectedSessions} from './session-selection.js';
import type {SessionTableAction, SessionTableState, TableRow} from './use-session-table-state.js';

/** Sessions of several accounts: each one's account, and the organization they are of, if one. */
export type AcrossAccounts = {
	readonly accountOf: (session: Session) => Account;
	readonly organization: Organization | undefined;
};

function isAcross(where: Account | AcrossAccounts): where is AcrossAccounts {
	return typeof where.accountOf === 'function';
}

/**
 * Where sessions are, in words: the account's name; across accounts, the one account they are
 * all in, else "3 accounts", "of Acme Training" when an organization was chosen.
 */
export function sessionsWhere(sessions: readonly Session[], where: Account | AcrossAccounts) {
	if (!isAcross(where)) {
		return where.name ?? where.id;
	}

	const accounts = new Map(
		sessions.map((session) => {
			const account = where.accountOf(session);
			return [account.id, account];
		}),
	);
	const [only] = accounts.values();
	const {organization} = where;
	const ofOrganization = organization ? ` of ${organization.name ?? organization.id}` : '';
	return accounts.size === 1 && only
		? (only.name ?? only.id)
		: `${plural(accounts.size, 'account')}${ofOrganization}`;
}

/**
 * The question before a close, naming what it disconnects: "Close 10 sessions of 10 users in 2
 * production pools of Tradeshow Demo?", or "… in 3 pools (2 production) of …" for a mix, or "…
 * of 3 accounts of Acme Training?" across accounts; and how many of them the filter hides, since
 * the operator cannot see those rows.
 */
export function confirmQuestion(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
	where: Account | AcrossAccounts,
	hidden = 0,
): string {
	const shares = sharesByPool(sessions, poolsById);
	const production = shares.filter((share) => isKind(share.pool, 'production')).length;
	const users = new Set(sessions.map(sessionUser).filter((user) => user !== undefined)).size;
	const pools =
		production === shares.length
			? plural(production, 'production pool')
			: production === 0
				? plural(shares.length, 'pool')
				: `${plural(shares.length, 'pool')} (${production} production)`;
	const whose = users > 0 ? ` of ${plural(users, 'user')}` : '';
	const unseen = hidden > 0 ? ` (${hidden} hidden by the filter)` : '';
	return `Close ${plural(sessions.length, 'session')}${whose} in ${pools} of ${sessionsWhere(sessions, where)}?${unseen}`;
}

/**
 * How many of the sessions each pool has, most first: "Air 8GB (production) 12, Test (test) 2";
 * across accounts, each account: "Tradeshow Demo 120, Training Lab 80".
 */
export function poolBreakdown(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
	accountOf?: (session: Session) => Account,
): string {
	if (accountOf) {
		const counts = new Map<string, {account: Account; count: number}>();
		for (const session of sessions) {
			const account = accountOf(session);
			const entry = counts.get(account.id) ?? {account, count: 0};
			entry.count++;
			counts.set(account.id, entry);
		}

		if (counts.size > 1) {
			return [...counts.values()]
				.sort((a, b) => b.count - a.count)
				.map(({account, count}) => `${account.name ?? account.id} ${count}`)
				.join(', ');
		}
	}

	return sharesByPool(sessions, poolsById)
		.map(({pool, poolId, count}) => `${describePool(pool, poolId)} ${count}`)
		.join(', ');
}

/** The filter's syntax, for the help (ops/session-query.ts reads it). */
const filterSyntax = [
	'words: any column, all of them',
	'user:ann*  pool:air  kind:prod',
	'state:open  id:…  account:…',
	'age>2h  age<30m  -word (not)',
];

/** The sessions table's actions: one list, its handlers named, `x` guarded by a selection. */
export function useTableActions(options: {
	readonly table: SessionTableState;
	readonly dispatch: Dispatch<SessionTableAction>;
	readonly isActive: boolean;
	readonly reload: () => void;
	readonly onClose: (sessions: readonly Session[]) => void;
	readonly onDetails: (row: TableRow) => void;
	readonly onBack: () => void;
	readonly onNotice: (text: string | undefined) => void;
	/** Writes the table as shown to a CSV file. */
	readonly onExport: () => void;
}): readonly ScreenAction[] {
	const {table, dispatch} = options;
	const back = () => (table.filter ? dispatch({type: 'filterClear'}) : options.onBack());
	const close = () => options.onClose(selectedSessions(table));
	const details = () => {
		const row = table.visible[table.cursor];
		if (row) {
			options.onDetails(row);
		}
	};
	const nothingSelected = () =>
		selectedSessions(table).length === 0
			? 'Nothing selected: Space selects a row, a every row, p every production session.'
			: undefined;
	// The footer keeps the words of the main actions longest: close, then select and filter.
	return useScreenActions(
		[
			...moveActions((to) => dispatch({type: 'move', to})),
			{action: 'toggle', does: 'select', priority: 2, run: () => dispatch({type: 'toggle'})},
			{action: 'range', does: 'range', run: () => dispatch({type: 'range'})},
			{action: 'all', does: 'all', priority: 1, run: () => dispatch({type: 'all'})},
			{
				action: 'production',
				does: 'production',
				short: 'prod',
				priority: 1,
				run: () => dispatch({type: 'production'}),
			},
			{
				action: 'filter',
				does: 'filter',
				priority: 2,
				help: filterSyntax,
				run: () => dispatch({type: 'filterStart'}),
			},
			{action: 'sort', does: 'sort', run: () => dispatch({type: 'sort'})},
			{
				action: 'close',
				does: 'close',
				dangerous: true,
				priority: 3,
				unless: nothingSelected,
				run: close,
			},
			{action: 'details', label: 'd/Enter', does: 'details', priority: 1, run: details},
			{action: 'open', does: 'details', footer: false, run: details},
			{action: 'refresh', does: 'refresh', run: options.reload},
			{action: 'export', does: 'export CSV', short: 'export', run: options.onExport},
			{action: 'back', does: 'back', run: back},
			...useAppActions(),
		],
		{isActive: options.isActive, onBlocked: options.onNotice},
	);
}

/**
 * The filter being typed: text goes into it (j, k, g and the rest are text here), Enter keeps it,
 * Esc clears it, the arrows still move.
 */
export function useFilterActions(options: {
	readonly dispatch: Dispatch<SessionTableAction>;
	readonly isActive: boolean;
}): readonly ScreenAction[] {
	const {dispatch} = options;
	const move = moveActions((to) => dispatch({type: 'move', to}));
	return useScreenActions(
		[
			{
				action: 'text',
				does: 'type the filter',
				footer: false,
				run(key) {
					if (key.name === 'backspace' || key.name === 'delete') {
						dispatch({type: 'filterBackspace'});
					} else if (key.text) {
						dispatch({type: 'filterType', text: key.text});
					}
				},
			},
			{action: 'open', does: 'keep filter', run: () => dispatch({type: 'filterKeep'})},
			{
				action: 'back',
				label: 'Esc',
				does: 'clear filter',
				run: () => dispatch({type: 'filterClear'}),
			},
			...move.filter((action) => action.action !== 'home' && action.action !== 'end'),
		],
		{isActive: options.isActive, layer: 'typing'},
	);
}
