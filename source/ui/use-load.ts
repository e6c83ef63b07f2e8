import {createContext, useCallback, useContext, useEffect, useRef, useState} from 'react';
import type {RetryEvent} from '../api/transport.js';

/** A retry the transport is waiting out during a load: "2/5 (503)". */
export type LoadRetry = {
	/** The attempt that failed, from 1. */
	readonly attempt: number;
	readonly maxAttempts: number;
	/** The status, or the kind of failure when there is none ("network"). */
	readonly reason: string;
};

/** Where a load stands; the last good data stays through reloads and failures. */
export type LoadState<T> = {
	readonly data: T | undefined;
	/** Why the last load failed; undefined once one succeeds. */
	readonly error: unknown;
	/** When the last good data came in. */
	readonly loadedAt: Date | undefined;
	readonly loading: boolean;
	/** The retry the load in flight is waiting out, if any. */
	readonly retrying: LoadRetry | undefined;
	/** When the next automatic load starts, if one is planned. */
	readonly nextAt: Date | undefined;
};

/** A load's state and a way to run it again. */
export type Loaded<T> = LoadState<T> & {
	/** Loads now, cancelling a load in flight: the operator asked. */
	readonly reload: () => void;
};

/** A load function: `onRetry` hears of each retry its requests make. */
export type LoadFunction<T> = (
	signal: AbortSignal,
	onRetry?: (event: RetryEvent) => void,
) => Promise<T>;

/** When a screen loads by itself: every `everyMs` always, only while the last load failed, or never. */
export type AutoLoad = {readonly everyMs: number; readonly when: 'always' | 'failed' | 'never'};

type Cached = {readonly data: unknown; readonly loadedAt: Date};

/** What each screen loaded last, so going back shows it at once while it refreshes. */
export const LoadCacheContext = createContext<Map<string, Cached>>(new Map());

/**
 * Runs `load` on mount, on `reload()` and as `auto` says; unmounting aborts the last. A manual
 * reload cancels the load in flight, but an automatic one never does: it waits for the load in
 * flight (its retries included) to end, so a failing API gets to say why. Starts from what the
 * same `key` loaded last time, if anything.
 */
export function useLoad<T>(
	key: string,
	load: LoadFunction<T>,
	auto: AutoLoad = {everyMs: 0, when: 'never'},
): Loaded<T> {
	const cache = useContext(LoadCacheContext);
	const [state, setState] = useState<LoadState<T>>(() => {
		const cached = cache.get(key);
		return {
			data: cached?.data as T | undefined,
			error: undefined,
			loadedAt: cached?.loadedAt,
			loading: true,
			retrying: undefined,
			nextAt: undefined,
		};
	});
	const latest = useRef({load, key});
	latest.current = {load, key};
	const current = useRef<{controller: AbortController; settled: boolean} | undefined>(undefined);

	const reload = useCallback(() => {
		current.current?.controller.abort();
		const controller = new AbortController();
		const run = {controller, settled: false};
		current.current = run;
		const {load: loadNow, key: cacheKey} = latest.current;
		const update = (change: (previous: LoadState<T>) => LoadState<T>) => {
			if (!controller.signal.aborted) {
				setState(change);
			}
		};

		update((previous) => ({...previous, loading: true, retrying: undefined}));
		const onRetry = (event: RetryEvent) => {
			const {attempt, maxAttempts, error} = event;
			const reason = error.status === undefined ? error.kind : String(error.status);
			update((previous) => ({...previous, retrying: {attempt, maxAttempts, reason}}));
		};

		loadNow(controller.signal, onRetry).then(
			(data) => {
				run.settled = true;
				const loadedAt = new Date();
				if (!controller.signal.aborted) {
					cache.set(cacheKey, {data, loadedAt});
				}

				update((previous) => ({
					...previous,
					data,
					error: undefined,
					loadedAt,
					loading: false,
					retrying: undefined,
				}));
			},
			(error: unknown) => {
				run.settled = true;
				update((previous) => ({
					...previous,
					error,
					loading: false,
					retrying: undefined,
				}));
			},
		);
	}, [cache]);

	// A timer's load: none while one is in flight, which may be waiting out a retry.
	const tick = useCallback(() => {
		if (current.current?.settled !== false) {
			reload();
		}
	}, [reload]);

	useEffect(() => {
		reload();
		return () => current.current?.controller.abort();
	}, [reload]);

	useAutoLoad(auto, state.error !== undefined, tick, (nextAt) =>
		setState((previous) => (previous.nextAt === nextAt ? previous : {...previous, nextAt})),
	);
	return {...state, reload};
}

/** Calls `tick` every `auto.everyMs` while `auto` says so, telling `onNext` when the next one is. */
function useAutoLoad(
	auto: AutoLoad,
	failed: boolean,
	tick: () => void,
	onNext: (at: Date | undefined) => void,
): void {
	const running =
		auto.everyMs > 0 && (auto.when === 'always' || (auto.when === 'failed' && failed));
	const next = useRef(onNext);
	next.current = onNext;
	useEffect(() => {
		if (!running) {
			next.current(undefined);
			return;
		}

		next.current(new Date(Date.now() + auto.everyMs));
		const timer = setInterval(() => {
			next.current(new Date(Date.now() + auto.everyMs));
			tick();
		}, auto.everyMs);
		return () => clearInterval(timer);
	}, [running, auto.everyMs, tick]);
}
