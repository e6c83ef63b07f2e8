import {Text} from 'ink';
import {type ReactNode, useCallback, useEffect, useRef, useState} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Account, Pool, Session} from '../../api/types.js';
import {describeError} from '../../errors.js';
import {indexPools, loadPoolsAndSessions} from '../../ops/select.js';
import {CloseRun} from '../close/close-run.js';
import {ErrorPanel} from '../components/message-panel.js';
import {ScreenLayout} from '../components/screen-layout.js';
import {viewKeys} from '../keymap.js';
import {useScreenKeys} from '../screen-keys.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {useLoad} from '../use-load.js';
import {useRefreshedAt} from '../use-refreshed-at.js';
import {ConfirmClose} from './confirm-close.js';
import {SessionTable} from './session-table.js';
import {selectedSessions, useSessionTableState} from './use-session-table-state.js';

type Mode =
	| {readonly kind: 'table'}
	| {readonly kind: 'confirm'; readonly sessions: readonly Session[]}
	| {readonly kind: 'closing'; readonly sessions: readonly Session[]};

/** What the sessions screen needs from the app. */
export type SessionsScreenProps = {
	readonly client: FrameClient;
	readonly account: Account;
	/** One pool, or all of the account's pools when undefined. */
	readonly pool: Pool | undefined;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	readonly refreshSeconds: number;
	readonly readOnly: boolean;
	readonly concurrency: number;
	readonly onBack: () => void;
	readonly onQuit: () => void;
	readonly onRefreshed: (at: Date) => void;
};

/** The sessions table: select many, then close them with live progress. */
export function SessionsScreen(props: SessionsScreenProps) {
	const {client, account, pool} = props;
	const theme = useTheme();
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
	useRefreshedAt(loaded.loadedAt, props.onRefreshed);
	// Table header and status line take two rows, the footer one.
	const tableHeight = Math.max(1, props.height - 3);
	const [table, dispatch] = useSessionTableState(tableHeight, loaded.data);
	const [mode, setMode] = useState<Mode>({kind: 'table'});
	const [notice, setNotice] = useState<string | undefined>(undefined);
	const {data, reload} = loaded;
	// The table starts from cached data; only data loaded after that goes in again.
	const inTable = useRef(data);

	useEffect(() => {
		if (data && data !== inTable.current) {
			inTable.current = data;
			dispatch({type: 'load', sessions: data.sessions, poolsById: data.poolsById});
		}
	}, [data, dispatch]);

	useEffect(() => dispatch({type: 'resize', height: tableHeight}), [tableHeight, dispatch]);
	useEffect(() => {
		if (mode.kind !== 'table' || props.refreshSeconds <= 0) {
			return;
		}

		const timer = setInterval(reload, props.refreshSeconds * 1000);
		return () => clearInterval(timer);
	}, [mode.kind, props.refreshSeconds, reload]);

	useScreenKeys((key, action) => {
		if (!props.active || mode.kind === 'closing') {
			return false;
		}

		if (mode.kind === 'confirm') {
			if (action === 'yes') {
				setMode({kind: 'closing', sessions: mode.sessions});
				return true;
			}

			if (action === 'help' || action === 'quit' || action === 'interrupt') {
				return false;
			}

			// No is the default: n, Enter, Esc and every other key keep the sessions open.
			setMode({kind: 'table'});
			return true;
		}

		setNotice(undefined);
		if (table.editingFilter) {
			if (key.name === 'enter') {
				dispatch({type: 'filterKeep'});
			} else if (key.name === 'escape') {
				dispatch({type: 'filterClear'});
			} else if (key.name === 'backspace' || key.name === 'delete') {
				dispatch({type: 'filterBackspace'});
			} else if (
				key.name === 'up' ||
				key.name === 'down' ||
				key.name === 'pageup' ||
				key.name === 'pagedown'
			) {
				dispatch({
					type: 'move',
					to: ({up: 'up', down: 'down', pageup: 'pageUp', pagedown: 'pageDown'} as const)[key.name],
				});
			} else if (key.text) {
				dispatch({type: 'filterType', text: key.text});
			} else {
				return key.name !== 'ctrl-c';
			}

			return true;
		}

		switch (action) {
			case 'up':
			case 'down':
			case 'pageUp':
			case 'pageDown':
			case 'home':
			case 'end':
				dispatch({type: 'move', to: action});
				return true;
			case 'toggle':
			case 'range':
			case 'all':
			case 'production':
			case 'sort':
				dispatch({type: action});
				return true;
			case 'filter':
				dispatch({type: 'filterStart'});
				return true;
			case 'refresh':
				reload();
				return true;
			case 'close': {
				const sessions = selectedSessions(table);
				if (props.readOnly) {
					setNotice('Read-only: closing is disabled (started with --read-only).');
				} else if (sessions.length === 0) {
					setNotice(
						'Nothing selected: Space selects a row, a every row, p every production session.',
					);
				} else {
					setMode({kind: 'confirm', sessions});
				}

				return true;
			}

			case 'back':
				if (table.filter) {
					dispatch({type: 'filterClear'});
				} else {
					props.onBack();
				}

				return true;
			default:
				return false;
		}
	});

	if (mode.kind === 'closing' && data) {
		return (
			<CloseRun
				client={client}
				accountId={account.id}
				sessions={mode.sessions}
				poolsById={data.poolsById}
				concurrency={props.concurrency}
				width={props.width}
				height={props.height}
				onDone={() => {
					setMode({kind: 'table'});
					reload();
				}}
				onQuit={props.onQuit}
			/>
		);
	}

	let body: ReactNode;
	if (loaded.error !== undefined && !data) {
		body = <ErrorPanel error={loaded.error} what="the sessions" />;
	} else if (!data || !table.loaded) {
		body = <Text>Loading sessions…</Text>;
	} else {
		body = (
			<SessionTable
				state={table}
				width={props.width}
				now={loaded.loadedAt?.getTime() ?? Date.now()}
				emptyText={
					pool ? 'No active sessions in this pool.' : 'No active sessions in this account.'
				}
			/>
		);
	}

	const footer =
		mode.kind === 'confirm'
			? viewKeys.confirm
			: table.editingFilter
				? viewKeys.filter
				: viewKeys.sessions;
	const visibleHints = props.readOnly ? footer.filter((hint) => hint.action !== 'close') : footer;
	const bottom = notice ? (
		<Text color={theme.warn} bold>
			{fitCell(notice, props.width)}
		</Text>
	) : loaded.error !== undefined && data ? (
		<Text color={theme.error}>
			{fitCell(`Refresh failed: ${describeError(loaded.error).line} (r retries)`, props.width)}
		</Text>
	) : undefined;
	return (
		<ScreenLayout width={props.width} height={props.height} hints={visibleHints} bottom={bottom}>
			{mode.kind === 'confirm' && data ? (
				<ConfirmClose sessions={mode.sessions} poolsById={data.poolsById} width={props.width} />
			) : (
				body
			)}
		</ScreenLayout>
	);
}
