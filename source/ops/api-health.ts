/**
 * Whether the API is answering a bulk close, and what the close does while it is not: when every
 * close in flight is failing (5xx, network faults, timeouts), the API counts as unavailable. New
 * closes wait, and the closes in flight take turns to probe it, one attempt at a time, until one
 * is answered (everything goes on) or the patience runs out (the run stops).
 */
import {setTimeout as delay} from 'node:timers/promises';

/** The API as a run sees it: answering, or unavailable since a time, for a reason ("503"). */
export type ApiState =
	| {readonly status: 'up'}
	| {readonly status: 'unavailable'; readonly since: number; readonly reason: string};

/** How long a run waits for an unavailable API before it stops, by default: two minutes. */
export const defaultPatienceMs = 120_000;

/** "90 s", "1.5 s": seconds as the progress line counts them, a fraction only when there is one. */
function seconds(ms: number): string {
	return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/** Failed attempts in a row, with no answer between them, before the API can count as unavailable. */
const failuresBeforeOutage = 3;

/** Waits between probes: from one second, doubling, to at most five. */
const probeDelaysMs = {first: 1000, max: 5000};

/** What a health monitor needs: its patience, clock and sleep (injectable for tests), and who hears of changes. */
export type ApiHealthOptions = {
	/** How long the API may stay unavailable before `onGiveUp`; 0 gives up as soon as it is. */
	readonly patienceMs: number;
	readonly now: () => number;
	readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	readonly onChange?: (state: ApiState) => void;
	/** Called once, when the API has been unavailable for longer than the patience. */
	readonly onGiveUp: (reason: string) => void;
};

/** A waiter for its turn at the gate. */
type Waiter = {readonly id: string; readonly resolve: (turn: 'go' | 'probe') => void};

/** Watches the attempts of one bulk close and holds them while the API is unavailable. */
export function createApiHealth(options: ApiHealthOptions) {
	const sleep =
		options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, {signal}));
	const inFlight = new Set<string>();
	const failing = new Set<string>();
	let streak = 0;
	let firstFailure = 0;
	let lastReason = '';
	let state: ApiState = {status: 'up'};
	/** The close whose attempt is the probe now, if one is out. */
	let probing: string | undefined;
	let probeDelay = probeDelaysMs.first;
	let nextProbe = 0;
	let gaveUp = false;
	/** Which outage of the run this is: a patience timer serves only its own. */
	let outages = 0;
	/** A probe's turn is being waited for. */
	let scheduled = false;
	const waiters: Waiter[] = [];
	const stop = new AbortController();

	const change = (next: ApiState) => {
		state = next;
		options.onChange?.(next);
	};

	const giveUp = () => {
		if (gaveUp || state.status !== 'unavailable') {
			return;
		}

		gaveUp = true;
		const away = Math.round((options.now() - state.since) / 1000);
		options.onGiveUp(
			options.patienceMs === 0
				? `the API was unavailable (${state.reason}), and the patience is 0`
				: `the API was unavailable for ${away} s (${state.reason}), longer than the patience of ${seconds(options.patienceMs)}`,
		);
	};

	/** Lets the next waiter through as the probe once its time has come. */
	const pump = () => {
		if (state.status !== 'unavailable' || scheduled || probing !== undefined || gaveUp) {
			return;
		}

		scheduled = true;
		sleep(Math.max(0, nextProbe - options.now()), stop.signal).then(
			() => {
				scheduled = false;
				const waiter = state.status === 'unavailable' && !gaveUp ? waiters.shift() : undefined;
				if (waiter) {
					probing = waiter.id;
					waiter.resolve('probe');
				}
			},
			() => undefined,
		);
	};

	/** The probe is over without an answer: the next one waits longer, up to the most. */
	const probeFailed = () => {
		probing = undefined;
		probeDelay = Math.min(probeDelaysMs.max, probeDelay * 2);
		nextProbe = options.now() + probeDelay;
		pump();
	};

	const becomeUnavailable = () => {
		change({status: 'unavailable', since: firstFailure, reason: lastReason});
		probeDelay = probeDelaysMs.first;
		nextProbe = options.now() + probeDelay;
		const patienceLeft = firstFailure + options.patienceMs - options.now();
		if (patienceLeft <= 0) {
			giveUp();
			return;
		}

		const outage = ++outages;
		sleep(patienceLeft, stop.signal).then(
			() => outage === outages && giveUp(),
			() => undefined,
		);
	};

	return {
		/** The API as the run sees it now. */
		get state(): ApiState {
			return state;
		},
		/** A close has started; it counts as in flight until `ended`. */
		started(id: string) {
			inFlight.add(id);
		},
		/** A close has its result: it no longer counts, and if it was the probe, the next one may go. */
		ended(id: string) {
			inFlight.delete(id);
			failing.delete(id);
			if (probing === id) {
				probeFailed();
			}
		},
		/** Before each attempt of the close of `id`: goes at once while the API answers; else waits for a turn to probe. */
		gate(id: string, signal: AbortSignal): Promise<'go' | 'probe'> {
			if (state.status === 'up') {
				return Promise.resolve('go');
			}

			return new Promise((resolve, reject) => {
				const waiter: Waiter = {
					id,
					resolve(turn) {
						signal.removeEventListener('abort', onAbort);
						resolve(turn);
					},
				};
				const onAbort = () => {
					const index = waiters.indexOf(waiter);
					if (index !== -1) {
						waiters.splice(index, 1);
					}

					reject(signal.reason);
				};

				signal.throwIfAborted();
				signal.addEventListener('abort', onAbort, {once: true});
				waiters.push(waiter);
				pump();
			});
		},
		/** How an attempt of the close of `id` went; `reason` is the failure in a word ("503"). */
		attempt(id: string, outcome: 'answered' | 'transient', reason = '') {
			if (outcome === 'answered') {
				streak = 0;
				failing.clear();
				if (state.status === 'unavailable' && !gaveUp) {
					probing = undefined;
					change({status: 'up'});
					for (const waiter of waiters.splice(0)) {
						waiter.resolve('go');
					}
				}

				return;
			}

			if (streak === 0) {
				firstFailure = options.now();
			}

			streak++;
			lastReason = reason;
			failing.add(id);
			if (state.status === 'unavailable') {
				if (probing === id) {
					probeFailed();
				}

				return;
			}

			const everyCloseFailing = [...inFlight].every((inflight) => failing.has(inflight));
			if (streak >= failuresBeforeOutage && everyCloseFailing) {
				becomeUnavailable();
			}
		},
		/** Lets go of the timers; the run is over. */
		dispose() {
			stop.abort();
		},
	};
}

/** The health monitor of one bulk close. */
export type ApiHealth = ReturnType<typeof createApiHealth>;

/** "API unavailable for 12 s (503): waiting", as the app and the headless progress say it. */
export function unavailableText(api: ApiState, now: number): string | undefined {
	return api.status === 'unavailable'
		? `API unavailable for ${Math.max(0, Math.floor((now - api.since) / 1000))} s (${api.reason}): waiting`
		: undefined;
}

/** "paced: 12/s (rate limit)": the client waits its turn under a limit it learned from 429s. */
export function pacedText(rate: number): string {
	return `paced: ${rate >= 10 ? Math.round(rate) : rate.toFixed(1)}/s (rate limit)`;
}
