import {createHmac, timingSafeEqual} from 'node:crypto';

/** Frame's credentials: the secret signs requests and is never sent. */
export type Credentials = {
	readonly clientId: string;
	readonly clientSecret: string;
};

/** The three headers Frame reads to authenticate a request. */
export type FrameAuthHeaders = {
	readonly 'X-Frame-ClientId': string;
	readonly 'X-Frame-Timestamp': string;
	readonly 'X-Frame-Signature': string;
};

/** HMAC-SHA256 of `timestamp + clientId` keyed with the secret, as lowercase hex. */
export function computeSignature(
	clientId: string,
	clientSecret: string,
	timestamp: number,
): string {
	return createHmac('sha256', clientSecret).update(`${timestamp}${clientId}`).digest('hex');
}

/** Signs one request at a given time (whole seconds since the epoch); pure, so tests fix the clock. */
export function signRequest(credentials: Credentials, timestampSeconds: number): FrameAuthHeaders {
	const timestamp = Math.floor(timestampSeconds);
	return {
		'X-Frame-ClientId': credentials.clientId,
		'X-Frame-Timestamp': String(timestamp),
		'X-Frame-Signature': computeSignature(
			credentials.clientId,
			credentials.clientSecret,
			timestamp,
		),
	};
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
