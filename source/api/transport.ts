import {setMaxListeners} from 'node:events';
import type {Agent as HttpAgent} from 'node:http';
import type {LookupFunction} from 'node:net';
import {setTimeout as delay} from 'node:timers/promises';
import {trustedRoots} from './ca-file.js';
import {
	BadResponseError,
	CancelledError,
	FrameApiError,
	InvalidIdError,
	NetworkError,
	type RequestContext,
	TimeoutError,
} from './errors.js';
import {BodyTooLarge, exchange, type HttpAnswer, TimedOut} from './http.js';
import {AdaptivePacer} from './pacer.js';
import {createAgent, type ProxyEnvironment} from './proxy.js';
import {errorForStatus, networkFailure, serverMessage} from './responses.js';
import {
	backoffDelay,
	defaultRetryPolicy,
	isRetryableStatus,
	parseRetryAfter,
	type RetryPolicy,
} from './retry.js';
import {type Credentials, signRequest} from './signing.js';

/** Adds authentication headers to one attempt; called again for every retry. */
export type AuthHook = (nowMs: number) => Record<string, string>;

/** A successful response: its status, its body as text, and the number of attempts it took. */
export type TransportResponse = {
	readonly status: number;
	readonly text: string;
	readonly attempts: number;
};

/** Told about every retry, for progress displays and logs; never sees credentials. */
export type RetryEvent = {
	readonly method: string;
	readonly path: string;
	/** The attempt that failed, from 1. */
	readonly attempt: number;
	/** The most attempts the policy allows. */
	readonly maxAttempts: number;
	readonly delayMs: number;
	/** The wait is the server's `Retry-After`, not the client's own backoff. */
	readonly retryAfter: boolean;
	readonly error: FrameApiError;
};

/** Options of one request. */
export type RequestOptions = {
	/** Aborts the request at once, an attempt in flight included. */
	readonly signal?: AbortSignal;
	/** Aborts only the waits between attempts (backoff, `Retry-After`, pacing): no new attempt starts. */
	readonly waitSignal?: AbortSignal;
	/** The call needs no body: a 2xx counts whatever its body is, or even if it breaks off. */
	readonly bodyless?: boolean;
	readonly onRetry?: (event: RetryEvent) => void;
	/** Retries after the first attempt, instead of the policy's `limit` (a close rides out more). */
	readonly retryLimit?: number;
	/**
	 * Awaited before every attempt: it may hold the attempt (while the API is down, say). An
	 * attempt it lets through as a `probe` does not count against the retry limit.
	 */
	readonly gate?: (signal: AbortSignal) => Promise<'go' | 'probe'>;
	/** Told how each attempt went: an answer, or a failure worth retrying (5xx, network, timeout). */
	readonly onAttempt?: (outcome: 'answered' | 'transient', error?: FrameApiError) => void;
	/** Told when an attempt goes out, after any wait for its turn. */
	readonly onSend?: () => void;
	/** Told when an attempt waits its turn under a learned rate limit: the rate, per second. */
	readonly onPaced?: (ratePerSecond: number) => void;
};

/** Everything the transport needs; only baseUrl and auth are required. */
export type TransportOptions = {
	readonly baseUrl: string;
	readonly auth: AuthHook;
	readonly timeoutMs?: number;
	readonly retry?: Partial<RetryPolicy>;
	/** The longest body read, in UTF-16 units (default 256 Mi, past any listing Frame sends). */
	readonly maxBodyLength?: number;
	readonly now?: () => number;
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly random?: () => number;
	readonly maxSockets?: number;
	readonly onRetry?: (event: RetryEvent) => void;
	/** Learn the server's rate limit from 429s and pace requests to it (default true). */
	readonly adaptivePacing?: boolean;
	/** A PEM file of roots to trust besides Node's own, read once here. */
	readonly caFile?: string | undefined;
	/** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (default `process.env`). */
	readonly env?: ProxyEnvironment;
	/**
	 * Host name resolution for direct connections (default the system's). Tests map a made-up
	 * host name to loopback with it, so a request to `https://api.frame.test` stays on the machine.
	 */
	readonly lookup?: LookupFunction;
};

/** Sends requests to one Frame API base URL. */
export type Transport = {
	request(method: string, path: string, options?: RequestOptions): Promise<TransportResponse>;
	/** Cancels every request still running and closes the keep-alive sockets. */
	close(): void;
};

/** Frame's signing scheme as an auth hook: a fresh timestamp and signature for every attempt. */
export function frameAuth(credentials: Credentials): AuthHook {
	return (nowMs) => ({...signRequest(credentials, nowMs / 1000)});
}

type Attempt =
	| {readonly ok: true; readonly response: TransportResponse}
	| {readonly ok: false; readonly error: FrameApiError; readonly retryAfterMs?: number};

