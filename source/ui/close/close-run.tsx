import {basename, dirname} from 'node:path';
import {Box, Text} from 'ink';
import {useEffect, useMemo, useReducer, useState} from 'react';
import {describeError} from '../../errors.js';
import {sanitize} from '../../format/sanitize.js';
import {plural, wrapWords} from '../../format/text.js';
import {resultFields} from '../../ops/session-record.js';
import {barLines, ConfirmBox, type DialogRequest, dialogText} from '../components/dialog.js';
import {Footer} from '../components/footer.js';
import {isTooSmall, TooSmall} from '../components/too-small.js';
import {exportCsv} from '../export-csv.js';
import type {ScreenAction} from '../keys/actions.js';
import {useScreenKeys} from '../keys/screen-keys.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {useTerminalSize} from '../use-terminal-size.js';
import {RunHeader, runLayout} from './close-bars.js';
import {closeDialog} from './close-dialogs.js';
import type {CloseRunState} from './close-run-state.js';
import {followOffset, listRows, overallLine, type RowList, runTitle} from './close-run-text.js';
import {useShowCloseView} from './close-runs.js';
import {
	type CloseViewEvent,
	closeViewReducer,
	commandOf,
	initialCloseView,
	shownQuestion,
} from './close-view-state.js';
import {fitRunList, RunList} from './run-list.js';
import {type CloseRunOptions, useCloseRun} from './use-close-run.js';
import {useCloseViewKeys} from './use-close-view-keys.js';

/**
 * Closes sessions with the engine and shows it live: overall and per-pool bars, every session's
 * fate. The run is `useCloseRun`'s, the view's questions and scrolling `closeViewReducer`'s, its
 * keys `useCloseViewKeys`'; `CloseRunView` only draws.
 */
export function CloseRun(
	props: CloseRunOptions & {
		readonly width: number;
		readonly height: number;
		readonly active: boolean;
		readonly onDone: () => void;
		readonly onQuit: () => void;
		/** The folder `e` writes the results to: the current one unless said. */
		readonly exportFolder?: string | undefined;
	},
) {
	const [view, dispatch] = useReducer(closeViewReducer, initialCloseView);
	const [notice, setNotice] = useState<string | undefined>(undefined);
	// A notice lasts one key, as on the sessions screen.
	useScreenKeys(
		() => {
			setNotice(undefined);
			return false;
		},
		{isActive: props.active && notice !== undefined, layer: 'watch'},
	);
	const run = useCloseRun(props);
	useShowCloseView();
	const {state} = run;
	const finished = state.phase === 'done';
	/** An event of the view: its new state, and what it tells the run, if anything. */
	const send = (event: CloseViewEvent) => {
		const command = commandOf(view, event);
		dispatch(event);
		if (command) {
			run[command]();
		}
	};

	const {onQuit} = props;
	useEffect(() => {
		if (finished && view.quitWhenDone) {
			onQuit();
		}
	}, [finished, view.quitWhenDone, onQuit]);

	const dialog = closeDialog({
		question: shownQuestion(view, finished),
		state,
		graceMs: props.graceMs,
		where: props.where,
		send,
	});
	const rows = useMemo(() => listRows(state, view.openOnly), [state, view.openOnly]);
	// Once per run and width: the run's sessions stay the same while it runs.
	const listLayout = useMemo(
		() => fitRunList(props.sessions, props.width),
		[props.sessions, props.width],
	);
	// A question in a bar is wrapped, not cut: what happens to the rest is at its end.
	const bar = dialog?.place === 'bar' ? barLines(dialog, props.width) : undefined;
	const layout = runLayout(state, props.height, props.width, bar?.length ?? 1);
	const maxOffset = Math.max(0, rows.length - layout.listHeight);
	// The not-closed list starts at its top, the failed; the full list follows the run.
	const follow = view.openOnly ? 0 : followOffset(rows, layout.listHeight);
	const offset = view.scroll === 'follow' ? follow : Math.min(view.scroll, maxOffset);
	const actions = useCloseViewKeys({
		active: props.active,
		view,
		state,
		dialog,
		offset,
		maxOffset,
		listHeight: layout.listHeight,
		send,
		onDone: props.onDone,
		onExport: () => {
			try {
				const path = exportCsv({
					folder: props.exportFolder ?? '.',
					what: 'close',
					name: props.where(props.sessions),
					now: new Date(),
					fields: resultFields(
						props.poolsById,
						(id) => {
							const at = state.rows.indexOf(id);
							const session = at === undefined ? undefined : state.rows.at(at)?.session;
							return session && props.accountOf(session);
						},
						props.sessions,
					),
					rows: [...state.rows].map((row) => ({
						id: row.session.id,
						...(row.session.pool_id === undefined ? {} : {pool_id: row.session.pool_id}),
						// Once the run has ended every row has its result; were one still closing, its
						// DELETE was in flight, which the engine reports as unknown.
						status:
							row.status === 'queued'
								? 'not_attempted'
								: row.status === 'closing'
									? 'unknown'
									: row.status,
						attempts: row.attempts,
						...(row.error === undefined ? {} : {error: row.error}),
					})),
				});
				setNotice(
					`Wrote ${plural(state.rows.length, 'result')} to ${basename(path)} in ${dirname(path)}`,
				);
			} catch (error) {
				setNotice(`Export failed: ${describeError(error).line}`);
			}
		},
	});
	return (
		<CloseRunView
			state={state}
			rows={rows}
			listLayout={listLayout}
			layout={layout}
			offset={offset}
			dialog={dialog}
			actions={actions}
			notice={notice}
			width={props.width}
			height={props.height}
		/>
	);
}

