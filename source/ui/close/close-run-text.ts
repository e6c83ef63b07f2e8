import {sessionUser} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {formatDuration} from '../../format/time.js';
import {
	failureReason,
	settledCount,
	statusLabels,
	summarySentence,
} from '../../ops/close-sessions.js';
import type {CloseRunState, RunRow} from './use-close-run.js';

/** What a close run shows in words: the overall line, the summary, failures, each row's state. */

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

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

/** A row's mark, words and tone. */
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
			return {mark: '✓', label: statusLabels.closed, tone: 'ok'};
		case 'already_closed':
			return {mark: '✓', label: statusLabels.already_closed, tone: 'ok'};
		case 'not_attempted':
			return {mark: '–', label: statusLabels.not_attempted, tone: 'idle'};
		case 'failed':
			return {
				mark: '✗',
				label: `failed after ${plural(row.attempts, 'attempt')}: ${rowReason(row)}`,
				tone: 'error',
			};
	}
}

/** Where the list starts when it follows the run: a couple of rows above the first unfinished one. */
export function followOffset(state: CloseRunState, height: number): number {
	const frontier = state.rows.findIndex(
		(row) => row.status === 'queued' || row.status === 'closing',
	);
	const anchor = frontier === -1 ? 0 : frontier;
	return Math.max(0, Math.min(anchor - 2, state.rows.length - height));
}

/** A row of the list: its mark, the user, the session id and its state. */
export function rowCells(
	row: RunRow,
	frame: number,
): {cells: string[]; tone: ReturnType<typeof rowText>['tone']} {
	const {mark, label, tone} = rowText(row, frame);
	return {cells: [mark, sessionUser(row.session) ?? '—', row.session.id, label], tone};
}
