import {
	AuthenticationError,
	ForbiddenError,
	type FrameApiError,
	NotFoundError,
	RateLimitedError,
	type RequestContext,
	RequestError,
	ServerError,
} from './errors.js';

/** The clock skew beyond which a 401 is blamed on the clock, per frame-api.md. */
const clockSkewLimitSeconds = 60;

/** The error a status means, with the server's clock checked on a 401. */
export function errorForStatus(
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
export function serverMessage(text: string): string | undefined {
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

export function networkReason(error: unknown): string {
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

const connectFailures: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);

/** Whether a network error happened before any connection was made: nothing reached the server. */
export function neverConnected(error: unknown): boolean {
	const code = error && typeof error === 'object' ? (error as {code?: unknown}).code : undefined;
	return typeof code === 'string' && connectFailures.has(code);
}
