import {sessionUser} from '../../api/types.js';
import {plural} from '../../format/text.js';
import {formatDuration} from '../../format/time.js';
import {textWidth} from '../../format/width.js';
import {unavailableText} from '../../ops/api-health.js';
import {
	failureReason,
	isClosed,
	settledCount,
	statusLabels,
	summarySentence,
} from '../../ops/close-outcomes.js';
import type {FinalStatus} from '../../ops/close-sessions.js';
import {
	type CloseRunState,
	type RetryCounts,
	type RunRow,
	retryableStatuses,
} from './close-run-state.js';

/** What a close run shows in words: the overall line, the summary, failures, each row's state. */

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The run's title: what it is doing, or how it ended. */
export function runTitle(state: CloseRunState): string {
	if (state.phase === 'done') {
		const took = formatDuration((state.finishedAt ?? state.now) - state.startedAt);
		// A run cut short by the operator, a signal, the breaker or the patience must not read as one that ended.
		return state.stopped || state.halted
			? `Stopped after ${took}: ${summaryLine(state)}`
			: `Finished in ${took}: ${summaryLine(state)}`;
	}

	const unavailable = unavailableText(state.api, state.now);
	if (state.phase === 'running' && unavailable) {
		return `${unavailable} · Esc stops`;
	}

	if (state.phase === 'stopping') {
		return `Stopping: no new closes start; waiting for ${plural(state.counts.closing, 'close')} in flight…`;
	}

	return state.retrying
		? `Retrying ${retryingText(state.retrying)}`
		: `Closing ${plural(state.rows.length, 'session')} in ${plural(state.pools.length, state.pools[0]?.account ? 'account' : 'pool')}`;
}

/** A piece of the overall line and how long it holds on in a narrow window (higher holds longer). */
type Part = {readonly text: string; readonly keep: number};

/** Never given way: done of total, and the failures. */
const always = Number.POSITIVE_INFINITY;

/** The overall line's pieces, in the order they read. */
function overallParts(state: CloseRunState): Part[] {
	const {counts} = state;
	const total = state.rows.length;
	const elapsed = (state.finishedAt ?? state.now) - state.startedAt;
	const rate = elapsed > 0 ? (state.doneThisRun / elapsed) * 1000 : 0;
	const running = state.phase !== 'done';
	const eta = etaMs(state);
	const parts: Array<Part | false> = [
		{text: `${settledCount(counts)}/${total}`, keep: always},
		{text: `${counts.closed} closed`, keep: 4},
		{text: `${counts.already_closed} already closed`, keep: 2},
		{text: `${counts.failed} failed`, keep: always},
		counts.unknown > 0 && {text: `${counts.unknown} unknown`, keep: 5},
		running && {text: `${counts.queued + counts.closing} left`, keep: 3},
		counts.not_attempted > 0 && {text: `${counts.not_attempted} not attempted`, keep: 3},
		{text: `${rate.toFixed(1)}/s`, keep: 1},
		{text: `elapsed ${formatDuration(elapsed)}`, keep: 0},
		running && {text: `ETA ${eta === undefined ? '—' : formatDuration(eta)}`, keep: 6},
	];
	return parts.filter((part) => part !== false);
}

/**
 * How long the rest of the run should take, in ms, or undefined before anything is done: the
 * sessions left at the rate so far, but never less than the longest retry wait still pending,
 * since a session waiting 2 s to retry cannot end sooner; none while the API is unavailable.
 */
export function etaMs(state: CloseRunState): number | undefined {
	// Nothing can be promised while the API is away.
	if (state.api.status === 'unavailable') {
		return undefined;
	}

	const elapsed = state.now - state.startedAt;
	const rate = elapsed > 0 ? state.doneThisRun / elapsed : 0;
	if (rate <= 0) {
		return undefined;
	}

	let eta = (state.totalThisRun - state.doneThisRun) / rate;
	if (state.counts.closing > 0) {
		for (const row of state.rows) {
			if (row.status === 'closing' && row.retry) {
				eta = Math.max(eta, row.retry.until - state.now);
			}
		}
	}

	return eta;
}

/**
 * Done of total, closed, already closed, failed and left, the rate, elapsed and ETA, in `width`
 * cells: in a narrow window elapsed gives way first, then the rate and the counts; done of total
 * and failed never do, and the ETA goes last.
 */
export function overallLine(state: CloseRunState, width = Number.POSITIVE_INFINITY): string {
	const parts = overallParts(state);
	const join = () => parts.map((part) => part.text).join('  ');
	while (textWidth(join()) > width) {
		const weakest = parts.reduce((low, part) => (part.keep < low.keep ? part : low));
		if (weakest.keep === always) {
			break;
		}

		parts.splice(parts.indexOf(weakest), 1);
	}

	return join();
}

/** The one-line summary at the end. */
export function summaryLine(state: CloseRunState): string {
	return summarySentence(state.counts);
}

