import {useCallback, useEffect, useRef} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Account, Pool} from '../../api/types.js';
import {indexPools, loadPoolsAndSessions} from '../../ops/select.js';
import {useLoad} from '../use-load.js';
import {useRefreshedAt} from '../use-refreshed-at.js';
import {useSessionTableState} from './use-session-table-state.js';

/**
 * The sessions of an account (or of one of its pools), loaded and kept fresh: every
 * `refreshSeconds` while `autoRefresh` holds, and on `reload()`. The table starts from what was
 * loaded last time and takes in each new load, keeping the cursor and the selection by id.
 */
export function useSessionsData(options: {
	readonly client: FrameClient;
	readonly account: Account;
	readonly pool: Pool | undefined;
	readonly tableHeight: number;
	readonly refreshSeconds: number;
	readonly autoRefresh: boolean;
	readonly onRefreshed: (at: Date) => void;
}) {
	const {client, account, pool} = options;
	const loaded = useLoad(
		`sessions:${account.id}:${pool?.external_id ?? '*'}`,
		useCallback(
			async (signal: AbortSignal) => {
				const {pools, sessions} = await loadPoolsAndSessions(client, account.id, signal);
				return {
					poolsById: indexPools(pools),
					sessions: pool
						? sessions.filter((session) => session.pool_id === pool.external_id)
						: sessions,
				};
			},
			[client, account.id, pool],
		),
	);
	useRefreshedAt(loaded.loadedAt, options.onRefreshed);
	const [table, dispatch] = useSessionTableState(options.tableHeight, loaded.data);
	const {data, reload} = loaded;
	// The table starts from cached data; only data loaded after that goes in again.
	const inTable = useRef(data);
	useEffect(() => {
		if (data && data !== inTable.current) {
			inTable.current = data;
			dispatch({type: 'load', sessions: data.sessions, poolsById: data.poolsById});
		}
	}, [data, dispatch]);
	useEffect(
		() => dispatch({type: 'resize', height: options.tableHeight}),
		[options.tableHeight, dispatch],
	);
	useEffect(() => {
		if (!options.autoRefresh || options.refreshSeconds <= 0) {
			return;
		}

		const timer = setInterval(reload, options.refreshSeconds * 1000);
		return () => clearInterval(timer);
	}, [options.autoRefresh, options.refreshSeconds, reload]);
	return {loaded, table, dispatch};
}
