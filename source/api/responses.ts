import {
	AuthenticationError,
	ForbiddenError,
	type FrameApiError,
	type NetworkFailure,
	NotFoundError,
	RateLimitedError,
	type RequestContext,
	RequestError,
	ServerError,
} from './errors.js';
import {proxyCodes} from './proxy.js';

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

/** Codes of a certificate the TLS handshake refused, before any request was sent. */
const untrustedCertificate: ReadonlySet<string> = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'CERT_SIGNATURE_FAILURE',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** What to do about a certificate Node refused: its CA is missing, or the certificate is wrong. */
function certificateAdvice(code: string): string {
	if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
		return "it is outside its validity dates: check this machine's clock, or the server's certificate";
	}

	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return "it is not issued for this host name: check FRAME_API_URL (or the profile's api_url)";
	}

	return 'add its CA with ca_file in the profile or NODE_EXTRA_CA_CERTS';
}

/** Failures to connect at all: nothing reached the server. */
const connectFailures: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	proxyCodes.refused,
	proxyCodes.failed,
]);

/** A network error, as Node reports it, as one line and what it means. */
export function networkFailure(error: unknown): NetworkFailure {
	const {code, message} = (error && typeof error === 'object' ? error : {}) as {
		code?: unknown;
		message?: unknown;
	};
	const codeText = typeof code === 'string' ? code : undefined;
	if (codeText !== undefined && untrustedCertificate.has(codeText)) {
		return {
			reason: `the server's certificate is not trusted (${codeText}): ${certificateAdvice(codeText)}`,
			neverConnected: true,
			permanent: true,
		};
	}

	// Node's own line ("connect ECONNREFUSED 127.0.0.1:443", "socket hang up"); never a URL.
	const reason = typeof message === 'string' && message.trim() !== '' ? message.trim() : undefined;
	return {
		reason: reason ?? codeText ?? 'the connection failed',
		neverConnected: codeText !== undefined && connectFailures.has(codeText),
		permanent: codeText === proxyCodes.refused,
	};
}