/** "10 failed, 2 unknown and 5 not attempted": what a retry runs again. */
export function retryingText(retrying: RetryCounts): string {
	const parts = (['failed', 'unknown', 'not_attempted'] as const)
		.filter((status) => (retrying[status] ?? 0) > 0)
		.map((status) => `${retrying[status]} ${statusLabels[status]}`);
	const last = parts.pop() ?? 'nothing';
	return parts.length > 0 ? `${parts.join(', ')} and ${last}` : last;
}

/** Why a close failed, without the request (the row names the session already). */
function rowReason(row: RunRow): string {
	return failureReason(row.error ?? 'unknown error');
}

/** The failures grouped by reason, most common first: "3 × request rejected (HTTP 409): …". */
export function failureLines(state: CloseRunState): string[] {
	const counts = new Map<string, number>();
	if (state.counts.failed === 0) {
		return [];
	}

	for (const row of state.rows) {
		if (row.status === 'failed') {
			const reason = rowReason(row);
			counts.set(reason, (counts.get(reason) ?? 0) + 1);
		}
	}

	return [...counts].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `✗ ${count} × ${reason}`);
}

/**
 * A close in flight: "closing", or its retry: "retry in 2 s · 429 (attempt 2/11)" while it
 * waits; once its wait is over while the API is unavailable, it waits its turn to probe.
 */
function closingLabel(row: RunRow, now: number, apiDown: boolean): string {
	if (!row.retry) {
		return 'closing';
	}

	const {attempt, maxAttempts, reason, until} = row.retry;
	const seconds = Math.ceil((until - now) / 1000);
	if (seconds > 0) {
		return `retry in ${seconds} s · ${reason} (attempt ${attempt + 1}/${maxAttempts})`;
	}

	return apiDown
		? `waiting for the API · ${reason}`
		: `retrying ${attempt + 1}/${maxAttempts} · ${reason}`;
}

/** A row's mark, words and tone. */
function rowText(
	row: RunRow,
	now: number,
	apiDown: boolean,
): {mark: string; label: string; tone: 'ok' | 'error' | 'busy' | 'idle'} {
	switch (row.status) {
		case 'queued':
			return {mark: '·', label: 'queued', tone: 'idle'};
		case 'closing':
			return {
				mark: spinner[Math.floor(now / 100) % spinner.length] ?? '·',
				label: closingLabel(row, now, apiDown),
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

/** Where a row goes once the run is done: the failed first, then unknown, not attempted, the rest. */
function endRank(row: RunRow): number {
	const rank = retryableStatuses.indexOf(row.status);
	return rank === -1 ? retryableStatuses.length : rank;
}

/**
 * The rows the list shows: only those not closed if asked (failed, unknown, not attempted, then
 * those still queued or closing); once the run is done, the not closed first.
 */
export function listRows(state: CloseRunState, openOnly: boolean): RowList {
	if (state.phase !== 'done' && !openOnly) {
		return state.rows;
	}

	const rows = openOnly ? state.rows.filter((row) => !isClosed(row.status)) : [...state.rows];
	// A stable sort: within a rank, the order the sessions were closed in.
	return rows.sort((a, b) => endRank(a) - endRank(b));
}

/** The rows a list shows: the run's own, or an array of some of them. */
export type RowList = {
	readonly length: number;
	slice(start?: number, end?: number): RunRow[];
	findIndex(test: (row: RunRow) => boolean): number;
};

/**
 * The retry's question, as the first close asks it: "Retry 52 sessions of Tradeshow Demo (12
 * failed, 40 not attempted)?", and what it does.
 */
export function retryQuestion(state: CloseRunState, where: string | undefined): string[] {
	const parts = retryableStatuses
		.filter((status) => state.counts[status] > 0)
		.map((status) => `${state.counts[status]} ${statusLabels[status as FinalStatus]}`);
	const total = retryableStatuses.reduce((sum, status) => sum + state.counts[status], 0);
	const of = where === undefined ? '' : ` of ${where}`;
	return [
		`Retry ${plural(total, 'session')}${of} (${parts.join(', ')})?`,
		'Users are disconnected at once.',
	];
}

/** Where the list starts when it follows the run: a couple of rows above the first unfinished one. */
export function followOffset(rows: RowList, height: number): number {
	const frontier = rows.findIndex((row) => row.status === 'queued' || row.status === 'closing');
	const anchor = frontier === -1 ? 0 : frontier;
	return Math.max(0, Math.min(anchor - 2, rows.length - height));
}

/** A row of the list at time `now`: its mark, the user, the session id and its state. */
export function rowCells(
	row: RunRow,
	now: number,
	apiDown = false,
): {cells: string[]; tone: ReturnType<typeof rowText>['tone']} {
	const {mark, label, tone} = rowText(row, now, apiDown);
	return {cells: [mark, sessionUser(row.session) ?? '—', row.session.id, label], tone};
}