/** What one attempt needs from its transport. */
type AttemptSetup = {
	readonly agent: HttpAgent;
	readonly maxBodyLength: number;
	readonly auth: AuthHook;
	readonly now: () => number;
	readonly timeoutMs: number;
};

/** One attempt at a request: its answer, or the error it met; throws only when a stop aborts it. */
async function sendAttempt(
	setup: AttemptSetup,
	request: {readonly method: string; readonly url: URL; readonly bodyless: boolean},
	context: (status?: number, serverMessage?: string) => RequestContext,
	stops: readonly (AbortSignal | undefined)[],
): Promise<Attempt> {
	const {now, timeoutMs} = setup;
	let answer: HttpAnswer;
	try {
		answer = await exchange(request.url, {
			method: request.method,
			headers: {accept: 'application/json', ...setup.auth(now())},
			agent: setup.agent,
			timeoutMs,
			signals: stops,
			maxBodyLength: setup.maxBodyLength,
		});
	} catch (error) {
		if (error instanceof TimedOut) {
			return {ok: false, error: new TimeoutError(context(), timeoutMs)};
		}

		const stopped = stops.find((stop) => stop?.aborted);
		if (stopped) {
			throw stopped.reason;
		}

		return {ok: false, error: new NetworkError(context(), networkFailure(error))};
	}

	const {status, headers, bodyError} = answer;
	const ok = status >= 200 && status < 300;
	// A success needing no body is a success, however its body ended: broken off, too large,
	// timed out or cancelled after the status came.
	if (bodyError !== undefined && !(ok && request.bodyless)) {
		const stopped = stops.find((stop) => stop?.aborted);
		if (stopped) {
			throw stopped.reason;
		}

		return bodyError instanceof TimedOut
			? {ok: false, error: new TimeoutError(context(), timeoutMs)}
			: bodyError instanceof BodyTooLarge
				? {ok: false, error: new BadResponseError(context(status), bodyError.message)}
				: {ok: false, error: new NetworkError(context(), networkFailure(bodyError))};
	}

	if (ok) {
		return {ok: true, response: {status, text: answer.text, attempts: context().attempts}};
	}

	const retryAfterMs = parseRetryAfter(header(headers['retry-after']), now());
	const error = errorForStatus(
		status,
		context(status, serverMessage(answer.text)),
		retryAfterMs,
		header(headers.date),
		now(),
	);
	return {ok: false, error, retryAfterMs};
}

/** A header's value as one string, or null when it is missing. */
function header(value: string | readonly string[] | undefined): string | null {
	return value === undefined ? null : typeof value === 'string' ? value : value.join(', ');
}

/** Whether another attempt might go differently: 5xx, 408, 429, a timeout, a network fault. */
function isTransient(policy: RetryPolicy, error: FrameApiError): boolean {
	return (
		(error instanceof NetworkError && !error.permanent) ||
		error.kind === 'timeout' ||
		(error.status !== undefined && isRetryableStatus(policy, error.status))
	);
}

/** How long to wait before the next attempt after this error, or undefined to give up. */
function retryDelay(
	policy: RetryPolicy,
	method: string,
	failure: {readonly error: FrameApiError; readonly retryAfterMs?: number | undefined},
	attempts: number,
	random: () => number,
): number | undefined {
	const {error, retryAfterMs} = failure;
	if (!policy.methods.includes(method) || !isTransient(policy, error) || attempts > policy.limit) {
		return undefined;
	}

	if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
		return undefined;
	}

	return retryAfterMs ?? backoffDelay(policy, attempts, random);
}

/** Whether the server may have carried out a request whose attempt ended with this error. */
function mayHaveActedOn(error: FrameApiError): boolean {
	return error.status === undefined
		? !(error instanceof NetworkError && error.neverConnected)
		: error.status >= 500;
}

/** What a transport's requests share. */
type TransportState = {
	readonly options: TransportOptions;
	readonly baseUrl: string;
	readonly basePath: string;
	readonly policy: RetryPolicy;
	readonly attempt: AttemptSetup;
	readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly random: () => number;
	readonly pacer: AdaptivePacer | undefined;
	/** Aborts when the transport is closed: every request still running ends. */
	readonly closed: AbortController;
};

/**
 * The request's URL; a path that the URL would fold (dot segments) is never sent. A query, after
 * `?`, is the caller's (`apiQuery` builds it encoded).
 */
function urlFor(state: TransportState, method: string, path: string): URL {
	const url = new URL(`${state.baseUrl}${path}`);
	const query = path.indexOf('?');
	if (url.pathname !== `${state.basePath}${query === -1 ? path : path.slice(0, query)}`) {
		throw new InvalidIdError({method, path, attempts: 0}, path);
	}

	return url;
}

