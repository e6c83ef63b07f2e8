import {useEffect} from 'react';

/** Tells the header when the screen's data was last fetched. */
export function useRefreshedAt(loadedAt: Date | undefined, onRefreshed: (at: Date) => void): void {
	useEffect(() => {
		if (loadedAt) {
			onRefreshed(loadedAt);
		}
	}, [loadedAt, onRefreshed]);
}
