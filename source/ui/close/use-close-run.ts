import {useCallback, useEffect, useReducer, useRef} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Pool, Session} from '../../api/types.js';
import {stopOf} from '../../audit/events.js';
import {type CloseEvent, closeSessions} from '../../ops/close-sessions.js';
import {createStopper} from '../../ops/stopper.js';
import {startAudit, useAuditor} from './audit-context.js';
import {closeRunReducer, initialRunState, retryableStatuses} from './close-run-state.js';
import {useCloseRuns} from './close-runs.js';

/** How often buffered engine events reach the screen. */
const flushIntervalMs = 100;

/** What a bulk close in the app runs over. */
export type CloseRunOptions = {
	readonly client: FrameClient;
	readonly accountId: string;
	/** For the audit log. */
	readonly accountName?: string | undefined;
	readonly sessions: readonly Session[];
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly concurrency: number;
};

/** Runs a bulk close and exposes its state, flushed a few times a second rather than per event. */
export function useCloseRun(options: CloseRunOptions) {
	const [state, dispatch] = useReducer(closeRunReducer, undefined, () =>
		initialRunState(options.sessions, options.poolsById, Date.now()),
	);
	const runs = useCloseRuns();
	const auditor = useAuditor();
	const controls = useRef<{stop: () => void; cancelNow: () => void} | undefined>(undefined);
	const latest = useRef(options);
	latest.current = options;

	/** Stops launching closes; those in flight get a grace period, then are cancelled. */
	const stop = useCallback(() => {
		controls.current?.stop();
		dispatch({type: 'stopping'});
	}, []);

	/** Stops at once, as a second signal does: closes in flight are cancelled and end unknown. */
	const stopNow = useCallback(() => {
		controls.current?.cancelNow();
		dispatch({type: 'stopping'});
	}, []);

	const start = useCallback(
		(sessions: readonly Session[]) => {
			const stopper = createStopper();
			controls.current = stopper;
			const buffer: CloseEvent[] = [];
			const flush = () => dispatch({type: 'events', events: buffer.splice(0), now: Date.now()});
			const timer = setInterval(flush, flushIntervalMs);
			const {client, accountId, accountName, concurrency, poolsById} = latest.current;
			// Opened when the close is confirmed (and at each retry): no log, no DELETE.
			const audit = startAudit(auditor, {
				account: {id: accountId, ...(accountName === undefined ? {} : {name: accountName})},
				sessions,
				poolsById,
				dryRun: false,
				concurrency,
			});
			const onEvent = (event: CloseEvent) => {
				// Written as it comes, not at the next flush: a killed app leaves every result it saw.
				if (audit.kind === 'go') {
					audit.run?.result(event);
				}

				buffer.push(event);
			};
			for (const event of audit.kind === 'refused' ? audit.events : []) {
				buffer.push(event);
			}

			const finished =
				audit.kind === 'refused'
					? Promise.resolve(audit.report)
					: closeSessions({
							client,
							accountId,
							sessions,
							concurrency,
							signal: stopper.signal,
							cancel: stopper.cancel,
							onEvent,
						});
			const remove = runs.add({stop, cancel: stopper.cancelNow, finished});
			const end = (breaker: string | undefined) => {
				clearInterval(timer);
				stopper.dispose();
				remove();
				flush();
				// Stopped by Esc, q, Ctrl-C or a signal, not ended by itself: the title says so.
				dispatch({type: 'finished', now: Date.now(), breaker, stopped: stopper.signal.aborted});
			};

			// closeSessions reports every failure as a result; a rejection is a bug, and still ends the run.
			finished.then(
				(report) => {
					if (audit.kind === 'go') {
						audit.run?.end(stopOf(report, stopper.signal.aborted ? 'stop' : undefined));
					}

					end(report.breaker);
				},
				() => {
					if (audit.kind === 'go') {
						audit.run?.end();
					}

					end(undefined);
				},
			);
		},
		[runs, stop, auditor],
	);

	useEffect(() => {
		start(latest.current.sessions);
		// Leaving the screen stops the run as a stop does: closes in flight get their grace.
		return () => controls.current?.stop();
	}, [start]);

	return {
		state,
		stop,
		stopNow,
		/** Runs again the sessions not closed: failed, unknown or never attempted. */
		retry: useCallback(() => {
			const again = state.rows
				.filter((row) => retryableStatuses.includes(row.status))
				.map((row) => row.session);
			if (state.phase !== 'done' || again.length === 0) {
				return;
			}

			dispatch({type: 'retry', now: Date.now()});
			start(again);
		}, [state, start]),
	};
}
