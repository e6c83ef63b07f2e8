import {useCallback, useEffect, useRef, useState} from 'react';

/** A load's state; the last data stays while a reload runs, so a refresh never blanks the screen. */
export type Loaded<T> = {
	readonly data: T | undefined;
	readonly error: unknown;
	readonly loading: boolean;
	readonly loadedAt: Date | undefined;
	readonly reload: () => void;
};

/** Runs `load` on mount and on `reload()`; a newer load wins, and unmounting aborts the last. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
	const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({
		data: undefined,
		error: undefined,
		loading: true,
		loadedAt: undefined,
	});
	const latestLoad = useRef(load);
	latestLoad.current = load;
	const current = useRef<AbortController | undefined>(undefined);

	const reload = useCallback(() => {
		current.current?.abort();
		const controller = new AbortController();
		current.current = controller;
		setState((previous) => ({...previous, loading: true}));
		latestLoad.current(controller.signal).then(
			(data) => {
				if (!controller.signal.aborted) {
					setState({data, error: undefined, loading: false, loadedAt: new Date()});
				}
			},
			(error: unknown) => {
				if (!controller.signal.aborted) {
					setState((previous) => ({...previous, error, loading: false}));
				}
			},
		);
	}, []);

	useEffect(() => {
		reload();
		return () => current.current?.abort();
	}, [reload]);

	return {...state, reload};
}
