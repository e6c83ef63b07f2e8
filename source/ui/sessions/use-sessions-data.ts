import {useCallback, useEffect, useRef, useState} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Account, Organization, Pool, Session} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {loadEveryAccount, mergeLoads} from '../../ops/all-accounts.js';
import {indexPools, loadPoolsAndSessions} from '../../ops/select.js';
import {useSelectionStore} from '../account-selection.js';
import {bodyRows} from '../components/screen-layout.js';
import {failureReason, type LoadProblem, loadProblem} from '../load-status.js';
import {type LoadFunction, useLoad} from '../use-load.js';
import {type RefreshStatus, useRefreshedAt} from '../use-refreshed-at.js';
import {useSessionTableState} from './use-session-table-state.js';

/**
 * Whose sessions the screen shows: one account's (one pool's, or all its pools'), or every active
 * account's at once (of one organization, when one is chosen).
 */
export type SessionsView =
	| {readonly kind: 'account'; readonly account: Account; readonly pool: Pool | undefined}
	| {readonly kind: 'every'; readonly organization: Organization | undefined};

/** One load of the sessions screen: this view's sessions, the account's others, every pool. */
export type SessionsData = {
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly sessions: readonly Session[];
	readonly others: readonly Session[];
	/** The accounts read, in their order: one, or every active account's. */
	readonly accounts: readonly Account[];
	/** Each session's account. */
	readonly accountOf: (session: Session) => Account;
	/**
	 * The accounts that could not be read, each with why (every account's view only); `stale` when
	 * the rows shown are those of the last read that worked.
	 */
	readonly unread: readonly {
		readonly account: Account;
		readonly error: unknown;
		readonly stale: boolean;
	}[];
};

/** The key a view's selection is kept under: its account's id, or every account's (of an organization). */
export function selectionKey(view: SessionsView): string {
	return view.kind === 'account' ? view.account.id : `every:${view.organization?.id ?? '*'}`;
}

/** A name for the view's sessions: the account's, or the organization's, for files and questions. */
export function viewName(view: SessionsView): string {
	return view.kind === 'account'
		? (view.account.name ?? view.account.id)
		: (view.organization?.name ?? view.organization?.id ?? 'all accounts');
}

/**
 * What a close leaves to accounts not read, a line for those never read ("1 account could not be
 * read (Acme): not in this close.") and one for those shown as last read.
 */
export function unreadLines(unread: SessionsData['unread']): string[] {
	const line = (accounts: SessionsData['unread'], then: string) => {
		const names = accounts.map(({account}) => account.name ?? account.id).join(', ');
		return accounts.length === 0
			? []
			: [`${plural(accounts.length, 'account')} could not be read (${names}): ${then}.`];
	};
	return [
		...line(
			unread.filter((entry) => !entry.stale),
			'not in this close',
		),
		...line(
			unread.filter((entry) => entry.stale),
			'sessions as last read',
		),
	];
}

/**
 * The status line of a view of every account when some could not be read: each named with why,
 * and the key that reads them again. Never silently left out.
 */
function unreadProblem(unread: SessionsData['unread']): LoadProblem | undefined {
	if (unread.length === 0) {
		return undefined;
	}

	const head = `${plural(unread.length, 'account')} not read: `;
	return {
		tone: 'error',
		head,
		reason: unread
			.map(({account, error}) => `${account.name ?? account.id} (${failureReason(error)})`)
			.join(', '),
		tail: `${unread.some((entry) => entry.stale) ? ' · rows as last read' : ''} · r reads again`,
		compact: {head, tail: ' · r'},
	};
}

/** One account's pools and sessions, as the screen shows them: the pool's, the account's others. */
async function oneAccount(
	client: FrameClient,
	view: Extract<SessionsView, {kind: 'account'}>,
	signal: AbortSignal,
	onRetry: Parameters<LoadFunction<unknown>>[1],
) {
	const {account, pool} = view;
	const {pools, sessions} = await loadPoolsAndSessions(client, account.id, signal, onRetry);
	const inView = (session: Session) => !pool || session.pool_id === pool.external_id;
	return {
		pools,
		sessions,
		same: () => true,
		data: (): SessionsData => ({
			poolsById: indexPools(pools),
			sessions: pool ? sessions.filter(inView) : sessions,
			others: pool ? sessions.filter((session) => !inView(session)) : [],
			accounts: [account],
			accountOf: () => account,
			unread: [],
		}),
	};
}

