import {setMaxListeners} from 'node:events';
import type {FrameClient} from '../api/client.js';
import {CancelledError, ForbiddenError, FrameApiError} from '../api/errors.js';
import {closeRetryLimit} from '../api/retry.js';
import {linkedSignal} from '../api/signals.js';
import type {RetryEvent} from '../api/transport.js';
import type {Session} from '../api/types.js';
import {roleAdvice} from '../errors.js';
import {type ApiState, createApiHealth, defaultPatienceMs} from './api-health.js';

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
	/** Set when an attempt of the close goes out (after any wait for its turn): when, epoch ms. */
	readonly sentAt?: number;
};

/** How many sessions ended in each final state. */
export type CloseSummary = Readonly<Record<FinalStatus, number>>;

/** The outcome of a bulk close: one result per distinct input session, in input order. */
export type CloseReport = {
	readonly results: readonly CloseResult[];
	readonly summary: CloseSummary;
	/** Why the run stopped launching closes by itself, when it did. */
	readonly breaker?: string;
	/** What stopped it: refusals of the credential, or an API unavailable past the patience. */
	readonly haltedBy?: 'credentials' | 'unavailable';
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
	/** Refusals of the credential in a row that stop the run; 0 never stops it. */
	readonly breakerThreshold?: number;
	/**
	 * The credential is known to close sessions (an earlier run of the same close did): a 403 is
	 * then that session's refusal from the start, not the credential's.
	 */
	readonly credentialProven?: boolean;
	/** How long the API may stay unavailable before the run stops, in ms; 0 stops at once. */
	readonly patienceMs?: number;
	readonly onEvent?: (event: CloseEvent) => void;
	/** Hears when the API becomes unavailable to the run, and when it answers again. */
	readonly onApi?: (state: ApiState) => void;
	/** Hears when a close waits its turn under a rate limit the client learned: the rate, per second. */
	readonly onPaced?: (ratePerSecond: number) => void;
	readonly now?: () => number;
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export const defaultConcurrency = 8;
export const maxConcurrency = 64;
/** Five refusals of the credential in a row (401, or 403 before anything closed) stop a run. */
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

/**
 * Whether a failure says the credential cannot close sessions at all: a 401, or a 403 while
 * nothing in the run (or an earlier run of it) has closed. A 403 after a close succeeded with
 * the same credential is that one session's refusal.
 */
function refusesCredential(error: unknown, proven: boolean): boolean {
	return (
		error instanceof FrameApiError &&
		(error.kind === 'authentication' || (error.kind === 'forbidden' && !proven))
	);
}

/**
 * Stops a run when `threshold` sessions in a row are refused for the credential's sake; a
 * session that closes proves the credential and starts the count again. 0 never stops a run.
 */
function createBreaker(threshold: number, proven: boolean) {
	let streak = 0;
	let closedOne = proven;
	let reason: string | undefined;
	return {
		get reason() {
			return reason;
		},
		/** Whether a session has closed with this credential, in this run or the one it retries. */
		get proven() {
			return closedOne;
		},
		closed() {
			closedOne = true;
			streak = 0;
		},
		failed(error: unknown) {
			if (!refusesCredential(error, closedOne)) {
				return;
			}

			streak++;
			if (threshold > 0 && streak >= threshold && reason === undefined) {
				const message = failureReason(error instanceof Error ? error.message : String(error));
				const advice = error instanceof ForbiddenError ? `; ${roleAdvice}` : '';
				reason = `stopped after ${threshold} sessions in a row were refused: ${message}${advice}`;
			}
		},
	};
}

/** A retry as a close shows it: the status or the kind of failure. */
function retryState(event: RetryEvent, now: number): RetryState {
	return {
		attempt: event.attempt,
		maxAttempts: event.maxAttempts,
		reason: shortReason(event.error),
		until: now + event.delayMs,
		retryAfter: event.retryAfter,
	};
}

/** The failure in a word or two, as retries and the API state show it: "503", "timeout", "network". */
function shortReason(error: FrameApiError | undefined): string {
	return error?.status === undefined ? (error?.kind ?? 'error') : String(error.status);
}

/**
 * Closes sessions with bounded concurrency, reporting every state change as it happens. Until a
 * close succeeds, no more closes are in flight than the breaker's threshold, so a credential
 * that may not close stops the run within a few requests. While the API is unavailable (see
 * `createApiHealth`) no new close starts, and the run stops once the patience runs out.
 */
export async function closeSessions(options: CloseSessionsOptions): Promise<CloseReport> {
	const concurrency = options.concurrency ?? defaultConcurrency;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency) {
		throw new RangeError(`concurrency must be a whole number from 1 to ${maxConcurrency}`);
	}

	const now = options.now ?? Date.now;
	// Stops new attempts: the caller's stop, or the run's own when the API stays away too long.
	const halt = linkedSignal([options.signal]);
	// Every close in flight follows these: as many listeners as closes, not a leak.
	const signals = [halt.signal, options.cancel].filter((signal) => signal !== undefined);
	setMaxListeners(2 * maxConcurrency + 2, ...signals);

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

	const breaker = createBreaker(threshold, options.credentialProven === true);
	let unavailable: string | undefined;
	let launch: () => void = () => undefined;
	const health = createApiHealth({
		patienceMs: options.patienceMs ?? defaultPatienceMs,
		now,
		...(options.sleep ? {sleep: options.sleep} : {}),
		onChange(state) {
			options.onApi?.(state);
			if (state.status === 'up') {
				launch();
			}
		},
		onGiveUp(reason) {
			unavailable = reason;
			halt.abort();
		},
	});
	for (const session of unique) {
		emit({session, status: 'queued'});
	}

	const stopped = () =>
		halt.signal.aborted || breaker.reason !== undefined || unavailable !== undefined;
	const closeOne = async (session: Session) => {
		emit({session, status: 'closing'});
		health.started(session.id);
		try {
			const {outcome, attempts, status} = await options.client.closeSession(
				options.accountId,
				session.id,
				{
					...(options.cancel ? {signal: options.cancel} : {}),
					waitSignal: halt.signal,
					retryLimit: closeRetryLimit,
					gate: (signal) => health.gate(session.id, signal),
					onAttempt: (outcome, error) => health.attempt(session.id, outcome, shortReason(error)),
					onSend: () => emit({session, status: 'closing', sentAt: now()}),
					...(options.onPaced ? {onPaced: options.onPaced} : {}),
					onRetry: (event) => emit({session, status: 'closing', retry: retryState(event, now())}),
				},
			);
			if (outcome === 'closed') {
				breaker.closed();
			}

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
		} finally {
			health.ended(session.id);
		}
	};

	let next = 0;
	let active = 0;
	// A listener that throws (a bug) ends the run with that error once the closes in flight end.
	let broken: {readonly error: unknown} | undefined;
	// Until a close succeeds, no more in flight than it takes to trip the breaker.
	const limit = () =>
		breaker.proven || threshold === 0 ? concurrency : Math.min(concurrency, threshold);
	try {
		await new Promise<void>((resolve) => {
			launch = () => {
				// While the API is unavailable nothing new starts, unless nothing is left in flight to probe it.
				while (
					!stopped() &&
					broken === undefined &&
					next < unique.length &&
					active < limit() &&
					(health.state.status === 'up' || active === 0)
				) {
					const session = unique[next++] as Session;
					active++;
					closeOne(session)
						.catch((error: unknown) => {
							broken ??= {error};
						})
						.finally(() => {
							active--;
							launch();
						});
				}

				if (active === 0 && (stopped() || broken !== undefined || next >= unique.length)) {
					resolve();
				}
			};
			launch();
		});
	} finally {
		health.dispose();
		halt.dispose();
	}

	if (broken) {
		throw broken.error;
	}

	for (const session of unique.slice(next)) {
		finish(session, {status: 'not_attempted', attempts: 0});
	}

	const ordered = unique.map((session) => results.get(session.id) as CloseResult);
	const reason = breaker.reason ?? unavailable;
	return {
		results: ordered,
		summary: summarize(ordered),
		...(reason === undefined
			? {}
			: {breaker: reason, haltedBy: breaker.reason ? 'credentials' : 'unavailable'}),
	};
}
