import {Box, Text} from 'ink';
import {useEffect, useMemo, useReducer} from 'react';
import {sanitize} from '../../format/sanitize.js';
import {wrapWords} from '../../format/text.js';
import {ConfirmBox, ConfirmLines, confirmLines, useConfirm} from '../components/confirm.js';
import {Footer} from '../components/footer.js';
import {isTooSmall, TooSmall} from '../components/too-small.js';
import {moveActions, type ScreenAction, useAppActions, useScreenActions} from '../keys/actions.js';
import {keyLabel} from '../keys/keymap.js';
import {fitCell} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {useTerminalSize} from '../use-terminal-size.js';
import {moveTo} from '../viewport.js';
import {RunHeader, runLayout} from './close-bars.js';
import {type CloseRunState, retryableStatuses} from './close-run-state.js';
import {followOffset, listRows, overallLine, retryQuestion, runTitle} from './close-run-text.js';
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

type Question = 'stop' | 'quit';

/**
 * The question a stop or a quit asks, with the grace closes in flight get; its keys are the key
 * map's ("y/N": yes, or no by default; Ctrl-C at once).
 */
function questionText(question: Question, graceMs: number): string {
	// A no-break space keeps "5 s" on one line: wrapWords and Ink's wrap-ansi break at plain spaces only.
	const grace = `${formatSeconds(graceMs)}\u00A0s`;
	const answers = `${keyLabel('yes')}/${keyLabel('no').toUpperCase()}`;
	const now = keyLabel('interrupt');
	return question === 'stop'
		? `${answers} Stop closing? ${now} stops now. Closes in flight get ${grace}, then end unknown; the rest are not attempted.`
		: `${answers} Quit? ${now} quits now. Closes in flight get ${grace} first, then end unknown; the rest are not attempted.`;
}

/** Seconds as a person says them: 5, 0.2. */
function formatSeconds(ms: number): string {
	return String(Math.round(ms / 100) / 10);
}

/** The keys of the close view that still mean something on a window too small to show it. */
const smallWindowActions: ReadonlySet<ScreenAction['action']> = new Set([
	'back',
	'interrupt',
	'quit',
	'yes',
	'no',
]);

/** Closes sessions with the engine and shows it live: overall and per-pool bars, every session's fate. */
export function CloseRun(
	props: CloseRunOptions & {
		readonly width: number;
		readonly height: number;
		readonly active: boolean;
		readonly onDone: () => void;
		readonly onQuit: () => void;
	},
) {
	const [view, dispatch] = useReducer(closeViewReducer, initialCloseView);
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

	const shown = shownQuestion(view, finished);
	// Stop and quit ask below the list; the retry's question (r closes again, so it asks as the
	// first close did) takes the list's place.
	const question: Question | undefined = shown === 'retry' ? undefined : shown;
	const retryQuestionShown = shown === 'retry';
	const {scroll, openOnly, quitWhenDone} = view;
	const {onQuit} = props;
	useEffect(() => {
		if (finished && quitWhenDone) {
			onQuit();
		}
	}, [finished, quitWhenDone, onQuit]);

	const appActions = useAppActions();
	const rows = useMemo(() => listRows(state, openOnly), [state, openOnly]);
	// Once per run and width: the run's sessions stay the same while it runs.
	const listLayout = useMemo(
		() => fitRunList(props.sessions, props.width),
		[props.sessions, props.width],
	);
	// The stop and quit questions are wrapped, not cut: what happens to the rest is at their end.
	const questionLines = question
		? confirmLines(questionText(question, props.graceMs), props.width)
		: undefined;
	const layout = runLayout(state, props.height, props.width, questionLines?.length ?? 1);
	const maxOffset = Math.max(0, rows.length - layout.listHeight);
	// The not-closed list starts at its top, the failed; the full list follows the run.
	const follow = openOnly ? 0 : followOffset(rows, layout.listHeight);
	const offset = scroll === 'follow' ? follow : Math.min(scroll, maxOffset);
	const ask = (asked: Question) => () => send({type: 'ask', question: asked});
	const scrollActions = moveActions(
		(to) => send({type: 'scroll', to: moveTo(offset, to, maxOffset + 1, layout.listHeight)}),
		'scroll',
	);
	const toggleOpen: ScreenAction = {
		action: 'failed',
		does: openOnly ? 'all rows' : 'not closed',
		run: () => send({type: 'toggleOpen'}),
	};
	const stopping = state.phase === 'stopping';
	const running: ScreenAction[] = [
		...scrollActions,
		stopping
			? {action: 'interrupt', does: 'stop now', run: () => send({type: 'stopNow'})}
			: {action: 'back', label: 'Esc/Ctrl-C', does: 'stop', run: ask('stop')},
		...(stopping
			? []
			: [{action: 'interrupt', does: 'stop', footer: false, run: ask('stop')} as const]),
		toggleOpen,
		// The help opens during a close too (the run goes on behind it); quit asks first.
		...appActions.filter((action) => action.action === 'help'),
		{action: 'quit', does: 'quit', run: ask('quit')},
	];
	const retryable = retryableStatuses.reduce((sum, status) => sum + state.counts[status], 0);
	const done: ScreenAction[] = [
		{action: 'open', does: 'back to sessions', run: props.onDone},
		{action: 'back', does: 'back to sessions', footer: false, run: props.onDone},
		// Offered only when some session is not closed: failed, unknown or never attempted.
		...(retryable > 0
			? [
					{
						action: 'refresh',
						does: `retry ${retryable}`,
						dangerous: true,
						run: () => send({type: 'ask', question: 'retry'}),
					} as const,
				]
			: []),
		toggleOpen,
		...scrollActions,
		...appActions,
	];
	const allowed = useScreenActions(finished ? done : running, {
		isActive: props.active && question === undefined && !retryQuestionShown,
	});
	const retryActions = useConfirm({
		isActive: props.active && retryQuestionShown,
		yes: 'yes, retry',
		onAnswer: (yes) => send({type: 'answer', yes}),
	});
	useConfirm({
		isActive: props.active && question !== undefined,
		yes: 'yes',
		onAnswer: (yes) => send({type: 'answer', yes}),
		// A second Ctrl-C, as a second signal does: what is in flight is cancelled and ends unknown.
		actions: [{action: 'interrupt', does: 'stop now', run: () => send({type: 'stopNow'})}],
	});

	const retryLines = retryQuestionShown ? retryQuestion(state, props.accountName) : undefined;
	const bottom = questionLines ? (
		<ConfirmLines lines={questionLines} width={props.width} />
	) : (
		<Footer width={props.width} actions={retryLines ? retryActions : allowed} />
	);
	const size = useTerminalSize();
	if (isTooSmall(size)) {
		return (
			<SmallWindow
				state={state}
				columns={size.columns}
				rows={size.rows}
				question={question ? questionText(question, props.graceMs) : retryLines?.join(' ')}
				actions={(retryLines ? retryActions : allowed).filter((action) =>
					smallWindowActions.has(action.action),
				)}
			/>
		);
	}

	return (
		<Box flexDirection="column" height={props.height}>
			<RunHeader state={state} width={props.width} layout={layout} />
			{retryLines ? (
				<Box flexDirection="column" height={layout.listHeight}>
					<ConfirmBox lines={retryLines} width={props.width} />
				</Box>
			) : (
				<RunList
					rows={rows}
					now={state.now}
					layout={listLayout}
					offset={offset}
					height={layout.listHeight}
					apiDown={state.api.status === 'unavailable'}
				/>
			)}
			{bottom}
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