/**
 * Every active account's pools and sessions, `onProgress` hearing after each account. An account
 * read before that cannot be read now keeps its rows as last read, as one account's view keeps its
 * last good load: its selection is not dropped as if its sessions had ended.
 */
async function everyAccount(
	client: FrameClient,
	view: Extract<SessionsView, {kind: 'every'}>,
	signal: AbortSignal,
	onRetry: Parameters<LoadFunction<unknown>>[1],
	onProgress: (done: number, total: number) => void,
	before: SessionsData | undefined,
) {
	const every = mergeLoads(
		await loadEveryAccount(client, {
			organizationId: view.organization?.id,
			signal,
			...(onRetry ? {onRetry} : {}),
			onProgress,
		}),
	);
	const readBefore = new Set(before?.accounts.map((account) => account.id));
	const unread = every.unread.map((entry) => ({...entry, stale: readBefore.has(entry.account.id)}));
	const staleIds = new Set(unread.filter((entry) => entry.stale).map((entry) => entry.account.id));
	const kept =
		before && staleIds.size > 0
			? before.sessions.filter((session) => staleIds.has(before.accountOf(session).id))
			: [];
	const sessions = kept.length > 0 ? [...every.sessions, ...kept] : every.sessions;
	const poolsById =
		before && kept.length > 0
			? new Map([...before.poolsById, ...every.poolsById])
			: every.poolsById;
	const accounts = [
		...every.accounts,
		...unread.filter((entry) => entry.stale).map((entry) => entry.account),
	];
	const {accountOf} = every;
	// Looked up now, not through the last load's: failed reads in a row do not chain loads together.
	const keptAccount = new Map(kept.map((session) => [session.id, before?.accountOf(session)]));
	const pools = [...poolsById.values()];
	return {
		pools,
		sessions,
		// The same sessions of the same accounts: unread accounts are news too.
		same: (previous: SessionsData) =>
			previous.unread.length === unread.length &&
			previous.accounts.length === accounts.length &&
			previous.accounts.every((account, index) => account.id === accounts[index]?.id),
		data: (): SessionsData => ({
			poolsById,
			sessions,
			others: [],
			accounts,
			accountOf: (session) => accountOf.get(session.id) ?? keptAccount.get(session.id) ?? {id: ''},
			unread,
		}),
	};
}

/** Two lists of the API's records with the same records in the same order, field by field. */
function sameItems(before: readonly object[], now: readonly object[]): boolean {
	if (before === now) {
		return true;
	}

	if (before.length !== now.length) {
		return false;
	}

	for (let index = 0; index < now.length; index++) {
		if (
			!sameRecord(before[index] as Record<string, unknown>, now[index] as Record<string, unknown>)
		) {
			return false;
		}
	}

	return true;
}

function sameRecord(before: Record<string, unknown>, now: Record<string, unknown>): boolean {
	const keys = Object.keys(now);
	if (keys.length !== Object.keys(before).length) {
		return false;
	}

	for (const key of keys) {
		const value = now[key];
		const was = before[key];
		if (
			value !== was &&
			!(typeof value === 'object' && JSON.stringify(value) === JSON.stringify(was))
		) {
			return false;
		}
	}

	return true;
}

/**
 * The sessions of an account (or of one of its pools), loaded and kept fresh: every
 * `refreshSeconds` while `autoRefresh` holds (never cancelling a load still in flight), and on
 * `reload()`. The table starts from what was loaded last time and from the account's selection,
 * takes in each new load keeping the cursor and the selection by id, and gives the selection back
 * to the account as it changes.
 */
