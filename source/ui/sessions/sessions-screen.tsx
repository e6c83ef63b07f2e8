import {basename, dirname} from 'node:path';
import {Text} from 'ink';
import {type ReactNode, useState} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Session} from '../../api/types.js';
import {describeError} from '../../errors.js';
import {plural} from '../../format/text.js';
import {sessionFields, sessionRecord} from '../../ops/session-record.js';
import {CloseRun} from '../close/close-run.js';
import {ConfirmBox, type DialogRequest, useDialog} from '../components/dialog.js';
import {ErrorPanel} from '../components/message-panel.js';
import {ScreenLayout} from '../components/screen-layout.js';
import {exportCsv} from '../export-csv.js';
import {useAppActions} from '../keys/actions.js';
import {useScreenKeys} from '../keys/screen-keys.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';
import type {RefreshStatus} from '../use-refreshed-at.js';
import {
	confirmQuestion,
	poolBreakdown,
	sessionsWhere,
	useFilterActions,
	useTableActions,
} from './session-actions.js';
import {SessionDetails} from './session-details.js';
import {hiddenSelected} from './session-selection.js';
import {SessionTable} from './session-table.js';
import type {TableRow} from './use-session-table-state.js';
import {
	type SessionsData,
	type SessionsView,
	unreadLines,
	useSessionsData,
	viewName,
} from './use-sessions-data.js';

type Mode =
	| {readonly kind: 'table'}
	| {readonly kind: 'details'; readonly row: TableRow}
	| {readonly kind: 'confirm'; readonly sessions: readonly Session[]}
	| {readonly kind: 'closing'; readonly sessions: readonly Session[]};

/** What the sessions screen needs from the app. */
export type SessionsScreenProps = {
	readonly client: FrameClient;
	/** One account's sessions (of one pool, or all its pools), or every account's. */
	readonly view: SessionsView;
	readonly width: number;
	readonly height: number;
	readonly active: boolean;
	readonly refreshSeconds: number;
	readonly concurrency: number;
	/** How long a close waits for an unavailable API before it stops, in ms. */
	readonly patienceMs: number;
	/** How long closes in flight get after a stop, in ms. */
	readonly graceMs: number;
	readonly onBack: () => void;
	readonly onQuit: () => void;
	readonly onRefreshed: (status: RefreshStatus) => void;
	/** The folder `e` writes its CSV file to: the current one unless said. */
	readonly exportFolder?: string | undefined;
};

