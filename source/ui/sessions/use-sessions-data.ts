import {useCallback, useEffect, useRef} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Account, Pool, Session} from '../../api/types.js';
import {indexPools, loadPoolsAndSessions} from '../../ops/select.js';
import {useSelectionStore} from '../account-selection.js';
import {bodyRows} from '../components/screen-layout.js';
import {loadProblem} from '../load-status.js';
import {type LoadFunction, useLoad} from '../use-load.js';
import {type RefreshStatus, useRefreshedAt} from '../use-refreshed-at.js';
import {useSessionTableState} from './use-session-table-state.js';

/** One load of the sessions screen: this view's sessions, the account's others, every pool. */
type SessionsData = {
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly sessions: readonly Session[];
	readonly others: readonly Session[];
};

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
	readonly account: Account;
	readonly pool: Pool | undefined;
	/** The screen's rows, its footer's included. */
	readonly height: number;
	readonly refreshSeconds: number;
	readonly autoRefresh: boolean;
	readonly onRefreshed: (status: RefreshStatus) => void;
}) {
	const {client, account, pool} = options;
	const loadKey = `sessions:${account.id}:${pool?.external_id ?? '*'}`;
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
				const {pools, sessions} = await loadPoolsAndSessions(client, account.id, signal, onRetry);
				if (
					last.current?.key === loadKey &&
					sameItems(last.current.pools, pools) &&
					sameItems(last.current.sessions, sessions)
				) {
					return last.current.data;
				}

				const inView = (session: Session) => !pool || session.pool_id === pool.external_id;
				const data = {
					poolsById: indexPools(pools),
					sessions: pool ? sessions.filter(inView) : sessions,
					others: pool ? sessions.filter((session) => !inView(session)) : [],
				};
				last.current = {key: loadKey, pools, sessions, data};
				return data;
			},
			[client, account.id, pool, loadKey],
		),
		{everyMs: options.refreshSeconds * 1000, when: options.autoRefresh ? 'always' : 'never'},
	);
	useRefreshedAt(loaded, options.onRefreshed);
	const problem = loadProblem(loaded);
	// The table's header and status line take two rows of the body.
	const tableHeight = Math.max(1, bodyRows(options.height, problem) - 2);
	const selections = useSelectionStore();
	const accountName = account.name ?? account.id;
	const [table, dispatch] = useSessionTableState(
		tableHeight,
		selections.get(account.id),
		loaded.data && {
			...loaded.data,
			account: accountName,
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
			dispatch({type: 'load', ...data, ...now, account: accountName});
		} else if (newLoad && loadedAt) {
			dispatch({type: 'clock', now: loadedAt.getTime()});
		}
	}, [data, loadedAt, closingShown, dispatch, accountName]);
	useEffect(() => dispatch({type: 'resize', height: tableHeight}), [tableHeight, dispatch]);
	useEffect(() => {
		selections.set(account.id, table.selected);
	}, [selections, account.id, table.selected]);
	return {loaded, problem, table, dispatch};
}
