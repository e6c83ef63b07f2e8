import {setMaxListeners} from 'node:events';
import type {CallOptions, FrameClient} from '../api/client.js';
import {CancelledError, FrameApiError} from '../api/errors.js';
import {closeRetryLimit} from '../api/retry.js';
import type {RetryEvent} from '../api/transport.js';
import type {Session} from '../api/types.js';
import {type ApiState, createApiHealth, defaultPatienceMs} from './api-health.js';
import {createBreaker} from './breaker.js';
import {summarize} from './close-outcomes.js';

/** Where a session stands in a bulk close. */
export type CloseStatus = 'queued' | 'closing' | FinalStatus;

/**
 * The states a session can end in; every input session ends in exactly one. `unknown`: the
 * close was cancelled while its request was in flight, so the server may or may not have acted.
 */
export type FinalStatus = 'closed' | 'already_closed' | 'unknown' | 'failed' | 'not_attempted';

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
	/** Why the run stopped by itself, when it did: the credential refused, or the API away too long. */
	readonly halt?: Halt;
};

/** A run that stopped by itself: what stopped it, and why in words. */
export type Halt = {
	readonly by: 'credentials' | 'unavailable' | 'audit';
	readonly reason: string;
};

/** What a bulk close needs. */
export type CloseSessionsOptions = {
	readonly client: Pick<FrameClient, 'closeSession'>;
	readonly accountId: string;
	/**
	 * The account of each session, when the run spans several (every account at once): one run,
	 * so one concurrency limit and one breaker serve them all. `accountId` otherwise.
	 */
	readonly accountOf?: (session: Session) => string;
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
	const ownStop = new AbortController();
	const stopping = options.signal
		? AbortSignal.any([options.signal, ownStop.signal])
		: ownStop.signal;
	// Every close in flight follows these: as many listeners as closes, not a leak.
	const signals = [stopping, options.cancel].filter((signal) => signal !== undefined);
	setMaxListeners(2 * maxConcurrency + 2, ...signals);

	const threshold = options.breakerThreshold ?? defaultBreakerThreshold;
	const unique = [...new Map(options.sessions.map((session) => [session.id, session])).values()];
	const results = new Map<string, CloseResult>();
	let halted: Halt | undefined;
	// A listener that throws (a bug) stops the run, which then rejects with that error; it never
	// reaches the transport, where it would pass for the close's own failure.
	let broken: {readonly error: unknown} | undefined;
	const stopRun = (why: Halt | undefined, error?: unknown) => {
		halted ??= why;
		if (error !== undefined) {
			broken ??= {error};
		}

		ownStop.abort();
	};
	const listen =
		<T>(listener: ((value: T) => void) | undefined) =>
		(value: T) => {
			try {
				listener?.(value);
			} catch (error) {
				stopRun(undefined, error);
			}
		};
	const emit = listen(options.onEvent);
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
	let launch: () => void = () => undefined;
	const onApi = listen(options.onApi);
	const health = createApiHealth({
		patienceMs: options.patienceMs ?? defaultPatienceMs,
		now,
		...(options.sleep ? {sleep: options.sleep} : {}),
		onChange(state) {
			onApi(state);
			if (state.status === 'up') {
				launch();
			}
		},
		onGiveUp: (reason) => stopRun({by: 'unavailable', reason}),
	});
	for (const session of unique) {
		emit({session, status: 'queued'});
	}

	/** Closes one session; its one result is worked out first, then told once. */
	const closeOne = async (session: Session) => {
		emit({session, status: 'closing'});
		health.started(session.id);
		const outcome = await attemptClose(options, session, {
			waitSignal: stopping,
			gate: (signal) => health.gate(session.id, signal),
			onAttempt: (attempt, error) => health.attempt(session.id, attempt, shortReason(error)),
			emit,
			now,
			onPaced: listen(options.onPaced),
		});
		health.ended(session.id);
		if (outcome.error !== undefined) {
			breaker.failed(outcome.error);
			if (breaker.reason !== undefined && breaker.certain) {
				stopRun({by: 'credentials', reason: breaker.reason});
			}
		} else if (outcome.result.status === 'closed') {
			breaker.closed();
		}

		finish(session, outcome.result, outcome.httpStatus);
	};

	let next = 0;
	let active = 0;
	// Until a close succeeds, no more in flight than it takes to trip the breaker.
	const limit = () =>
		breaker.proven || threshold === 0 ? concurrency : Math.min(concurrency, threshold);
	try {
		await new Promise<void>((resolve) => {
			launch = () => {
				// While the API is unavailable nothing new starts, unless nothing is left in flight to probe it.
				// Nor while the credential is suspected: the closes in flight may yet prove it.
				while (
					!stopping.aborted &&
					breaker.reason === undefined &&
					next < unique.length &&
					active < limit() &&
					(health.state.status === 'up' || active === 0)
				) {
					const session = unique[next++] as Session;
					active++;
					void closeOne(session).finally(() => {
						active--;
						launch();
					});
				}

				if (active === 0 && breaker.reason !== undefined && next < unique.length) {
					stopRun({by: 'credentials', reason: breaker.reason});
				}

				if (active === 0 && (stopping.aborted || next >= unique.length)) {
					resolve();
				}
			};
			launch();
		});
	} finally {
		health.dispose();
	}

	for (const session of unique.slice(next)) {
		finish(session, {status: 'not_attempted', attempts: 0});
	}

	if (broken) {
		throw broken.error;
	}

	const ordered = unique.map((session) => results.get(session.id) as CloseResult);
	return {results: ordered, summary: summarize(ordered), ...(halted ? {halt: halted} : {})};
}

/** How one close went: its result, and the error when it failed. */
type Attempted = {
	readonly result: Omit<CloseResult, 'id' | 'pool_id'>;
	readonly httpStatus?: number | undefined;
	readonly error?: unknown;
};

/** Sends one session's close with its retries, gated by the API's health; never throws. */
async function attemptClose(
	options: CloseSessionsOptions,
	session: Session,
	hooks: {
		readonly waitSignal: AbortSignal;
		readonly gate: NonNullable<CallOptions['gate']>;
		readonly onAttempt: NonNullable<CallOptions['onAttempt']>;
		readonly onPaced: NonNullable<CallOptions['onPaced']>;
		readonly emit: (event: CloseEvent) => void;
		readonly now: () => number;
	},
): Promise<Attempted> {
	const {emit, now} = hooks;
	try {
		const {outcome, attempts, status} = await options.client.closeSession(
			options.accountOf?.(session) ?? options.accountId,
			session.id,
			{
				...(options.cancel ? {signal: options.cancel} : {}),
				waitSignal: hooks.waitSignal,
				retryLimit: closeRetryLimit,
				gate: hooks.gate,
				onAttempt: hooks.onAttempt,
				onSend: () => emit({session, status: 'closing', sentAt: now()}),
				onPaced: hooks.onPaced,
				onRetry: (event) => emit({session, status: 'closing', retry: retryState(event, now())}),
			},
		);
		return {result: {status: outcome, attempts}, httpStatus: status};
	} catch (error) {
		if (error instanceof CancelledError) {
			return {
				result: error.mayHaveActed
					? {status: 'unknown', attempts: error.attempts, error: error.message}
					: {status: 'not_attempted', attempts: error.attempts},
			};
		}

		return {
			result: {
				status: 'failed',
				attempts: error instanceof FrameApiError ? error.attempts : 1,
				error: error instanceof Error ? error.message : String(error),
			},
			httpStatus: error instanceof FrameApiError ? error.status : undefined,
			error,
		};
	}
}
