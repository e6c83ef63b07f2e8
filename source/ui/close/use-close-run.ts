import {useCallback, useEffect, useReducer, useRef} from 'react';
import type {FrameClient} from '../../api/client.js';
import type {Account, Pool, Session} from '../../api/types.js';
import type {AuditStop} from '../../audit/events.js';
import {
	type AuditedClose,
	openAudit,
	refusedReport,
	startAuditedClose,
} from '../../ops/audited-close.js';
import type {CloseEvent, CloseReport} from '../../ops/close-sessions.js';
import {useAuditor} from './audit-context.js';
import {closeRunReducer, initialRunState, sessionsToRetry} from './close-run-state.js';
import {useCloseRuns} from './close-runs.js';

/**
 * How often buffered engine events reach the screen: five frames a second keep the bars live, and
 * leave the event loop to the closes (at 100 ms a close of 10,000 behind a 50 ms API ran 8–15%
 * over its ideal on Node 22, at 200 ms 7%; bench/every-account.ts).
 */
const flushIntervalMs = 200;

/** What a bulk close in the app runs over. */
export type CloseRunOptions = {
	readonly client: FrameClient;
	/** The account of a close in one account; undefined in a close across accounts. */
	readonly account: Account | undefined;
	/** Each session's account: in a close across accounts, the bars and the audit go by it. */
	readonly accountOf: (session: Session) => Account;
	/** Accounts of a close across accounts that could not be read, for the audit log. */
	readonly unread?: readonly {readonly account: Account; readonly error: unknown}[];
	/** Where sessions are, in words: the account's name, or "3 accounts of Acme". */
	readonly where: (sessions: readonly Session[]) => string;
	readonly sessions: readonly Session[];
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly concurrency: number;
	/** How long the close waits for an unavailable API before it stops, in ms. */
	readonly patienceMs: number;
	/** How long closes in flight get after a stop before they are cancelled, in ms. */
	readonly graceMs: number;
};

/** Runs a bulk close and exposes its state, flushed a few times a second rather than per event. */
export function useCloseRun(options: CloseRunOptions) {
	const [state, dispatch] = useReducer(closeRunReducer, undefined, () =>
		initialRunState(
			options.sessions,
			options.poolsById,
			Date.now(),
			options.account ? undefined : options.accountOf,
		),
	);
	const runs = useCloseRuns();
	const auditor = useAuditor();
	const controls = useRef<Pick<AuditedClose, 'stop' | 'cancelNow'> | undefined>(undefined);
	const latest = useRef(options);
	// The audit run of the last close or retry, which the next retry names.
	const lastRun = useRef<string | undefined>(undefined);
	latest.current = options;

	/** Stops launching closes; those in flight get a grace period, then are cancelled. */
	const stop = useCallback((by?: AuditStop) => {
		controls.current?.stop(by);
		dispatch({type: 'stopping'});
	}, []);

	/** Stops at once, as a second signal does: closes in flight are cancelled and end unknown. */
	const stopNow = useCallback(() => {
		controls.current?.cancelNow();
		dispatch({type: 'stopping'});
	}, []);

	const start = useCallback(
		(sessions: readonly Session[], retry?: {readonly credentialProven: boolean}) => {
			const buffer: CloseEvent[] = [];
			const flush = () => dispatch({type: 'events', events: buffer.splice(0), now: Date.now()});
			const timer = setInterval(flush, flushIntervalMs);
			const {client, account, accountOf, unread, concurrency, poolsById, patienceMs, graceMs} =
				latest.current;
			// Opened when the close is confirmed (and at each retry): no log, no DELETE.
			const audit = openAudit(auditor, {
				...(account ? {account} : {accountOf, ...(unread ? {unread} : {})}),
				sessions,
				poolsById,
				dryRun: false,
				concurrency,
				// A retry names the run it retries, as `close --retry` does.
				...(retry && lastRun.current ? {retryOf: lastRun.current} : {}),
			});
			lastRun.current = audit.kind === 'go' ? audit.run?.runId : undefined;
			let finished: Promise<CloseReport>;
			let stopped = () => false;
			if (audit.kind === 'refused') {
				const refused = refusedReport(sessions, audit.error);
				buffer.push(...refused.events);
				finished = Promise.resolve(refused.report);
				controls.current = undefined;
			} else {
				const run = startAuditedClose({
					client,
					accountId: account?.id ?? '',
					// Across accounts one run, so one concurrency limit and one breaker, serves them all.
					...(account ? {} : {accountOf: (session: Session) => accountOf(session).id}),
					sessions,
					concurrency,
					patienceMs,
					graceMs,
					credentialProven: retry?.credentialProven ?? false,
					audit: audit.run,
					// Every result is in the log as it comes; the screen takes them at the next flush. It
					// shows what a close waits for, not the moment each attempt goes out: those are left.
					onEvent: (event) => {
						if (event.sentAt === undefined) {
							buffer.push(event);
						}
					},
					onApi: (api) => dispatch({type: 'api', api}),
				});
				controls.current = run;
				finished = run.finished;
				stopped = () => run.stoppedBy() !== undefined;
			}

			const remove = runs.add({stop, cancel: stopNow, finished});
			const end = (halted: string | undefined) => {
				clearInterval(timer);
				remove();
				flush();
				// Stopped by Esc, q, Ctrl-C or a signal, not ended by itself: the title says so.
				dispatch({type: 'finished', now: Date.now(), halted, stopped: stopped()});
			};

			// The engine reports every failure as a result; a rejection is a bug, and still ends the run.
			finished.then(
				(report) => end(report.halt?.reason),
				() => end(undefined),
			);
		},
		[runs, stop, stopNow, auditor],
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
		/**
		 * Runs again the sessions not closed: those never attempted and unknown first, the failed
		 * last. Once a session has closed, a refusal is that session's, so it never stops the retry.
		 */
		retry: useCallback(() => {
			const again = sessionsToRetry(state.rows);
			if (state.phase !== 'done' || again.length === 0) {
				return;
			}

			dispatch({type: 'retry', now: Date.now()});
			// The rows keep every run's closes: one closed in any of them proves the credential.
			start(again, {credentialProven: state.rows.some((row) => row.status === 'closed')});
		}, [state, start]),
	};
}
