import {Box, Text} from 'ink';
import {useEffect, useMemo, useState} from 'react';
import {plural} from '../../format/text.js';
import {formatDuration} from '../../format/time.js';
import {stopGraceMs} from '../../ops/stopper.js';
import {moveActions, type ScreenAction, useAppActions, useScreenActions} from '../actions.js';
import {ConfirmLine, useConfirm} from '../components/confirm.js';
import {Footer} from '../components/footer.js';
import {isTooSmall, TooSmall} from '../components/too-small.js';
import {type ColumnSpec, fitCell, fitColumns, formatRow} from '../table-layout.js';
import {type Palette, useTheme} from '../theme.js';
import {useTerminalSize} from '../use-terminal-size.js';
import {moveTo} from '../viewport.js';
import {RunHeader, runLayout} from './close-bars.js';
import {
	followOffset,
	listRows,
	overallLine,
	retryingText,
	rowCells,
	summaryLine,
} from './close-run-text.js';
import {
	type CloseRunOptions,
	type CloseRunState,
	type RunRow,
	retryableStatuses,
	useCloseRun,
} from './use-close-run.js';

const listColumns: readonly ColumnSpec[] = [
	{header: '', min: 1, max: 1},
	{header: 'User', min: 10, max: 30, weight: 2},
	{header: 'Session id', min: 12, max: 30, weight: 2},
	{header: 'State', min: 12, weight: 5},
];

/** The run's title: what it is doing, or how it ended. */
function runTitle(state: CloseRunState): string {
	if (state.phase === 'done') {
		return `Finished in ${formatDuration((state.finishedAt ?? state.now) - state.startedAt)}: ${summaryLine(state)}`;
	}

	if (state.phase === 'stopping') {
		return `Stopping: no new closes start; waiting for ${plural(state.counts.closing, 'close')} in flight…`;
	}

	return state.retrying
		? `Retrying ${retryingText(state.retrying)}`
		: `Closing ${plural(state.rows.length, 'session')} in ${plural(state.pools.length, 'pool')}`;
}

const questions = {
	stop: `y/N Stop closing? Ctrl-C stops now. Closes in flight get ${stopGraceMs / 1000} s, then end unknown; the rest are not attempted.`,
	quit: `y/N Quit? Ctrl-C quits now. Closes in flight get ${stopGraceMs / 1000} s first, then end unknown; the rest are not attempted.`,
} as const;

type Question = keyof typeof questions;

