import {setMaxListeners} from 'node:events';
import type {FrameClient} from '../api/client.js';
import {CancelledError, FrameApiError} from '../api/errors.js';
import type {RetryEvent} from '../api/transport.js';
import type {Session} from '../api/types.js';

/** Where a session stands in a bulk close. */
export type CloseStatus = 'queued' | 'closing' | FinalStatus;

/**
 * The states a session can end in; every input session ends in exactly one. `unknown`: the
 * close was cancelled while its request was in flight, so the server may or may not have acted.
 */
export type FinalStatus = 'closed' | 'already_closed' | 'unknown' | 'failed' | 'not_attempted';

/** The final states, in the order summaries list them. */
export const finalStatuses: readonly FinalStatus[] = [
	'closed',
	'already_closed',
	'unknown',
	'failed',
	'not_attempted',
];

/** One session's fate. */
export type CloseResult = {
	readonly id: string;
	readonly pool_id?: string;
	readonly status: FinalStatus;
	readonly attempts: number;
	/** The one-line reason, for `failed` and `unknown`. */
	readonly error?: string;
};

/** A close waiting to try again: which attempt failed, why, and for how long it waits. */
export type RetryState = {
	readonly attempt: number;
	readonly maxAttempts: number;
	/** The failure in a word or two: "503", "429", "timeout", "network". */
	readonly reason: string;
	/** When the next attempt starts, epoch ms. */
	readonly until: number;
	/** The wait is the server's `Retry-After`. */
	readonly retryAfter: boolean;
};

/** A session moved to a new state; `result` is set once the state is final, `retry` while it waits. */
export type CloseEvent = {
	readonly session: Session;
	readonly status: CloseStatus;
	readonly result?: CloseResult;
	readonly retry?: RetryState;
	/** With a result: the HTTP status of the last answer, when one came. */
	readonly httpStatus?: number;
};

/** How many sessions ended in each final state. */
export type CloseSummary = Readonly<Record<FinalStatus, number>>;

/** The outcome of a bulk close: one result per distinct input session, in input order. */
export type CloseReport = {
	readonly results: readonly CloseResult[];
	readonly summary: CloseSummary;
	/** Why the breaker stopped launching closes, when it did. */
	readonly breaker?: string;
};

/** What a bulk close needs. */
export type CloseSessionsOptions = {
	readonly client: Pick<FrameClient, 'closeSession'>;
	readonly accountId: string;
	readonly sessions: readonly Session[];
	/** Closes in flight at once, 1 to 64; 8 by default. */
	readonly concurrency?: number;
	/** Stops new closes and cancels waits between attempts; requests in flight go on. */
	readonly signal?: AbortSignal;
	/** Cancels requests in flight too: those sessions end `unknown`. */
	readonly cancel?: AbortSignal;
	/** Consecutive sessions failing for the same reason that stop the run; 0 never stops it. */
	readonly breakerThreshold?: number;
	readonly onEvent?: (event: CloseEvent) => void;
	readonly now?: () => number;
};

export const defaultConcurrency = 8;
export const maxConcurrency = 64;
/** Five sessions in a row refused alike (401, 403) or failing after every retry stop a run. */
export const defaultBreakerThreshold = 5;

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

/** How a close stopped by the breaker says so, headless and in the app: "Stopped: <why>." */
export function breakerSentence(reason: string): string {
	return `Stopped: ${reason}.`;
}

/** The message without the request it was about ("DELETE /accounts/…: "); the row names it. */
export function failureReason(message: string): string {
	return message.replace(/^[A-Z]+ \/\S*: /, '');
}

/** Failures the breaker counts: refusals of the credentials, and those that outlasted every retry. */
const breakerKinds: ReadonlySet<string> = new Set([
	'authentication',
	'forbidden',
	'server',
	'rate_limited',
	'network',
	'timeout',
]);

/** The kind of failure the breaker counts this error as, if it counts it at all. */
function breakerCause(error: unknown): string | undefined {
	return error instanceof FrameApiError && breakerKinds.has(error.kind) ? error.kind : undefined;
}

/**
 * Stops a run when `threshold` sessions in a row fail for the same counted reason; a success, or
 * a failure it does not count, starts the count again. 0 never stops a run.
 */