/** The keys of the close view that still mean something on a window too small to show it. */
const smallWindowActions: ReadonlySet<ScreenAction['action']> = new Set([
	'back',
	'interrupt',
	'quit',
	'yes',
	'no',
]);

/**
 * The close view as drawn: the header, then the list or the retry's question in its place, then
 * the footer or the stop or quit question in its place; on a window too small, the notice.
 */
function CloseRunView(props: {
	readonly state: CloseRunState;
	readonly rows: RowList;
	readonly listLayout: ReturnType<typeof fitRunList>;
	readonly layout: ReturnType<typeof runLayout>;
	readonly offset: number;
	readonly dialog: DialogRequest | undefined;
	readonly actions: readonly ScreenAction[];
	/** A line in place of the footer until the next key: where `e` wrote the results. */
	readonly notice: string | undefined;
	readonly width: number;
	readonly height: number;
}) {
	const {state, dialog, layout, width} = props;
	const theme = useTheme();
	const size = useTerminalSize();
	if (isTooSmall(size)) {
		return (
			<SmallWindow
				state={state}
				columns={size.columns}
				rows={size.rows}
				question={dialog ? dialogText(dialog) : undefined}
				actions={props.actions.filter((action) => smallWindowActions.has(action.action))}
			/>
		);
	}

	return (
		<Box flexDirection="column" height={props.height}>
			<RunHeader state={state} width={width} layout={layout} />
			{dialog?.place === 'box' ? (
				<Box flexDirection="column" height={layout.listHeight}>
					<ConfirmBox request={dialog} width={width} />
				</Box>
			) : (
				<RunList
					rows={props.rows}
					now={state.now}
					layout={props.listLayout}
					offset={props.offset}
					height={layout.listHeight}
					apiDown={state.api.status === 'unavailable'}
				/>
			)}
			{dialog?.place === 'bar' ? (
				<ConfirmBox request={dialog} width={width} />
			) : props.notice ? (
				<Text color={theme.warn} bold>
					{fitCell(props.notice, width)}
				</Text>
			) : (
				<Footer width={width} actions={props.actions} />
			)}
		</Box>
	);
}

/** The close on a window too small for its view: the notice, how far it is, its question or keys. */
function SmallWindow(props: {
	readonly state: CloseRunState;
	readonly columns: number;
	readonly rows: number;
	/** The question asked, in words, if one is. */
	readonly question: string | undefined;
	readonly actions: readonly ScreenAction[];
}) {
	const theme = useTheme();
	const {columns} = props;
	return (
		<TooSmall columns={columns} rows={props.rows}>
			{/* Two lines when there is room: the end of a stopped run's title is what it left. */}
			{wrapWords(runTitle(props.state), columns, props.question ? 1 : 2).map((line) => (
				<Text key={line}>{fitCell(line, columns)}</Text>
			))}
			<Text>{fitCell(overallLine(props.state, columns), columns)}</Text>
			{props.question ? (
				<Box width={columns}>
					<Text bold color={theme.warn} inverse={!theme.warn} wrap="wrap">
						{sanitize(props.question, {cell: true})}
					</Text>
				</Box>
			) : (
				<Footer width={columns} actions={props.actions} />
			)}
		</TooSmall>
	);
}
