import {useEffect} from 'react';
import type {LoadState} from './use-load.js';

/** What the header says of the screen's data: when it was last good, and whether a load runs or failed. */
export type RefreshStatus = {
	readonly loadedAt: Date | undefined;
	readonly loading: boolean;
	readonly failed: boolean;
};

/** Tells the header when the screen's data was last fetched, and whether a load runs or failed. */
export function useRefreshedAt(
	loaded: LoadState<unknown>,
	onRefreshed: (status: RefreshStatus) => void,
): void {
	const {loadedAt, loading} = loaded;
	const failed = loaded.error !== undefined;
	useEffect(() => {
		onRefreshed({loadedAt, loading, failed});
	}, [loadedAt, loading, failed, onRefreshed]);
}