function createBreaker(threshold: number) {
	let streak = {cause: '', count: 0};
	let reason: string | undefined;
	return {
		get reason() {
			return reason;
		},
		succeeded() {
			streak = {cause: '', count: 0};
		},
		failed(error: unknown) {
			const cause = breakerCause(error);
			streak =
				cause === undefined
					? {cause: '', count: 0}
					: {cause, count: cause === streak.cause ? streak.count + 1 : 1};
			if (threshold > 0 && streak.count >= threshold && reason === undefined) {
				const message = error instanceof Error ? error.message : String(error);
				reason = `stopped after ${threshold} sessions in a row failed: ${failureReason(message)}`;
			}
		},
	};
}

/** A retry as a close shows it: the status or the kind of failure. */
function retryState(event: RetryEvent, now: number): RetryState {
	return {
		attempt: event.attempt,
		maxAttempts: event.maxAttempts,
		reason: event.error.status === undefined ? event.error.kind : String(event.error.status),
		until: now + event.delayMs,
		retryAfter: event.retryAfter,
	};
}

/** Closes sessions with bounded concurrency, reporting every state change as it happens. */
export async function closeSessions(options: CloseSessionsOptions): Promise<CloseReport> {
	const concurrency = options.concurrency ?? defaultConcurrency;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency) {
		throw new RangeError(`concurrency must be a whole number from 1 to ${maxConcurrency}`);
	}

	const now = options.now ?? Date.now;
	// Every close in flight follows both signals: as many listeners as closes, not a leak.
	const signals = [options.signal, options.cancel].filter((signal) => signal !== undefined);
	if (signals.length > 0) {
		setMaxListeners(2 * maxConcurrency, ...signals);
	}

	const threshold = options.breakerThreshold ?? defaultBreakerThreshold;
	const unique = [...new Map(options.sessions.map((session) => [session.id, session])).values()];
	const results = new Map<string, CloseResult>();
	const emit = (event: CloseEvent) => options.onEvent?.(event);
	const finish = (
		session: Session,
		result: Omit<CloseResult, 'id' | 'pool_id'>,
		httpStatus?: number,
	) => {
		const full: CloseResult = {
			id: session.id,
			...(session.pool_id === undefined ? {} : {pool_id: session.pool_id}),
			...result,
		};
		results.set(session.id, full);
		emit({session, status: full.status, result: full, ...(httpStatus ? {httpStatus} : {})});
	};

	const breaker = createBreaker(threshold);
	for (const session of unique) {
		emit({session, status: 'queued'});
	}

	const stopped = () => options.signal?.aborted === true || breaker.reason !== undefined;
	let next = 0;
	const closeOne = async (session: Session) => {
		emit({session, status: 'closing'});
		try {
			const {outcome, attempts, status} = await options.client.closeSession(
				options.accountId,
				session.id,
				{
					...(options.cancel ? {signal: options.cancel} : {}),
					...(options.signal ? {waitSignal: options.signal} : {}),
					onRetry: (event) => emit({session, status: 'closing', retry: retryState(event, now())}),
				},
			);
			breaker.succeeded();
			finish(session, {status: outcome, attempts}, status);
		} catch (error) {
			if (error instanceof CancelledError) {
				finish(
					session,
					error.mayHaveActed
						? {status: 'unknown', attempts: error.attempts, error: error.message}
						: {status: 'not_attempted', attempts: error.attempts},
				);
				return;
			}

			breaker.failed(error);
			finish(
				session,
				{
					status: 'failed',
					attempts: error instanceof FrameApiError ? error.attempts : 1,
					error: error instanceof Error ? error.message : String(error),
				},
				error instanceof FrameApiError ? error.status : undefined,
			);
		}
	};

	const worker = async () => {
		while (next < unique.length && !stopped()) {
			await closeOne(unique[next++] as Session);
		}
	};

	await Promise.all(Array.from({length: Math.min(concurrency, unique.length)}, worker));
	for (const session of unique.slice(next)) {
		finish(session, {status: 'not_attempted', attempts: 0});
	}

	const ordered = unique.map((session) => results.get(session.id) as CloseResult);
	return {
		results: ordered,
		summary: summarize(ordered),
		...(breaker.reason === undefined ? {} : {breaker: breaker.reason}),
	};
}
