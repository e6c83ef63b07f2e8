import {createContext, useContext, useEffect, useSyncExternalStore} from 'react';
import type {AuditStop} from '../../audit/events.js';
import {summarize} from '../../ops/close-outcomes.js';
import type {CloseReport} from '../../ops/close-sessions.js';

/** A bulk close running in the app, as the process sees it when a signal asks it to stop. */
export type RunningClose = {
	/**
	 * Stops as a first signal does: no new closes, no more waits, a grace for those in flight;
	 * `by` (the signal, else the operator's stop) goes in the audit record.
	 */
	readonly stop: (by?: AuditStop) => void;
	/** Cancels the closes in flight now; they end `unknown`. */
	readonly cancel: () => void;
	/** Settles once every session of the run has its result. */
	readonly finished: Promise<CloseReport>;
};

/**
 * Where the app's close runs make themselves known to `runApp`, which owns the signals and
 * says, once the app has ended, what became of every session it closed.
 */
export type CloseRuns = {
	/** Adds a run; the returned function marks it ended. */
	readonly add: (run: RunningClose) => () => void;
	/** The run in progress, if any. */
	readonly current: () => RunningClose | undefined;
	/** Every run of this app, in the order they started, each once it has ended. */
	readonly reports: () => Promise<readonly CloseReport[]>;
	/** Marks a close view on screen, running or done; the returned function marks it gone. */
	readonly show: () => () => void;
	/** Whether a close view is on screen. */
	readonly shown: () => boolean;
	/** Calls `listener` whenever a run starts or ends, or a close view comes or goes; returns how to stop. */
	readonly subscribe: (listener: () => void) => () => void;
};

/** A registry of the app's close runs. */
export function createCloseRuns(): CloseRuns {
	const running = new Set<RunningClose>();
	const all: RunningClose[] = [];
	const listeners = new Set<() => void>();
	let views = 0;
	const changed = () => {
		for (const listener of listeners) {
			listener();
		}
	};

	return {
		add(run) {
			running.add(run);
			all.push(run);
			changed();
			return () => {
				running.delete(run);
				changed();
			};
		},
		current: () => [...running].at(-1),
		show() {
			views++;
			changed();
			return () => {
				views--;
				changed();
			};
		},
		shown: () => views > 0,
		async reports() {
			const settled = await Promise.allSettled(all.map((run) => run.finished));
			return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

/** The latest result of each session over several runs (a retry runs some again), summed up. */
export function mergeReports(reports: readonly CloseReport[]): CloseReport {
	const latest = new Map<string, CloseReport['results'][number]>();
	for (const report of reports) {
		for (const result of report.results) {
			latest.set(result.id, result);
		}
	}

	const results = [...latest.values()];
	// Why the last run stopped by itself, if it did: an earlier run's reason is history.
	const halt = reports.at(-1)?.halt;
	return {results, summary: summarize(results), ...(halt === undefined ? {} : {halt})};
}

const CloseRunsContext = createContext<CloseRuns>(createCloseRuns());

/** Provides the registry to the app. */
export const CloseRunsProvider = CloseRunsContext.Provider;

/** The registry the app's close runs add themselves to. */
export function useCloseRuns(): CloseRuns {
	return useContext(CloseRunsContext);
}

/** Whether a close of the app is running now (stopping included); follows runs as they start and end. */
export function useCloseRunning(): boolean {
	const runs = useCloseRuns();
	return useSyncExternalStore(runs.subscribe, () => runs.current() !== undefined);
}

/** Whether a close view is on screen, running or done: it keeps a small window's notice. */
export function useCloseViewShown(): boolean {
	const runs = useCloseRuns();
	return useSyncExternalStore(runs.subscribe, runs.shown);
}

/** Marks the calling close view as on screen while it is mounted. */
export function useShowCloseView(): void {
	const runs = useCloseRuns();
	useEffect(() => runs.show(), [runs]);
}
