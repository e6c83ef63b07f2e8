import {createContext, useCallback, useContext, useEffect, useRef, useState} from 'react';

/** A load's state; the last data stays while a reload runs, so a refresh never blanks the screen. */
export type Loaded<T> = {
	readonly data: T | undefined;
	readonly error: unknown;
	readonly loadedAt: Date | undefined;
	readonly reload: () => void;
};

type Cached = {readonly data: unknown; readonly loadedAt: Date};

/** What each screen loaded last, so going back shows it at once while it refreshes. */
export const LoadCacheContext = createContext<Map<string, Cached>>(new Map());

/**
 * Runs `load` on mount and on `reload()`; a newer load wins, and unmounting aborts the last.
 * Starts from what the same `key` loaded last time, if anything.
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
	const cache = useContext(LoadCacheContext);
	const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>(() => {
		const cached = cache.get(key);
		return {
			data: cached?.data as T | undefined,
			error: undefined,
			loadedAt: cached?.loadedAt,
		};
	});
	const latest = useRef({load, key});
	latest.current = {load, key};
	const current = useRef<AbortController | undefined>(undefined);

	const reload = useCallback(() => {
		current.current?.abort();
		const controller = new AbortController();
		current.current = controller;
		const {load: run, key: cacheKey} = latest.current;
		run(controller.signal).then(
			(data) => {
				if (!controller.signal.aborted) {
					const loadedAt = new Date();
					cache.set(cacheKey, {data, loadedAt});
					setState({data, error: undefined, loadedAt});
				}
			},
			(error: unknown) => {
				if (!controller.signal.aborted) {
					setState((previous) => ({...previous, error}));
				}
			},
		);
	}, [cache]);

	useEffect(() => {
		reload();
		return () => current.current?.abort();
	}, [reload]);

	return {...state, reload};
}
