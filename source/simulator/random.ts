/** A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence. */
export type Random = {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	/** `length` characters drawn from `alphabet`. */
	chars(length: number, alphabet: string): string;
};

/** A 32-bit FNV-1a hash of a string, to derive seeds from names. */
export function hashString(text: string): number {
	let hash = 0x81_1c_9d_c5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	return hash >>> 0;
}

/** A generator seeded with a number, or with a string hashed to one. */
export function createRandom(seed: number | string): Random {
	let state = (typeof seed === 'string' ? hashString(seed) : seed) >>> 0;
	const next = () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};

	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
		chars: (length, alphabet) =>
			Array.from({length}, () => alphabet[int(0, alphabet.length - 1)]).join(''),
	};
}