/** The sessions table: select many, then close them with live progress. */
export function SessionsScreen(props: SessionsScreenProps) {
	const [mode, setMode] = useState<Mode>({kind: 'table'});
	const [message, setNotice] = useState<string | undefined>(undefined);
	const {loaded, problem, table, dispatch, progress} = useSessionsData({
		...props,
		autoRefresh: mode.kind === 'table',
	});
	const {data} = loaded;
	const inTable = props.active && mode.kind === 'table';
	const tableActions = useTableActions({
		table,
		dispatch,
		isActive: inTable && !table.editingFilter,
		reload: loaded.reload,
		onClose: (sessions) => setMode({kind: 'confirm', sessions}),
		onDetails: (row) => setMode({kind: 'details', row}),
		onBack: props.onBack,
		onNotice: setNotice,
		onExport: () => {
			if (!data) {
				setNotice('Nothing to export yet: the sessions are still loading.');
				return;
			}

			try {
				const path = exportCsv({
					folder: props.exportFolder ?? '.',
					what: 'sessions',
					name: viewName(props.view),
					now: new Date(),
					fields: sessionFields,
					rows: table.visible.map((row) =>
						sessionRecord(row.session, data.poolsById, data.accountOf(row.session)),
					),
				});
				// The file's name first: a narrow line cuts the folder, not the name.
				setNotice(
					`Wrote ${plural(table.visible.length, 'session')} to ${basename(path)} in ${dirname(path)}`,
				);
			} catch (error) {
				setNotice(`Export failed: ${describeError(error).line}`);
			}
		},
	});
	const filterActions = useFilterActions({dispatch, isActive: inTable && table.editingFilter});
	// A notice lasts one key: this hears every key first, and passes it on.
	useScreenKeys(
		() => {
			setNotice(undefined);
			return false;
		},
		{isActive: inTable, layer: 'watch'},
	);
	const appActions = useAppActions();
	const where = data && whereOf(props.view, data);
	const confirm: DialogRequest | undefined =
		mode.kind === 'confirm' && data && where
			? {
					lines: [
						confirmQuestion(mode.sessions, data.poolsById, where, hiddenSelected(table)),
						poolBreakdown(
							mode.sessions,
							data.poolsById,
							props.view.kind === 'every' ? data.accountOf : undefined,
						),
						// Never silently left out: the accounts not read are not in the close.
						...unreadLines(data.unread),
						'Users are disconnected at once.',
					],
					yes: 'close them',
					no: 'keep them',
					place: 'box',
					// Help and quit work at the question as everywhere, so its footer lists them too.
					actions: appActions,
					passThrough: ['interrupt'],
					onAnswer: (yes) => {
						if (yes) {
							dispatch({type: 'closing', ids: mode.sessions.map((session) => session.id)});
							setMode({kind: 'closing', sessions: mode.sessions});
						} else {
							setMode({kind: 'table'});
						}
					},
				}
			: undefined;
	const confirmActions = useDialog(confirm, props.active);

	if (mode.kind === 'closing' && data && where) {
		return (
			<CloseRun
				client={props.client}
				account={props.view.kind === 'account' ? props.view.account : undefined}
				accountOf={data.accountOf}
				unread={data.unread}
				where={(sessions) => sessionsWhere(sessions, where)}
				sessions={mode.sessions}
				poolsById={data.poolsById}
				concurrency={props.concurrency}
				patienceMs={props.patienceMs}
				graceMs={props.graceMs}
				width={props.width}
				height={props.height}
				active={props.active}
				onDone={() => {
					setMode({kind: 'table'});
					loaded.reload();
				}}
				onQuit={props.onQuit}
				exportFolder={props.exportFolder}
			/>
		);
	}

	if (mode.kind === 'details') {
		return (
			<SessionDetails
				row={mode.row}
				width={props.width}
				height={props.height}
				active={props.active}
				onClose={() => setMode({kind: 'table'})}
			/>
		);
	}

	return (
		<ScreenLayout
			width={props.width}
			height={props.height}
			actions={
				mode.kind === 'confirm'
					? confirmActions
					: table.editingFilter
						? filterActions
						: tableActions
			}
			problem={problem}
			bottom={bottomLine(props.width, message ?? endedNotice(table.ended))}
		>
			{confirm ? (
				<ConfirmBox width={props.width} request={confirm} />
			) : (
				<SessionsBody {...props} loaded={loaded} table={table} progress={progress} />
			)}
		</ScreenLayout>
	);
}

/** The table, or why there is none yet. */
function SessionsBody(
	props: SessionsScreenProps & {
		readonly loaded: ReturnType<typeof useSessionsData>['loaded'];
		readonly table: ReturnType<typeof useSessionsData>['table'];
		readonly progress: ReturnType<typeof useSessionsData>['progress'];
	},
): ReactNode {
	const {loaded, table} = props;
	if (loaded.error !== undefined && !loaded.data) {
		return <ErrorPanel load={loaded} what="the sessions" />;
	}

	if (!loaded.data || !table.loaded) {
		const {progress} = props;
		return (
			<Text>
				{progress && props.view.kind === 'every'
					? `Loading sessions: ${progress.done}/${plural(progress.total, 'account')} read…`
					: 'Loading sessions…'}
			</Text>
		);
	}

	const {view} = props;
	return (
		<SessionTable
			state={table}
			width={props.width}
			now={loaded.loadedAt?.getTime() ?? Date.now()}
			emptyText={
				view.kind === 'every'
					? 'No active sessions in any account.'
					: view.pool
						? 'No active sessions in this pool.'
						: 'No active sessions in this account.'
			}
		/>
	);
}

/** Where the view's sessions are, for the question and the close: the account, or each one's. */
function whereOf(view: SessionsView, data: SessionsData) {
	return view.kind === 'account'
		? view.account
		: {accountOf: data.accountOf, organization: view.organization};
}

/** "3 selected sessions have ended", after a load that found them gone. */
function endedNotice(ended: number): string | undefined {
	return ended === 0
		? undefined
		: ended === 1
			? '1 selected session has ended: it left the selection.'
			: `${ended} selected sessions have ended: they left the selection.`;
}

/** A notice in place of the footer; undefined when there is none, so the footer shows. */
function bottomLine(width: number, message: string | undefined): ReactNode {
	return message ? <NoticeLine text={message} width={width} /> : undefined;
}

/** One line of warning in place of the footer. */
function NoticeLine(props: {readonly text: string; readonly width: number}) {
	const theme = useTheme();
	return (
		<Text color={theme.warn} bold>
			{fitCell(props.text, props.width)}
		</Text>
	);
}