export function useSessionsData(options: {
	readonly client: FrameClient;
	readonly view: SessionsView;
	/** The screen's rows, its footer's included. */
	readonly height: number;
	readonly refreshSeconds: number;
	readonly autoRefresh: boolean;
	readonly onRefreshed: (status: RefreshStatus) => void;
}) {
	const {client, view} = options;
	const loadKey =
		view.kind === 'account'
			? `sessions:${view.account.id}:${view.pool?.external_id ?? '*'}`
			: `sessions:every:${view.organization?.id ?? '*'}`;
	// How far a load of every account is: accounts read of those to read.
	const [progress, setProgress] = useState<{done: number; total: number} | undefined>(undefined);
	// The last load of this view: a refresh that finds the same sessions and pools keeps it, so the
	// table is not built again from 10,000 new rows every second for nothing.
	const last = useRef<{
		key: string;
		pools: readonly Pool[];
		sessions: readonly Session[];
		data: SessionsData;
	}>(undefined);
	const loaded = useLoad(
		loadKey,
		useCallback<LoadFunction<SessionsData>>(
			async (signal, onRetry) => {
				const found =
					view.kind === 'account'
						? await oneAccount(client, view, signal, onRetry)
						: await everyAccount(
								client,
								view,
								signal,
								onRetry,
								(done, total) => setProgress({done, total}),
								last.current?.key === loadKey ? last.current.data : undefined,
							);
				const before = last.current;
				if (
					before?.key === loadKey &&
					sameItems(before.pools, found.pools) &&
					sameItems(before.sessions, found.sessions) &&
					found.same(before.data)
				) {
					return before.data;
				}

				const data = found.data();
				last.current = {key: loadKey, pools: found.pools, sessions: found.sessions, data};
				return data;
			},
			[client, view, loadKey],
		),
		{everyMs: options.refreshSeconds * 1000, when: options.autoRefresh ? 'always' : 'never'},
	);
	useRefreshedAt(loaded, options.onRefreshed);
	const problem = loadProblem(loaded) ?? unreadProblem(loaded.data?.unread ?? []);
	// The table's header and status line take two rows of the body.
	const tableHeight = Math.max(1, bodyRows(options.height, problem) - 2);
	const selections = useSelectionStore();
	const selectedUnder = selectionKey(view);
	// One account's name for every row, or each row's own account named in its column.
	const accountName = useCallback(
		(data: SessionsData) =>
			view.kind === 'account'
				? (view.account.name ?? view.account.id)
				: (session: Session) => {
						const account = data.accountOf(session);
						return account.name ?? account.id;
					},
		[view],
	);
	const [table, dispatch] = useSessionTableState(
		tableHeight,
		selections.get(selectedUnder),
		loaded.data && {
			...loaded.data,
			account: accountName(loaded.data),
			...(loaded.loadedAt ? {now: loaded.loadedAt.getTime()} : {}),
		},
	);
	const {data, loadedAt} = loaded;
	// The table starts from cached data; only data loaded after that goes in again, and the same
	// data again only while the table holds sessions this app was closing: a load says which of
	// those are still there (every close of them may have failed).
	const inTable = useRef(data);
	const seenLoad = useRef(loadedAt);
	const closingShown = table.closing.size > 0;
	useEffect(() => {
		const newLoad = loadedAt !== seenLoad.current;
		seenLoad.current = loadedAt;
		const now = loadedAt ? {now: loadedAt.getTime()} : {};
		if (data && (data !== inTable.current || (closingShown && newLoad))) {
			inTable.current = data;
			dispatch({type: 'load', ...data, ...now, account: accountName(data)});
		} else if (newLoad && loadedAt) {
			dispatch({type: 'clock', now: loadedAt.getTime()});
		}
	}, [data, loadedAt, closingShown, dispatch, accountName]);
	useEffect(() => dispatch({type: 'resize', height: tableHeight}), [tableHeight, dispatch]);
	useEffect(() => {
		selections.set(selectedUnder, table.selected);
	}, [selections, selectedUnder, table.selected]);
	return {loaded, problem, table, dispatch, progress};
}
