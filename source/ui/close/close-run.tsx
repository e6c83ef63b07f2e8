import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {plural, wrapWords} from '../../format/text.js';
import {formatDuration} from '../../format/time.js';
import {settledCount} from '../../ops/close-sessions.js';
import {describePool} from '../../ops/select.js';
import {stopGraceMs} from '../../ops/stopper.js';
import {moveActions, type ScreenAction, useAppActions, useScreenActions} from '../actions.js';
import {ConfirmLine, useConfirm} from '../components/confirm.js';
import {Footer} from '../components/footer.js';
import {type ColumnSpec, fitCell, fitColumns, formatRow, progressBar} from '../table-layout.js';
import {type Palette, useTheme} from '../theme.js';
import {moveTo} from '../viewport.js';
import {failureLines, followOffset, overallLine, rowCells, summaryLine} from './close-run-text.js';
import {type CloseRunOptions, type CloseRunState, useCloseRun} from './use-close-run.js';

const listColumns: readonly ColumnSpec[] = [
	{header: '', min: 1, max: 1},
	{header: 'User', min: 10, max: 30, weight: 2},
	{header: 'Session id', min: 12, max: 30, weight: 2},
	{header: 'State', min: 12, weight: 5},
];

const maxPoolBars = 4;

/** What the top of the view shows, and how many rows that leaves the list. */
function runLayout(state: CloseRunState, height: number, width: number) {
	// Wrapped rather than cut: a refusal names a path and a flag the operator needs to see.
	const stopLines = state.breaker
		? wrapWords(`Stopped: ${state.breaker}; the rest were not attempted.`, width)
		: [];
	const failures = failureLines(state);
	const failuresShown = failures.slice(0, failures.length > 2 ? 1 : 2);
	const poolBars = state.pools.slice(0, maxPoolBars);
	const morePools = state.pools.length - poolBars.length;
	const moreFailures = failures.length - failuresShown.length;
	// Title, the breaker's reason, overall bar, pool bars, failure reasons, separator and footer.
	const chrome =
		4 +
		stopLines.length +
		poolBars.length +
		(morePools > 0 ? 1 : 0) +
		failuresShown.length +
		(moreFailures > 0 ? 1 : 0);
	return {
		stopLines,
		poolBars,
		morePools,
		failuresShown,
		moreFailures,
		listHeight: Math.max(1, height - chrome),
	};
}

/** The run's title: what it is doing, or how it ended. */
function runTitle(state: CloseRunState): string {
	if (state.phase === 'done') {
		return `Finished in ${formatDuration((state.finishedAt ?? state.now) - state.startedAt)}: ${summaryLine(state)}`;
	}

	return state.phase === 'stopping'
		? `Stopping: no new closes start; waiting for ${plural(state.counts.closing, 'close')} in flight…`
		: `Closing ${plural(state.rows.length, 'session')} in ${plural(state.pools.length, 'pool')}`;
}

