import {Box, Text} from 'ink';
import {useEffect, useState} from 'react';
import {sessionUser} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {formatDuration} from '../../format/time.js';
import {failureReason, settledCount, summarySentence} from '../../ops/close-sessions.js';
import {describePool} from '../../ops/select.js';
import {stopGraceMs} from '../../ops/stopper.js';
import {Footer} from '../components/footer.js';
import {viewKeys} from '../keymap.js';
import {useScreenKeys} from '../screen-keys.js';
import {type ColumnSpec, fitCell, fitColumns, formatRow, progressBar} from '../table-layout.js';
import {useTheme} from '../theme.js';
import {
	type CloseRunOptions,
	type CloseRunState,
	type RunRow,
	useCloseRun,
} from './use-close-run.js';

const listColumns: readonly ColumnSpec[] = [
	{header: '', min: 1, max: 1},
	{header: 'User', min: 10, max: 30, weight: 2},
	{header: 'Session id', min: 12, max: 30, weight: 2},
	{header: 'State', min: 12, weight: 5},
];

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const maxPoolBars = 4;

/** Done of total, percent, closes per second, elapsed and ETA. */
export function overallLine(state: CloseRunState): string {
	const total = state.rows.length;
	const done = settledCount(state.counts);
	const elapsed = (state.finishedAt ?? state.now) - state.startedAt;
	const rate = elapsed > 0 ? (state.doneThisRun / elapsed) * 1000 : 0;
	const remaining = state.totalThisRun - state.doneThisRun;
	const eta =
		state.phase === 'done'
			? ''
			: rate > 0
				? `  ETA ${formatDuration((remaining / rate) * 1000)}`
				: '  ETA —';
	const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
	return `${done}/${total}  ${percent}%  ${rate.toFixed(1)}/s  elapsed ${formatDuration(elapsed)}${eta}`;
}

/** The one-line summary at the end. */
export function summaryLine(state: CloseRunState): string {
	return summarySentence(state.counts);
}

/** Why a close failed, without the request (the row names the session already). */
function rowReason(row: RunRow): string {
	return failureReason(row.error ?? 'unknown error');
}

/** The failures grouped by reason, most common first: "3 × request rejected (HTTP 409): …". */
export function failureLines(state: CloseRunState): string[] {
	const counts = new Map<string, number>();
	for (const row of state.rows) {
		if (row.status === 'failed') {
			const reason = rowReason(row);
			counts.set(reason, (counts.get(reason) ?? 0) + 1);
		}
	}

	return [...counts].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `✗ ${count} × ${reason}`);
}

function rowText(
	row: RunRow,
	frame: number,
): {mark: string; label: string; tone: 'ok' | 'error' | 'busy' | 'idle'} {
	switch (row.status) {
		case 'queued':
			return {mark: '·', label: 'queued', tone: 'idle'};
		case 'closing':
			return {
				mark: spinner[frame % spinner.length] ?? '·',
				label: row.retry
					? `retrying ${row.retry.attempt + 1}/${row.retry.maxAttempts}: ${row.retry.reason}`
					: 'closing',
				tone: 'busy',
			};
		case 'unknown':
			return {
				mark: '?',
				label: 'unknown: cancelled in flight, the server may or may not have closed it',
				tone: 'error',
			};
		case 'closed':
			return {mark: '✓', label: 'closed', tone: 'ok'};
		case 'already_closed':
			return {mark: '✓', label: 'already closed', tone: 'ok'};
		case 'not_attempted':
			return {mark: '–', label: 'not attempted', tone: 'idle'};
		case 'failed':
			return {
				mark: '✗',
				label: `failed after ${plural(row.attempts, 'attempt')}: ${rowReason(row)}`,
				tone: 'error',
			};
	}
}

/** Where the list starts when it follows the run: a couple of rows above the first unfinished one. */
function followOffset(state: CloseRunState, height: number): number {
	const frontier = state.rows.findIndex(
		(row) => row.status === 'queued' || row.status === 'closing',
	);
	const anchor = frontier === -1 ? 0 : frontier;
	return Math.max(0, Math.min(anchor - 2, state.rows.length - height));
}

