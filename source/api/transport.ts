import {setMaxListeners} from 'node:events';
import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import nodeFetch, {type RequestInit, type Response} from 'node-fetch';
import {
	CancelledError,
	FrameApiError,
	InvalidIdError,
	NetworkError,
	type RequestContext,
	TimeoutError,
} from './errors.js';
import {AdaptivePacer} from './pacer.js';
import {errorForStatus, networkReason, neverConnected, serverMessage} from './responses.js';
import {
	backoffDelay,
	defaultRetryPolicy,
	isRetryableStatus,
	parseRetryAfter,
	type RetryPolicy,
} from './retry.js';
import {abortableSleep, linkedSignal} from './signals.js';
import {type Credentials, signRequest} from './signing.js';

/** The part of fetch the transport uses; node-fetch by default, injectable like octokit's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

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
};

/** Everything the transport needs; only baseUrl and auth are required. */
export type TransportOptions = {
	readonly baseUrl: string;
	readonly auth: AuthHook;
	readonly timeoutMs?: number;
	readonly retry?: Partial<RetryPolicy>;
	readonly fetch?: FetchLike;
	readonly now?: () => number;
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly random?: () => number;
	readonly maxSockets?: number;
	readonly onRetry?: (event: RetryEvent) => void;
	/** Learn the server's rate limit from 429s and pace requests to it (default true). */
	readonly adaptivePacing?: boolean;
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

/** Builds a transport over node-fetch with keep-alive sockets, per-attempt timeouts and retries. */
export function createTransport(options: TransportOptions): Transport {
	const baseUrl = options.baseUrl.replace(/\/+$/, '');
	const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
	const policy: RetryPolicy = {...defaultRetryPolicy, ...options.retry};
	const timeoutMs = options.timeoutMs ?? 15_000;
	const fetch = options.fetch ?? (nodeFetch as FetchLike);
	const now = options.now ?? Date.now;
	const sleep = options.sleep ?? abortableSleep;
	const random = options.random ?? Math.random;
	const agentOptions = {keepAlive: true, maxSockets: options.maxSockets ?? 64};
	const agent = baseUrl.startsWith('https:')
		? new HttpsAgent(agentOptions)
		: new HttpAgent(agentOptions);
	const pacer = options.adaptivePacing === false ? undefined : new AdaptivePacer(now);
	const closed = new AbortController();
	// Every request in flight follows it: as many listeners as requests, not a leak.
	setMaxListeners(2 * agentOptions.maxSockets, closed.signal);

	/** The request's URL; a path that the URL would fold (dot segments) is never sent. */
	function urlFor(method: string, path: string): string {
		const url = `${baseUrl}${path}`;
		if (new URL(url).pathname !== `${basePath}${path}`) {
			throw new InvalidIdError({method, path, attempts: 0}, path);
		}

		return url;
	}

	async function attempt(
		method: string,
		url: string,
		context: (status?: number, serverMessage?: string) => RequestContext,
		bodyless: boolean,
		signal: AbortSignal,
	): Promise<Attempt> {
		const timeout = linkedSignal([signal]);
		const timer = setTimeout(() => timeout.abort(), timeoutMs);
		try {
			let response: Response;
			try {
				response = await fetch(url, {
					method,
					agent,
					signal: timeout.signal,
					headers: {accept: 'application/json', ...options.auth(now())},
				});
			} catch (error) {
				return failedAttempt(error);
			}

			const {status} = response;
			const ok = status >= 200 && status < 300;
			let text: string;
			try {
				text = await response.text();
			} catch (error) {
				if (!ok || !bodyless) {
					return failedAttempt(error);
				}

				// The answer was a success: a body broken off or cancelled after it changes nothing.
				text = '';
			}

			if (ok) {
				return {ok: true, response: {status, text, attempts: context().attempts}};
			}

			const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
			const error = errorForStatus(
				status,
				context(status, serverMessage(text)),
				retryAfterMs,
				response.headers.get('date'),
				now(),
			);
			return {ok: false, error, retryAfterMs};
		} finally {
			clearTimeout(timer);
			timeout.dispose();
		}

		function failedAttempt(error: unknown): Attempt {
			if (signal.aborted) {
				throw signal.reason;
			}

			return timeout.signal.aborted
				? {ok: false, error: new TimeoutError(context(), timeoutMs)}
				: {
						ok: false,
						error: new NetworkError(context(), networkReason(error), neverConnected(error)),
					};
		}
	}

	async function request(
		method: string,
		path: string,
		requestOptions: RequestOptions = {},
	): Promise<TransportResponse> {
		const url = urlFor(method, path);
		const stop = linkedSignal([closed.signal, requestOptions.signal]);
		const stopWaiting = linkedSignal([stop.signal, requestOptions.waitSignal]);
		const {signal} = stop;
		const waitSignal = stopWaiting.signal;
		const retryable = policy.methods.includes(method);
		const onRetry = requestOptions.onRetry ?? options.onRetry;
		let attempts = 0;
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
				const turn = pacer?.reserve() ?? 0;
				if (turn > 0) {
					await sleep(turn, waitSignal);
				}

				attempts++;
				sending = true;
				const result = await attempt(
					method,
					url,
					context(attempts),
					requestOptions.bodyless ?? false,
					signal,
				);
				sending = false;
				if (result.ok) {
					pacer?.succeeded();
					return result.response;
				}

				const {error, retryAfterMs} = result;
				mayHaveActed ||=
					error.status === undefined
						? !(error instanceof NetworkError && error.neverConnected)
						: error.status >= 500;
				if (error.kind === 'rate_limited') {
					pacer?.throttled();
				} else if (error.status !== undefined && error.status < 500) {
					// The server answered (404 and the like): the request got through the limit.
					pacer?.succeeded();
				}

				const transient =
					error.kind === 'network' ||
					error.kind === 'timeout' ||
					(error.status !== undefined && isRetryableStatus(policy, error.status));
				if (!retryable || !transient || attempts > policy.limit) {
					throw error;
				}

				if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
					throw error;
				}

				const delayMs = retryAfterMs ?? backoffDelay(policy, attempts, random);
				onRetry?.({
					method,
					path,
					attempt: attempts,
					maxAttempts: policy.limit + 1,
					delayMs,
					retryAfter: retryAfterMs !== undefined,
					error,
				});
				await sleep(delayMs, waitSignal);
			}
		} catch (error) {
			// An answer is an answer even if a stop came meanwhile; anything else was the stop.
			if (waitSignal.aborted && !(error instanceof FrameApiError)) {
				throw new CancelledError(context(attempts)(), sending || mayHaveActed);
			}

			throw error;
		} finally {
			stopWaiting.dispose();
			stop.dispose();
		}
	}

	return {
		request,
		close() {
			closed.abort();
			agent.destroy();
		},
	};
}
