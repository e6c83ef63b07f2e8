import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import nodeFetch, {type RequestInit, type Response} from 'node-fetch';
import {
	AuthenticationError,
	BadResponseError,
	ForbiddenError,
	type FrameApiError,
	NetworkError,
	NotFoundError,
	RateLimitedError,
	type RequestContext,
	RequestError,
	ServerError,
	TimeoutError,
} from './errors.js';
import {AdaptivePacer} from './pacer.js';
import {
	backoffDelay,
	defaultRetryPolicy,
	isRetryableStatus,
	parseRetryAfter,
	type RetryPolicy,
} from './retry.js';
import {type Credentials, signRequest} from './signing.js';

/** The part of fetch the transport uses; node-fetch by default, injectable like octokit's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Adds authentication headers to one attempt; called again for every retry. */
export type AuthHook = (nowMs: number) => Record<string, string>;

/** A successful response, with the number of attempts it took. */
export type TransportResponse = {
	readonly status: number;
	readonly body: unknown;
	readonly attempts: number;
};

/** Told about every retry, for progress displays and logs; never sees credentials. */
export type RetryEvent = {
	readonly method: string;
	readonly path: string;
	readonly attempt: number;
	readonly delayMs: number;
	readonly error: FrameApiError;
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
	request(
		method: string,
		path: string,
		options?: {readonly signal?: AbortSignal},
	): Promise<TransportResponse>;
	/** Closes idle keep-alive sockets. */
	close(): void;
};

/** The clock skew beyond which a 401 is blamed on the clock, per frame-api.md. */
export const clockSkewLimitSeconds = 60;

/** Frame's signing scheme as an auth hook: a fresh timestamp and signature for every attempt. */
export function frameAuth(credentials: Credentials): AuthHook {
	return (nowMs) => ({...signRequest(credentials, nowMs / 1000)});
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(signal.reason);
			return;
		}

		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};

		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

type Attempt =
	| {readonly ok: true; readonly response: TransportResponse}
	| {readonly ok: false; readonly error: FrameApiError; readonly retryAfterMs?: number};

/** Builds a transport over node-fetch with keep-alive sockets, per-attempt timeouts and retries. */
export function createTransport(options: TransportOptions): Transport {
	const baseUrl = options.baseUrl.replace(/\/+$/, '');
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

	async function attempt(
		method: string,
		path: string,
		attemptNumber: number,
		signal: AbortSignal | undefined,
	): Promise<Attempt> {
		const context = (status?: number, serverMessage?: string): RequestContext => ({
			method,
			path,
			status,
			serverMessage,
			attempts: attemptNumber,
		});
		const timeout = new AbortController();
		const timer = setTimeout(() => timeout.abort(), timeoutMs);
		const onAbort = () => timeout.abort();
		signal?.addEventListener('abort', onAbort, {once: true});
		try {
			let response: Response;
			let text: string;
			try {
				response = await fetch(`${baseUrl}${path}`, {
					method,
					agent,
					signal: timeout.signal,
					headers: {accept: 'application/json', ...options.auth(now())},
				});
				text = await response.text();
			} catch (error) {
				if (signal?.aborted) {
					throw signal.reason;
				}

				if (timeout.signal.aborted) {
					return {ok: false, error: new TimeoutError(context(), timeoutMs)};
				}

				return {ok: false, error: new NetworkError(context(), networkReason(error))};
			}

			const {status} = response;
			if (status >= 200 && status < 300) {
				try {
					const body = text.trim() === '' ? undefined : JSON.parse(text);
					return {ok: true, response: {status, body, attempts: attemptNumber}};
				} catch {
					return {
						ok: false,
						error: new BadResponseError(context(status), 'the body is not JSON'),
					};
				}
			}

			const message = serverMessage(text);
			const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
			const error = errorForStatus(
				status,
				context(status, message),
				retryAfterMs,
				response.headers.get('date'),
				now(),
			);
			return {ok: false, error, retryAfterMs};
		} finally {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
		}
	}

	return {
		async request(method, path, requestOptions = {}) {
			const {signal} = requestOptions;
			const retryable = policy.methods.includes(method);
			for (let attemptNumber = 1; ; attemptNumber++) {
				const turn = pacer?.reserve() ?? 0;
				if (turn > 0) {
					await sleep(turn, signal);
				}

				const result = await attempt(method, path, attemptNumber, signal);
				if (result.ok) {
					pacer?.succeeded();
					return result.response;
				}

				const {error, retryAfterMs} = result;
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
				if (!retryable || !transient || attemptNumber > policy.limit) {
					throw error;
				}

				if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
					throw error;
				}

				const delayMs = retryAfterMs ?? backoffDelay(policy, attemptNumber, random);
				options.onRetry?.({method, path, attempt: attemptNumber, delayMs, error});
				await sleep(delayMs, signal);
			}
		},
		close() {
			agent.destroy();
		},
	};
}

function errorForStatus(
	status: number,
	context: RequestContext,
	retryAfterMs: number | undefined,
	serverDate: string | null,
	nowMs: number,
): FrameApiError {
	switch (status) {
		case 401: {
			const serverMs = serverDate ? Date.parse(serverDate) : Number.NaN;
			const skew = (nowMs - serverMs) / 1000;
			return new AuthenticationError(
				context,
				Math.abs(skew) > clockSkewLimitSeconds ? skew : undefined,
			);
		}
		case 403:
			return new ForbiddenError(context);
		case 404:
			return new NotFoundError(context);
		case 429:
			return new RateLimitedError(context, retryAfterMs);
		default:
			return status >= 500 || status === 408 ? new ServerError(context) : new RequestError(context);
	}
}

/** The server's own message from an error body (JSON or short text), on one line. */
function serverMessage(text: string): string | undefined {
	let candidate: unknown = text;
	try {
		const json: unknown = JSON.parse(text);
		candidate = pickMessage(json);
	} catch {
		if (/^\s*</.test(text)) {
			return undefined;
		}
	}

	if (typeof candidate !== 'string') {
		return undefined;
	}

	const line = candidate.replace(/\s+/g, ' ').trim();
	return line === '' ? undefined : line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function pickMessage(json: unknown): unknown {
	if (typeof json === 'string') {
		return json;
	}

	if (Array.isArray(json)) {
		return pickMessage(json[0]);
	}

	if (json && typeof json === 'object') {
		const record = json as Record<string, unknown>;
		for (const key of ['message', 'error_description', 'error', 'detail', 'errors']) {
			const found = pickMessage(record[key]);
			if (typeof found === 'string') {
				return found;
			}
		}
	}

	return undefined;
}

function networkReason(error: unknown): string {
	if (error && typeof error === 'object') {
		const {code, message} = error as {code?: unknown; message?: unknown};
		const reason = typeof message === 'string' ? /reason: (.*)$/.exec(message)?.[1] : undefined;
		if (reason) {
			return reason;
		}

		if (typeof code === 'string') {
			return code;
		}
	}

	return 'the connection failed';
}