/** The keys of the close view that still mean something on a window too small to show it. */
const smallWindowActions: ReadonlySet<ScreenAction['action']> = new Set([
	'back',
	'interrupt',
	'quit',
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
	const [question, setQuestion] = useState<Question | undefined>(undefined);
	const [quitWhenDone, setQuitWhenDone] = useState(false);
	const [scroll, setScroll] = useState<number | 'follow'>('follow');
	const [failedOnly, setFailedOnly] = useState(false);
	const run = useCloseRun(props);
	const {state} = run;
	const finished = state.phase === 'done';
	const {onQuit} = props;
	useEffect(() => {
		if (finished && quitWhenDone) {
			onQuit();
		}
	}, [finished, quitWhenDone, onQuit]);

	const rows = useMemo(() => listRows(state, failedOnly), [state, failedOnly]);
	const layout = runLayout(state, props.height, props.width);
	const maxOffset = Math.max(0, rows.length - layout.listHeight);
	const offset =
		scroll === 'follow' ? followOffset(rows, layout.listHeight) : Math.min(scroll, maxOffset);
	const ask = (asked: Question) => () => setQuestion(asked);
	const scrollActions = moveActions(
		(to) => setScroll(moveTo(offset, to, maxOffset + 1, layout.listHeight)),
		'scroll',
	);
	const toggleFailed: ScreenAction = {
		action: 'failed',
		does: failedOnly ? 'all rows' : 'failed only',
		run: () => {
			setFailedOnly((only) => !only);
			setScroll('follow');
		},
	};
	const stopping = state.phase === 'stopping';
	const running: ScreenAction[] = [
		...scrollActions,
		stopping
			? {action: 'interrupt', does: 'stop now', run: run.stopNow}
			: {action: 'back', label: 'Esc/Ctrl-C', does: 'stop', run: ask('stop')},
		...(stopping
			? []
			: [{action: 'interrupt', does: 'stop', footer: false, run: ask('stop')} as const]),
		toggleFailed,
		{action: 'quit', does: 'quit', run: ask('quit')},
	];
	const retryable = state.rows.filter((row) => retryableStatuses.includes(row.status)).length;
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
						run: () => {
							setScroll('follow');
							setFailedOnly(false);
							run.retry();
						},
					} as const,
				]
			: []),
		toggleFailed,
		...scrollActions,
		...useAppActions(),
	];
	const allowed = useScreenActions(finished ? done : running, {
		isActive: props.active && question === undefined,
	});
	useConfirm({
		isActive: props.active && question !== undefined,
		yes: 'yes',
		onAnswer: (yes) => {
			if (yes) {
				run.stop();
				setQuitWhenDone(question === 'quit');
			}

			setQuestion(undefined);
		},
		// A second Ctrl-C, as a second signal does: what is in flight is cancelled and ends unknown.
		actions: [
			{
				action: 'interrupt',
				does: 'stop now',
				run: () => {
					run.stopNow();
					setQuitWhenDone(question === 'quit');
					setQuestion(undefined);
				},
			},
		],
	});

	const bottom = question ? (
		<ConfirmLine question={questions[question]} width={props.width} />
	) : (
		<Footer width={props.width} actions={allowed} />
	);
	const size = useTerminalSize();
	if (isTooSmall(size)) {
		return (
			<SmallWindow
				state={state}
				columns={size.columns}
				rows={size.rows}
				question={question}
				actions={allowed.filter((action) => smallWindowActions.has(action.action))}
			/>
		);
	}

	return (
		<Box flexDirection="column" height={props.height}>
			<RunHeader state={state} title={runTitle(state)} width={props.width} layout={layout} />
			<RunList
				rows={rows}
				now={state.now}
				width={props.width}
				offset={offset}
				height={layout.listHeight}
			/>
			{bottom}
		</Box>
	);
}

/** The close on a window too small for its view: the notice, how far it is, its question or keys. */
function SmallWindow(props: {
	readonly state: CloseRunState;
	readonly columns: number;
	readonly rows: number;
	readonly question: Question | undefined;
	readonly actions: readonly ScreenAction[];
}) {
	const theme = useTheme();
	const {columns} = props;
	return (
		<TooSmall columns={columns} rows={props.rows}>
			<Text>{fitCell(`${runTitle(props.state)}`, columns)}</Text>
			<Text>{fitCell(overallLine(props.state, columns), columns)}</Text>
			{props.question ? (
				<Box width={columns}>
					<Text bold color={theme.warn} inverse={!theme.warn} wrap="wrap">
						{questions[props.question]}
					</Text>
				</Box>
			) : (
				<Footer width={columns} actions={props.actions} />
			)}
		</TooSmall>
	);
}

/** The colour of a row's tone. */
function toneColour(theme: Palette, tone: ReturnType<typeof rowCells>['tone']): string | undefined {
	return tone === 'ok'
		? theme.ok
		: tone === 'error'
			? theme.error
			: tone === 'busy'
				? theme.accent
				: undefined;
}

/** The sessions of the run that fit, each with its state. */
function RunList(props: {
	readonly rows: readonly RunRow[];
	readonly now: number;
	readonly width: number;
	readonly offset: number;
	readonly height: number;
}) {
	const theme = useTheme();
	const {rows, offset, height} = props;
	const widths = fitColumns(listColumns, props.width);
	return (
		<Box flexDirection="column" height={height}>
			{rows.length === 0 ? <Text dimColor>No failed sessions.</Text> : null}
			{rows.slice(offset, offset + height).map((row) => {
				const {cells, tone} = rowCells(row, props.now);
				return (
					<Text key={row.session.id} color={toneColour(theme, tone)} dimColor={tone === 'idle'}>
						{formatRow(cells, widths, listColumns)}
					</Text>
				);
			})}
		</Box>
	);
}
