/** What went wrong with a request, one value per error class. */
export type FrameErrorKind =
	| 'authentication'
	| 'forbidden'
	| 'not_found'
	| 'rate_limited'
	| 'request'
	| 'server'
	| 'network'
	| 'timeout'
	| 'bad_response'
	| 'invalid_id'
	| 'cancelled';

/** Where and how a failed request was made; the base of every error's one-line message. */
export type RequestContext = {
	readonly method: string;
	readonly path: string;
	readonly status?: number;
	readonly serverMessage?: string;
	readonly attempts: number;
};

const summaries: Record<FrameErrorKind, string> = {
	authentication: 'authentication failed',
	forbidden: 'forbidden',
	not_found: 'not found',
	rate_limited: 'rate limited',
	request: 'request rejected',
	server: 'server error',
	network: 'network error',
	timeout: 'timed out',
	bad_response: 'unreadable response',
	invalid_id: 'invalid id',
	cancelled: 'cancelled',
};

/** Base class of every error the Frame client throws; its message is always one line. */
export class FrameApiError extends Error {
	readonly kind: FrameErrorKind;
	readonly method: string;
	readonly path: string;
	readonly status: number | undefined;
	readonly serverMessage: string | undefined;
	readonly attempts: number;

	constructor(kind: FrameErrorKind, context: RequestContext, detail?: string) {
		const status = context.status === undefined ? '' : ` (HTTP ${context.status})`;
		const reason = [context.serverMessage, detail].filter(Boolean).join('; ');
		super(
			`${context.method} ${context.path}: ${summaries[kind]}${status}${reason ? `: ${reason}` : ''}`,
		);
		this.name = new.target.name;
		this.kind = kind;
		this.method = context.method;
		this.path = context.path;
		this.status = context.status;
		this.serverMessage = context.serverMessage;
		this.attempts = context.attempts;
	}
}

/** 401: bad credentials, a bad signature, or a clock too far from the server's. */
export class AuthenticationError extends FrameApiError {
	/** Local clock minus the server's `Date`, in seconds, when that exceeds the allowed skew. */
	readonly clockSkewSeconds: number | undefined;

	constructor(context: RequestContext, clockSkewSeconds?: number) {
		super(
			'authentication',
			context,
			clockSkewSeconds === undefined
				? undefined
				: `this machine's clock is ${Math.abs(Math.round(clockSkewSeconds))} s ${clockSkewSeconds > 0 ? 'ahead of' : 'behind'} the server's; fix the clock`,
		);
		this.clockSkewSeconds = clockSkewSeconds;
	}
}

/** 403: the credentials are valid but their role does not allow the call. */
export class ForbiddenError extends FrameApiError {
	constructor(context: RequestContext) {
		super('forbidden', context);
	}
}

/** 404: the account, pool or session does not exist (or is no longer there). */
export class NotFoundError extends FrameApiError {
	constructor(context: RequestContext) {
		super('not_found', context);
	}
}

/** 429 after every retry, or with a `Retry-After` longer than the client will wait. */
export class RateLimitedError extends FrameApiError {
	readonly retryAfterMs: number | undefined;

	constructor(context: RequestContext, retryAfterMs?: number) {
		super(
			'rate_limited',
			context,
			retryAfterMs === undefined ? undefined : `retry after ${Math.ceil(retryAfterMs / 1000)} s`,
		);
		this.retryAfterMs = retryAfterMs;
	}
}

/** Any other 4xx (400, 409, 422 …): the server refused the request as made. */
export class RequestError extends FrameApiError {
	constructor(context: RequestContext) {
		super('request', context);
	}
}

/** 5xx after every retry. */
export class ServerError extends FrameApiError {
	constructor(context: RequestContext) {
		super('server', context);
	}
}

/** What a network failure was, beyond its one-line reason. */
export type NetworkFailure = {
	readonly reason: string;
	/** No request was ever sent (refused, unknown host, an untrusted certificate): the server saw nothing. */
	readonly neverConnected: boolean;
	/** Another attempt would fail the same way (an untrusted certificate, a proxy's refusal). */
	readonly permanent: boolean;
};

/** The connection failed (refused, reset, DNS, TLS, the proxy), after every retry unless permanent. */
export class NetworkError extends FrameApiError {
	readonly neverConnected: boolean;
	readonly permanent: boolean;

	constructor(context: RequestContext, failure: NetworkFailure) {
		super('network', context, failure.reason);
		this.neverConnected = failure.neverConnected;
		this.permanent = failure.permanent;
	}
}

/** No response within the per-attempt timeout, after every retry. */
export class TimeoutError extends FrameApiError {
	constructor(context: RequestContext, timeoutMs: number) {
		super('timeout', context, `no response within ${timeoutMs} ms`);
	}
}

/** A 2xx whose body is not the JSON the call expects. */
export class BadResponseError extends FrameApiError {
	constructor(context: RequestContext, reason: string) {
		super('bad_response', context, reason);
	}
}

/**
 * An id that cannot stand in a URL path: empty, "." or "..", which the URL would fold into
 * another endpoint (`DELETE …/sessions/..` is the account itself). Thrown before anything is sent.
 */
export class InvalidIdError extends FrameApiError {
	constructor(context: RequestContext, id: string) {
		super('invalid_id', context, `${JSON.stringify(id)} cannot be placed in a URL path`);
	}
}

/**
 * The caller stopped the request. `mayHaveActed` says whether the server may have carried it out:
 * an attempt was in flight, or one ended without a clear refusal (a network error, a timeout, a
 * 5xx). It is false when nothing was sent, or every answer was a 4xx refusal such as a 429.
 */
export class CancelledError extends FrameApiError {
	readonly mayHaveActed: boolean;

	constructor(context: RequestContext, mayHaveActed: boolean) {
		super(
			'cancelled',
			context,
			mayHaveActed ? 'the server may or may not have acted' : 'nothing was carried out',
		);
		this.mayHaveActed = mayHaveActed;
	}
}

/**
 * The client's own settings are unusable (a `ca_file` that is unreadable or not PEM, a proxy
 * variable that is not a URL): a configuration error, found before any request.
 */
export class ClientConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ClientConfigError';
	}
}
