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
	const loaded = useLoad(
		`sessions:${account.id}:${pool?.external_id ?? '*'}`,
		useCallback<LoadFunction<SessionsData>>(
			async (signal, onRetry) => {
				const {pools, sessions} = await loadPoolsAndSessions(client, account.id, signal, onRetry);
				const inView = (session: Session) => !pool || session.pool_id === pool.external_id;
				return {
					poolsById: indexPools(pools),
					sessions: pool ? sessions.filter(inView) : sessions,
					others: pool ? sessions.filter((session) => !inView(session)) : [],
				};
			},
			[client, account.id, pool],
		),
		{everyMs: options.refreshSeconds * 1000, when: options.autoRefresh ? 'always' : 'never'},
	);
	useRefreshedAt(loaded, options.onRefreshed);
	const problem = loadProblem(loaded);
	// The table's header and status line take two rows of the body.
	const tableHeight = Math.max(1, bodyRows(options.height, problem) - 2);
	const selections = useSelectionStore();
	const [table, dispatch] = useSessionTableState(
		tableHeight,
		selections.get(account.id),
		loaded.data,
	);
	const {data} = loaded;
	// The table starts from cached data; only data loaded after that goes in again.
	const inTable = useRef(data);
	useEffect(() => {
		if (data && data !== inTable.current) {
			inTable.current = data;
			dispatch({type: 'load', ...data});
		}
	}, [data, dispatch]);
	useEffect(() => dispatch({type: 'resize', height: tableHeight}), [tableHeight, dispatch]);
	useEffect(() => {
		selections.set(account.id, table.selected);
	}, [selections, account.id, table.selected]);
	return {loaded, problem, table, dispatch};
}
