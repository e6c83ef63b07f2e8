/** What became of the sessions of a bulk close, in numbers and in words, shared by the app and the headless close. */
import type {CloseResult, CloseStatus, CloseSummary, FinalStatus} from './close-sessions.js';

/** The final states, in the order summaries list them. */
export const finalStatuses: readonly FinalStatus[] = [
	'closed',
	'already_closed',
	'unknown',
	'failed',
	'not_attempted',
];

/** Counts results by final state. */
export function summarize(results: readonly CloseResult[]): CloseSummary {
	const summary = {closed: 0, already_closed: 0, unknown: 0, failed: 0, not_attempted: 0};
	for (const result of results) {
		summary[result.status]++;
	}

	return summary;
}

/** Sessions that have ended with an answer (or cancelled in flight): not queued, not closing, not left out. */
export function settledCount(counts: Readonly<Record<CloseStatus, number>>): number {
	return counts.closed + counts.already_closed + counts.unknown + counts.failed;
}

/** Final states as people read them. */
export const statusLabels: Readonly<Record<FinalStatus, string>> = {
	closed: 'closed',
	already_closed: 'already closed',
	unknown: 'unknown',
	failed: 'failed',
	not_attempted: 'not attempted',
};

/** "12 closed, 0 already closed, 1 failed, 3 not attempted"; unknown is named only when some are. */
export function summarySentence(summary: CloseSummary): string {
	return finalStatuses
		.filter((status) => status !== 'unknown' || summary.unknown > 0)
		.map((status) => `${summary[status]} ${statusLabels[status]}`)
		.join(', ');
}

/** How a close that stopped by itself (the breaker, the patience) says so, headless and in the app: "Stopped: <why>." */
export function stopSentence(reason: string): string {
	return `Stopped: ${reason}.`;
}

/** The message without the request it was about ("DELETE /accounts/…: "); the row names it. */
export function failureReason(message: string): string {
	return message.replace(/^[A-Z]+ \/\S*: /, '');
}

/** How many sessions a run left not closed: failed, unknown or not attempted. */
export function notClosedCount(summary: CloseSummary): number {
	return summary.failed + summary.unknown + summary.not_attempted;
}

/** Whether a session needs nothing more: closed, or already gone. */
export function isClosed(status: CloseStatus): boolean {
	return status === 'closed' || status === 'already_closed';
}

/**
 * The order a retry closes what a run left open: those never attempted and those whose outcome
 * is unknown first, the refused last, so refusals already known cannot hold up the rest.
 */
export function retryOrder<T>(items: readonly T[], statusOf: (item: T) => CloseStatus): T[] {
	const open = items.filter((item) => !isClosed(statusOf(item)));
	return [
		...open.filter((item) => statusOf(item) !== 'failed'),
		...open.filter((item) => statusOf(item) === 'failed'),
	];
}
