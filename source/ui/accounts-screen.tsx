import {useCallback, useMemo} from 'react';
import type {FrameClient} from '../api/client.js';
import type {Account, Organization} from '../api/types.js';
import {plural} from '../format/text.js';
import {formatDateTime} from '../format/time.js';
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
	{header: 'Id', min: 12, weight: 2, max: 40},
	{header: 'Active', min: 6, max: 6},
	{header: 'Last publish', min: 16, max: 16},
];

/**
 * The rows: "All accounts" first, which opens every active account's sessions in one table, when
 * there is more than one account; then each account.
 */
function accountRows(accounts: readonly Account[]): SelectRow<Account | undefined>[] {
	const rows = accounts.map(accountRow);
	const active = accounts.filter((account) => account.active !== false).length;
	return active > 1
		? [
				{key: '*all*', value: undefined, cells: ['All accounts', `${active} active`, '', '']},
				...rows,
			]
		: rows;
}

/** An account as a row of the table. */
function accountRow(account: Account): SelectRow<Account> {
	return {
		key: account.id,
		value: account,
		cells: [
			account.name ?? '—',
			account.id,
			account.active === undefined ? '—' : account.active ? 'yes' : 'no',
			formatDateTime(account.last_publish),
		],
	};
}

/** The accounts the credentials can see, or one organization's; Enter opens one's pools. */
export function AccountsScreen(props: {
	readonly client: FrameClient;
	/** Only this organization's accounts; every account the credentials see when undefined. */
	readonly organization?: Organization | undefined;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	/** Where the cursor was; on the first account (past "All accounts") at first. */
	readonly initialIndex: number | undefined;
	readonly onHighlight: (index: number) => void;
	/** Opens an account's pools, or every account's sessions when `account` is undefined. */
	readonly onOpen: (account: Account | undefined) => void;
	readonly onRefreshed: (status: RefreshStatus) => void;
	readonly refreshSeconds: number;
	/** Back to the level below, when there is one: what Esc goes to ("organizations"). */
	readonly back?: {readonly to: string; readonly run: () => void} | undefined;
}) {
	const {client, onHighlight} = props;
	const organizationId = props.organization?.id;
	const accounts = useLoad(
		`accounts:${organizationId ?? '*'}`,
		useCallback<LoadFunction<readonly Account[]>>(
			(signal, onRetry) => client.listAccounts({signal, onRetry, organizationId}),
			[client, organizationId],
		),
		{everyMs: props.refreshSeconds * 1000, when: 'failed'},
	);
	useRefreshedAt(accounts, props.onRefreshed);
	// Once per load, so the table's id shortening is not worked out again on every render.
	const rows = useMemo(() => accountRows(accounts.data ?? []), [accounts.data]);
	const allRow = rows[0]?.value === undefined && rows.length > 0;
	const problem = loadProblem(accounts);
	// The table, its header and its status line.
	const bodyHeight = bodyRows(props.height, problem);
	const {cursor, actions} = useListActions({
		rows,
		height: bodyHeight - 2,
		isActive: props.active,
		// Reading every account costs a request or two per account: a choice, not where one starts.
		initialIndex: props.initialIndex,
		startIndex: allRow ? 1 : 0,
		onHighlight,
		// "All accounts" opens every account's sessions, an account its pools.
		opens: (row) => (row && row.value === undefined ? 'sessions' : 'pools'),
		onOpen: (row) => props.onOpen(row.value),
		reload: accounts.reload,
		more: props.back ? [{action: 'back', does: props.back.to, run: props.back.run}] : [],
	});

	return (
		<ScreenLayout width={props.width} height={props.height} actions={actions} problem={problem}>
			<ListBody
				load={accounts}
				what="accounts"
				loading="Loading accounts…"
				empty={{title: 'No accounts', line: 'No accounts are visible to these credentials.'}}
				columns={columns}
				rows={rows}
				idColumn={1}
				status={plural(accounts.data?.length ?? 0, 'account')}
				width={props.width}
				height={bodyHeight}
				index={cursor.index}
			/>
		</ScreenLayout>
	);
}
