import {createContext, useContext} from 'react';
import type {CloseReport} from '../../ops/close-sessions.js';

/** A bulk close running in the app, as the process sees it when a signal asks it to stop. */
export type RunningClose = {
	/** Stops as a first signal does: no new closes, no more waits, a grace for those in flight. */
	readonly stop: () => void;
	/** Cancels the closes in flight now; they end `unknown`. */
	readonly cancel: () => void;
	/** Settles once every session of the run has its result. */
	readonly finished: Promise<CloseReport>;
};

/** Where the app's close runs make themselves known to `runApp`, which owns the signals. */
export type CloseRuns = {
	/** Adds a run; the returned function removes it. */
	readonly add: (run: RunningClose) => () => void;
	/** The run in progress, if any. */
	readonly current: () => RunningClose | undefined;
};

/** A registry of the app's close runs. */
export function createCloseRuns(): CloseRuns {
	const runs = new Set<RunningClose>();
	return {
		add(run) {
			runs.add(run);
			return () => runs.delete(run);
		},
		current: () => [...runs].at(-1),
	};
}

const CloseRunsContext = createContext<CloseRuns>(createCloseRuns());

/** Provides the registry to the app. */
export const CloseRunsProvider = CloseRunsContext.Provider;

/** The registry the app's close runs add themselves to. */
export function useCloseRuns(): CloseRuns {
	return useContext(CloseRunsContext);
}
