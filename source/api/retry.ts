/** When and how the client retries a failed attempt. */
export type RetryPolicy = {
	/** Retries after the first attempt. */
	readonly limit: number;
	readonly methods: readonly string[];
	/** Statuses retried besides every 5xx. */
	readonly statusCodes: readonly number[];
	readonly serverErrors: boolean;
	/** Backoff before retry n is a random share of min(maxDelayMs, baseDelayMs × 2^(n−1)). */
	readonly baseDelayMs: number;
	readonly maxDelayMs: number;
	/** A `Retry-After` longer than this is not waited out: the error is thrown at once. */
	readonly maxRetryAfterMs: number;
};

/** Frame's calls are reads and idempotent DELETEs (a repeated close answers 404), so all are retried. */
export const defaultRetryPolicy: RetryPolicy = {
	limit: 4,
	methods: ['GET', 'HEAD', 'DELETE', 'PUT', 'OPTIONS'],
	statusCodes: [408, 429],
	serverErrors: true,
	baseDelayMs: 250,
	maxDelayMs: 8000,
	maxRetryAfterMs: 60_000,
};

/**
 * Retries of one close, more than a read's: with the default backoff they span at least 31 s
 * (equal jitter waits at least half of each capped delay), so an API down for a few seconds is
 * ridden out by each close on its own.
 */
export const closeRetryLimit = 12;

/** Whether a response with this status is worth another attempt under the policy. */
export function isRetryableStatus(policy: RetryPolicy, status: number): boolean {
	return policy.statusCodes.includes(status) || (policy.serverErrors && status >= 500);
}

/** Milliseconds to wait from a `Retry-After` value (delta seconds or an HTTP date), or undefined. */
export function parseRetryAfter(
	value: string | null | undefined,
	nowMs: number,
): number | undefined {
	if (!value) {
		return undefined;
	}

	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) {
		return Number(trimmed) * 1000;
	}

	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with equal jitter for retry number `retry` (1-based). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
	const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
	return cap / 2 + (random() * cap) / 2;
}
