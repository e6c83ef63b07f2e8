import {useCallback, useMemo} from 'react';
import type {FrameClient} from '../api/client.js';
import type {Account, Pool} from '../api/types.js';
import {plural} from '../format/text.js';
import {countByPool, isKind, loadPoolsAndSessions} from '../ops/select.js';
import {useSelectionStore} from './account-selection.js';
import {ListBody} from './components/list-body.js';
import {bodyRows, ScreenLayout} from './components/screen-layout.js';
import type {SelectRow} from './components/select-table.js';
import {useListActions} from './keys/use-list-actions.js';
import {loadProblem} from './load-status.js';
import type {ColumnSpec} from './table-layout.js';
import {type LoadFunction, useLoad} from './use-load.js';
import {type RefreshStatus, useRefreshedAt} from './use-refreshed-at.js';

const columns: readonly ColumnSpec[] = [
	{header: 'Name', min: 12, weight: 3},
	{header: 'Kind', min: 10, max: 14, weight: 1},
	{header: 'Id', min: 12, weight: 2, max: 40},
	{header: 'Sessions', min: 8, max: 8, align: 'right'},
];

type PoolsData = {
	readonly pools: readonly Pool[];
	readonly counts: ReadonlyMap<string | undefined, number>;
	readonly total: number;
};

/** The rows: "All pools" first, then each pool with its active sessions; production stands out. */
function poolRows(data: PoolsData): SelectRow<Pool | undefined>[] {
	return [
		{key: '*all*', value: undefined, cells: ['All pools', '', '', String(data.total)]},
		...data.pools.map((pool) => ({
			key: pool.external_id,
			value: pool,
			cells: [
				pool.name ?? pool.external_id,
				pool.kind ?? '—',
				pool.external_id,
				String(data.counts.get(pool.external_id) ?? 0),
			],
			emphasis: isKind(pool, 'production'),
		})),
	];
}

/** An account's pools with their active sessions; a first row opens all of them. */
export function PoolsScreen(props: {
	readonly client: FrameClient;
	readonly account: Account;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	readonly initialIndex: number;
	readonly onHighlight: (index: number) => void;
	/** Opens one pool's sessions, or all of the account's pools' when `pool` is undefined. */
	readonly onOpen: (pool: Pool | undefined) => void;
	readonly onBack: () => void;
	readonly onRefreshed: (status: RefreshStatus) => void;
	readonly refreshSeconds: number;
}) {
	const {client, account} = props;
	const loaded = useLoad(
		`pools:${account.id}`,
		useCallback<LoadFunction<PoolsData>>(
			async (signal, onRetry) => {
				const {pools, sessions} = await loadPoolsAndSessions(client, account.id, signal, onRetry);
				return {pools, counts: countByPool(sessions), total: sessions.length};
			},
			[client, account.id],
		),
		{everyMs: props.refreshSeconds * 1000, when: 'failed'},
	);
	useRefreshedAt(loaded, props.onRefreshed);
	const selected = useSelectionStore().get(account.id).size;
	const {data} = loaded;
	// Once per load, so the table's id shortening is not worked out again on every render.
	const rows = useMemo(() => (data && data.pools.length > 0 ? poolRows(data) : []), [data]);
	const problem = loadProblem(loaded);
	// The table, its header and its status line.
	const bodyHeight = bodyRows(props.height, problem);
	const {cursor, actions} = useListActions({
		rows,
		height: bodyHeight - 2,
		isActive: props.active,
		initialIndex: props.initialIndex,
		onHighlight: props.onHighlight,
		opens: 'sessions',
		onOpen: (row) => props.onOpen(row.value),
		reload: loaded.reload,
		more: [{action: 'back', does: 'back', run: props.onBack}],
	});

	return (
		<ScreenLayout width={props.width} height={props.height} actions={actions} problem={problem}>
			<ListBody
				load={loaded}
				what={`the pools and sessions of ${account.name ?? account.id}`}
				loading="Loading pools…"
				empty={{title: 'No pools', line: 'This account has no pools.'}}
				columns={columns}
				rows={rows}
				idColumn={2}
				status={`${plural(data?.pools.length ?? 0, 'pool')} · ${selected} selected`}
				width={props.width}
				height={bodyHeight}
				index={cursor.index}
			/>
		</ScreenLayout>
	);
}