/** Sends one request, retrying as the policy says, until an answer, an error or a stop. */
async function request(
	state: TransportState,
	method: string,
	path: string,
	requestOptions: RequestOptions = {},
): Promise<TransportResponse> {
	const {pacer, sleep, random, options} = state;
	const policy =
		requestOptions.retryLimit === undefined
			? state.policy
			: {...state.policy, limit: requestOptions.retryLimit};
	const url = urlFor(state, method, path);
	// An attempt in flight ends when the transport closes or the caller stops it; the waits
	// between attempts also when the caller stops waiting. One signal a request, for the waits.
	const stops = [state.closed.signal, requestOptions.signal];
	const waitSignal = AbortSignal.any(
		[...stops, requestOptions.waitSignal].filter((signal) => signal !== undefined),
	);
	const onRetry = requestOptions.onRetry ?? options.onRetry;
	const setup = state.attempt;
	const bodyless = requestOptions.bodyless ?? false;
	let attempts = 0;
	// Attempts that count against the retry limit: all but the probes a gate let through.
	let counted = 0;
	// Whether the server may have carried the request out: an attempt in flight, or one that
	// ended without a clear refusal.
	let sending = false;
	let mayHaveActed = false;
	const context =
		(attemptNumber: number) =>
		(status?: number, serverMessage?: string): RequestContext => ({
			method,
			path,
			status,
			serverMessage,
			attempts: attemptNumber,
		});
	try {
		for (;;) {
			waitSignal.throwIfAborted();
			const probe = (await requestOptions.gate?.(waitSignal)) === 'probe';
			const turn = pacer?.reserve() ?? 0;
			if (turn > 0) {
				requestOptions.onPaced?.(pacer?.rate ?? 0);
				await sleep(turn, waitSignal);
			}

			attempts++;
			counted += probe ? 0 : 1;
			sending = true;
			requestOptions.onSend?.();
			const result = await sendAttempt(setup, {method, url, bodyless}, context(attempts), stops);
			sending = false;
			if (result.ok) {
				pacer?.succeeded();
				requestOptions.onAttempt?.('answered');
				return result.response;
			}

			const {error} = result;
			// A 429 is an answer too: the server is there, and says to slow down.
			requestOptions.onAttempt?.(
				isTransient(policy, error) && error.kind !== 'rate_limited' ? 'transient' : 'answered',
				error,
			);
			mayHaveActed ||= mayHaveActedOn(error);
			if (error.kind === 'rate_limited') {
				pacer?.throttled();
			} else if (error.status !== undefined && error.status < 500) {
				// The server answered (404 and the like): the request got through the limit.
				pacer?.succeeded();
			}

			const delayMs = retryDelay(policy, method, result, Math.max(1, counted), random);
			if (delayMs === undefined) {
				throw error;
			}

			const retryAfter = result.retryAfterMs !== undefined;
			const maxAttempts = policy.limit + 1;
			const attempt = Math.max(1, counted);
			onRetry?.({method, path, attempt, maxAttempts, delayMs, retryAfter, error});
			await sleep(delayMs, waitSignal);
		}
	} catch (error) {
		// An answer is an answer even if a stop came meanwhile; anything else was the stop.
		if (waitSignal.aborted && !(error instanceof FrameApiError)) {
			throw new CancelledError(context(attempts)(), sending || mayHaveActed);
		}

		throw error;
	}
}

/** Builds a transport over `node:http` with keep-alive sockets, per-attempt timeouts and retries. */
export function createTransport(options: TransportOptions): Transport {
	const baseUrl = options.baseUrl.replace(/\/+$/, '');
	const now = options.now ?? Date.now;
	const maxSockets = options.maxSockets ?? 64;
	const agent = createAgent(baseUrl, options.env ?? process.env, {
		maxSockets,
		ca: options.caFile === undefined ? undefined : trustedRoots(options.caFile),
		lookup: options.lookup,
	});
	const closed = new AbortController();
	// Every request in flight follows it: as many listeners as requests, not a leak.
	setMaxListeners(2 * maxSockets, closed.signal);
	const state: TransportState = {
		options,
		baseUrl,
		basePath: new URL(baseUrl).pathname.replace(/\/+$/, ''),
		policy: {...defaultRetryPolicy, ...options.retry},
		attempt: {
			agent,
			maxBodyLength: options.maxBodyLength ?? 2 ** 28,
			auth: options.auth,
			now,
			timeoutMs: options.timeoutMs ?? 15_000,
		},
		sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, {signal})),
		random: options.random ?? Math.random,
		pacer: options.adaptivePacing === false ? undefined : new AdaptivePacer(now),
		closed,
	};
	return {
		request: (method, path, requestOptions) => request(state, method, path, requestOptions),
		close() {
			closed.abort();
			agent.destroy();
		},
	};
}
