import {createRandom, hashString} from './random.js';

/** A canned response for matching requests, for tests: statuses, odd bodies, dropped sockets. */
export type InjectedResponse = {
	readonly method?: string;
	/** The API path after `/v1`, exactly, or a pattern; any path when absent. */
	readonly path?: string | RegExp;
	/** How many requests it answers before it is spent; 1 by default. */
	readonly times?: number;
	readonly status?: number;
	/** A string is sent as it is; anything else as JSON. */
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
	/** Extra delay before answering. */
	readonly delayMs?: number;
	/** Drop the connection without answering. */
	readonly destroy?: boolean;
	/** Never answer: the connection stays open until the client gives up or the simulator stops. */
	readonly hang?: boolean;
	/** Send the status and half of the body, then reset the connection. */
	readonly breakBody?: boolean;
	/** Send the body compressed, with its `content-encoding`, as a gateway in front of the API may. */
	readonly encoding?: 'gzip' | 'deflate' | 'br';
};

/** Injected responses, matched in the order they were added. */
export class Injections {
	readonly #rules: Array<{rule: InjectedResponse; left: number}> = [];

	add(rule: InjectedResponse): void {
		this.#rules.push({rule, left: rule.times ?? 1});
	}

	/** The first live rule that matches, which uses up one of its times. */
	take(method: string, path: string): InjectedResponse | undefined {
		const entry = this.#rules.find(
			({rule, left}) =>
				left > 0 &&
				(rule.method === undefined || rule.method === method) &&
				(rule.path === undefined ||
					(typeof rule.path === 'string' ? rule.path === path : rule.path.test(path))),
		);
		if (entry) {
			entry.left--;
		}

		return entry?.rule;
	}
}

/** A token bucket: `perSecond` requests a second, bursts up to the same number. */
export class RateLimiter {
	readonly #perSecond: number;
	#tokens: number;
	#updated: number;

	constructor(perSecond: number, nowMs: number) {
		this.#perSecond = perSecond;
		this.#tokens = perSecond;
		this.#updated = nowMs;
	}

	/** Takes a token, or returns the whole seconds to wait for one (the `Retry-After`). */
	take(
		nowMs: number,
	): {readonly ok: true} | {readonly ok: false; readonly retryAfterSeconds: number} {
		this.#tokens = Math.min(
			this.#perSecond,
			this.#tokens + ((nowMs - this.#updated) / 1000) * this.#perSecond,
		);
		this.#updated = nowMs;
		if (this.#tokens >= 1) {
			this.#tokens--;
			return {ok: true};
		}

		return {
			ok: false,
			retryAfterSeconds: Math.max(1, Math.ceil((1 - this.#tokens) / this.#perSecond)),
		};
	}
}

/**
 * Decides which requests fail with a 5xx. The n-th request to the same method and path fails or
 * not by a hash of (seed, method, path, n), so the outcome does not depend on arrival order.
 */
export class FailurePlan {
	readonly #rate: number;
	readonly #seed: number;
	readonly #seen = new Map<string, number>();

	constructor(rate: number, seed: number) {
		this.#rate = rate;
		this.#seed = seed;
	}

	/** The status to fail this request with, or undefined to let it through. */
	next(method: string, path: string): number | undefined {
		if (this.#rate <= 0) {
			return undefined;
		}

		const key = `${method} ${path}`;
		const n = (this.#seen.get(key) ?? 0) + 1;
		this.#seen.set(key, n);
		const random = createRandom(hashString(`${this.#seed}:${key}:${n}`));
		return random.next() < this.#rate ? random.pick([500, 502, 503]) : undefined;
	}
}