const questions = {
	stop: `y/N Stop closing? Closes in flight get ${stopGraceMs / 1000} s, then end unknown; the rest are not attempted.`,
	quit: `y/N Quit? Closes in flight get ${stopGraceMs / 1000} s first, then end unknown; the rest are not attempted.`,
} as const;

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
	const [question, setQuestion] = useState<keyof typeof questions | undefined>(undefined);
	const [quitWhenDone, setQuitWhenDone] = useState(false);
	const [scroll, setScroll] = useState<number | 'follow'>('follow');
	const run = useCloseRun(props);
	const {state} = run;
	const finished = state.phase === 'done';
	const {onQuit} = props;
	useEffect(() => {
		if (finished && quitWhenDone) {
			onQuit();
		}
	}, [finished, quitWhenDone, onQuit]);

	const layout = runLayout(state, props.height, props.width);
	const maxOffset = Math.max(0, state.rows.length - layout.listHeight);
	const offset =
		scroll === 'follow' ? followOffset(state, layout.listHeight) : Math.min(scroll, maxOffset);
	const ask = (asked: keyof typeof questions) => () =>
		setQuestion(asked === 'stop' && state.phase !== 'running' ? undefined : asked);
	const scrollActions = moveActions(
		(to) => setScroll(moveTo(offset, to, maxOffset + 1, layout.listHeight)),
		'scroll',
	);
	const running: ScreenAction[] = [
		...scrollActions,
		{action: 'back', label: 'Esc/Ctrl-C', does: 'stop', run: ask('stop')},
		{action: 'interrupt', does: 'stop', footer: false, run: ask('stop')},
		{action: 'quit', does: 'quit', footer: false, run: ask('quit')},
	];
	const done: ScreenAction[] = [
		{action: 'open', does: 'back to sessions', run: props.onDone},
		{action: 'back', does: 'back to sessions', footer: false, run: props.onDone},
		{
			action: 'refresh',
			does: 'retry failed',
			run: () => {
				setScroll('follow');
				run.retry();
			},
		},
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
	});

	return (
		<Box flexDirection="column" height={props.height}>
			<RunHeader state={state} width={props.width} layout={layout} />
			<RunList state={state} width={props.width} offset={offset} height={layout.listHeight} />
			{question ? (
				<ConfirmLine question={questions[question]} width={props.width} />
			) : (
				<Footer width={props.width} actions={allowed} />
			)}
		</Box>
	);
}

/** The title, the breaker's reason, the overall and pool bars, the failures, a rule. */
function RunHeader(props: {
	readonly state: CloseRunState;
	readonly width: number;
	readonly layout: ReturnType<typeof runLayout>;
}) {
	const theme = useTheme();
	const {state, width, layout} = props;
	const total = state.rows.length;
	const barWidth = Math.max(10, Math.min(40, width - 60));
	const nameWidth = Math.min(28, Math.max(12, width - barWidth - 20));
	const finished = state.phase === 'done';
	const bar = (name: string, fraction: number, text: string) =>
		fitCell(`${fitCell(name, nameWidth)} ${progressBar(fraction, barWidth)} ${text}`, width);
	return (
		<>
			<Text
				bold
				color={finished ? (state.counts.failed > 0 ? theme.error : theme.ok) : theme.accent}
			>
				{fitCell(runTitle(state), width)}
			</Text>
			{layout.stopLines.map((line) => (
				<Text key={line} color={theme.error}>
					{fitCell(line, width)}
				</Text>
			))}
			<Text>
				{bar('Overall', total === 0 ? 1 : settledCount(state.counts) / total, overallLine(state))}
			</Text>
			{layout.poolBars.map((pool) => (
				<Text key={pool.poolId ?? '-'}>
					{bar(
						describePool(pool.pool, pool.poolId),
						pool.done / pool.total,
						`${pool.done}/${pool.total}${pool.failed > 0 ? ` (${pool.failed} failed)` : ''}`,
					)}
				</Text>
			))}
			{layout.morePools > 0 ? <Text dimColor>{`+${layout.morePools} more pools`}</Text> : null}
			{layout.failuresShown.map((line) => (
				<Text key={line} color={theme.error}>
					{fitCell(line, width)}
				</Text>
			))}
			{layout.moreFailures > 0 ? (
				<Text color={theme.error}>
					{`✗ and ${plural(layout.moreFailures, 'other reason')}: scroll the list`}
				</Text>
			) : null}
			<Text dimColor>{'─'.repeat(Math.max(0, width))}</Text>
		</>
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
	readonly state: CloseRunState;
	readonly width: number;
	readonly offset: number;
	readonly height: number;
}) {
	const theme = useTheme();
	const {state, offset, height} = props;
	const widths = fitColumns(listColumns, props.width);
	const frame = Math.floor(state.now / 100);
	return (
		<Box flexDirection="column" height={height}>
			{state.rows.slice(offset, offset + height).map((row) => {
				const {cells, tone} = rowCells(row, frame);
				return (
					<Text key={row.session.id} color={toneColour(theme, tone)} dimColor={tone === 'idle'}>
						{formatRow(cells, widths, listColumns)}
					</Text>
				);
			})}
		</Box>
	);
}