/** Closes sessions with the engine and shows it live: overall and per-pool bars, every session's fate. */
export function CloseRun(
	props: CloseRunOptions & {
		readonly width: number;
		readonly height: number;
		readonly onDone: () => void;
		readonly onQuit: () => void;
	},
) {
	const theme = useTheme();
	const [question, setQuestion] = useState<'stop' | 'quit' | undefined>(undefined);
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

	const poolBars = state.pools.slice(0, maxPoolBars);
	const failures = failureLines(state);
	const failuresShown = failures.slice(0, failures.length > 2 ? 1 : 2);
	const moreFailures = failures.length - failuresShown.length;
	// Title, the breaker's reason, overall bar, pool bars, failure reasons, separator and footer;
	// the list gets the rest.
	const chrome =
		2 +
		(state.breaker ? 1 : 0) +
		poolBars.length +
		(state.pools.length > maxPoolBars ? 1 : 0) +
		failuresShown.length +
		(moreFailures > 0 ? 1 : 0) +
		2;
	const listHeight = Math.max(1, props.height - chrome);
	const maxOffset = Math.max(0, state.rows.length - listHeight);
	const offset =
		scroll === 'follow' ? followOffset(state, listHeight) : Math.min(scroll, maxOffset);

	useScreenKeys((_key, action) => {
		if (question) {
			if (action === 'yes') {
				run.stop();
				setQuitWhenDone(question === 'quit');
			}

			if (action !== 'help') {
				setQuestion(undefined);
			}

			return action !== 'help';
		}

		if (
			action === 'up' ||
			action === 'down' ||
			action === 'pageUp' ||
			action === 'pageDown' ||
			action === 'home' ||
			action === 'end'
		) {
			const step = {
				up: -1,
				down: 1,
				pageUp: -listHeight,
				pageDown: listHeight,
				home: -Infinity,
				end: Infinity,
			}[action];
			setScroll(Math.max(0, Math.min(maxOffset, offset + step)));
			return true;
		}

		if (!finished) {
			if (action === 'back' || action === 'interrupt') {
				setQuestion(state.phase === 'running' ? 'stop' : undefined);
				return true;
			}

			if (action === 'quit') {
				setQuestion('quit');
				return true;
			}

			return action !== 'help';
		}

		if (action === 'open' || action === 'back') {
			props.onDone();
			return true;
		}

		if (action === 'refresh') {
			setScroll('follow');
			run.retry();
			return true;
		}

		return false;
	});

	const total = state.rows.length;
	const done = settledCount(state.counts);
	const barWidth = Math.max(10, Math.min(40, props.width - 60));
	const nameWidth = Math.min(28, Math.max(12, props.width - barWidth - 20));
	const frame = Math.floor(state.now / 100);
	const listWidths = fitColumns(listColumns, props.width);
	const title = finished
		? `Finished in ${formatDuration((state.finishedAt ?? state.now) - state.startedAt)}: ${summaryLine(state)}`
		: state.phase === 'stopping'
			? `Stopping: no new closes start; waiting for ${plural(state.counts.closing, 'close')} in flight…`
			: `Closing ${plural(total, 'session')} in ${plural(state.pools.length, 'pool')}`;
	const prompt =
		question === 'stop'
			? `Stop closing? Closes in flight get ${stopGraceMs / 1000} s, then end unknown; the rest are not attempted. y/N`
			: question === 'quit'
				? `Quit? Closes in flight get ${stopGraceMs / 1000} s first, then end unknown; the rest are not attempted. y/N`
				: undefined;

	return (
		<Box flexDirection="column" height={props.height}>
			<Text
				bold
				color={finished ? (state.counts.failed > 0 ? theme.error : theme.ok) : theme.accent}
			>
				{fitCell(title, props.width)}
			</Text>
			{state.breaker ? (
				<Text color={theme.error}>
					{fitCell(`Stopped: ${state.breaker}; the rest were not attempted.`, props.width)}
				</Text>
			) : null}
			<Text>
				{fitCell(
					`${fitCell('Overall', nameWidth)} ${progressBar(total === 0 ? 1 : done / total, barWidth)} ${overallLine(state)}`,
					props.width,
				)}
			</Text>
			{poolBars.map((pool) => (
				<Text key={pool.poolId ?? '-'}>
					{fitCell(
						`${fitCell(describePool(pool.pool, pool.poolId), nameWidth)} ${progressBar(pool.done / pool.total, barWidth)} ${pool.done}/${pool.total}${pool.failed > 0 ? ` (${pool.failed} failed)` : ''}`,
						props.width,
					)}
				</Text>
			))}
			{state.pools.length > maxPoolBars ? (
				<Text dimColor>{`+${state.pools.length - maxPoolBars} more pools`}</Text>
			) : null}
			{failuresShown.map((line) => (
				<Text key={line} color={theme.error}>
					{fitCell(line, props.width)}
				</Text>
			))}
			{moreFailures > 0 ? (
				<Text
					color={theme.error}
				>{`✗ and ${plural(moreFailures, 'other reason')}: scroll the list`}</Text>
			) : null}

			<Text dimColor>{'─'.repeat(Math.max(0, props.width))}</Text>
			<Box flexDirection="column" height={listHeight}>
				{state.rows.slice(offset, offset + listHeight).map((row) => {
					const {mark, label, tone} = rowText(row, frame);
					const colour =
						tone === 'ok'
							? theme.ok
							: tone === 'error'
								? theme.error
								: tone === 'busy'
									? theme.accent
									: undefined;
					return (
						<Text key={row.session.id} color={colour} dimColor={tone === 'idle'}>
							{formatRow(
								[mark, sessionUser(row.session) ?? '—', row.session.id, label],
								listWidths,
								listColumns,
							)}
						</Text>
					);
				})}
			</Box>
			{prompt ? (
				<Text bold color={theme.warn} inverse={!theme.warn}>
					{fitCell(prompt, props.width)}
				</Text>
			) : (
				<Footer width={props.width} hints={finished ? viewKeys.summary : viewKeys.closing} />
			)}
		</Box>
	);
}
