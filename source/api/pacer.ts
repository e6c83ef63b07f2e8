/**
 * Paces a client's requests to a rate limit it learns from 429s. Unpaced until the first 429;
 * then it starts requests at just under the rate it had been getting through, cuts the rate on
 * each later 429 (at most once a second, since one burst brings many) and raises it a little
 * each calm second, so it settles just under the server's limit instead of hammering it.
 */
export class AdaptivePacer {
	readonly #now: () => number;
	#rate = Number.POSITIVE_INFINITY;
	#nextStart = 0;
	#lastCut = Number.NEGATIVE_INFINITY;
	#lastRaise = Number.NEGATIVE_INFINITY;
	readonly #recent: number[] = [];

	constructor(now: () => number) {
		this.#now = now;
	}

	/** Requests per second it lets through now; Infinity before any 429. */
	get rate(): number {
		return this.#rate;
	}

	/** How long the next request must wait for its turn, in ms; takes the turn. */
	reserve(): number {
		if (!Number.isFinite(this.#rate)) {
			return 0;
		}

		const now = this.#now();
		const start = Math.max(now, this.#nextStart);
		this.#nextStart = start + 1000 / this.#rate;
		return start - now;
	}

	/** A request got through. */
	succeeded(): void {
		const now = this.#now();
		this.#recent.push(now);
		while ((this.#recent[0] ?? now) < now - 1000) {
			this.#recent.shift();
		}

		if (Number.isFinite(this.#rate) && now - Math.max(this.#lastCut, this.#lastRaise) >= 1000) {
			this.#rate *= 1.01;
			this.#lastRaise = now;
		}
	}

	/** A request was refused with 429. */
	throttled(): void {
		const now = this.#now();
		if (now - this.#lastCut < 1000) {
			return;
		}

		const gotThrough = this.#recent.filter((time) => time >= now - 1000).length;
		this.#rate = Number.isFinite(this.#rate)
			? Math.max(1, this.#rate * 0.8)
			: Math.max(1, gotThrough * 0.95);
		this.#lastCut = now;
		this.#nextStart = now;
	}
}
