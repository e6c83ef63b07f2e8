/**
 * One audited bulk close, as the headless `close` and the app both run it: the audit run opened
 * with its plan (or the close refused when the log cannot be written), a stopper, the engine with
 * every result written as it comes, the end written with how the run stopped, and the exit rule.
 */
import type {Session} from '../api/types.js';
import type {Auditor, AuditPlan, AuditRun, AuditStop} from '../audit/events.js';
import {describeError, exitCodes, signalExitCode} from '../errors.js';
import {notClosedCount, summarize} from './close-outcomes.js';
import {
	type CloseEvent,
	type CloseReport,
	type CloseSessionsOptions,
	closeSessions,
} from './close-sessions.js';
import {createStopper, stopGraceMs} from './stopper.js';

/** An audit run opened for a close, or why the close must not start. */
export type AuditStart =
	| {readonly kind: 'go'; readonly run: AuditRun | undefined}
	| {readonly kind: 'refused'; readonly error: unknown};

/**
 * Opens the audit run of a close, writing its plan; none when the log is off. When the log cannot
 * be written the close must not start: the error names the log's path and --no-audit.
 */
export function openAudit(auditor: Auditor | undefined, plan: AuditPlan): AuditStart {
	try {
		return {kind: 'go', run: auditor?.begin(plan)};
	} catch (error) {
		return {kind: 'refused', error};
	}
}

/** A close that never started because the log could not be written: every session not attempted. */
export function refusedReport(
	sessions: readonly Session[],
	error: unknown,
): {readonly events: readonly CloseEvent[]; readonly report: CloseReport} {
	const events = sessions.map((session) => {
		const result = {
			id: session.id,
			...(session.pool_id === undefined ? {} : {pool_id: session.pool_id}),
			status: 'not_attempted' as const,
			attempts: 0,
		};
		return {session, status: result.status, result};
	});
	const results = events.map((event) => event.result);
	const halt = {by: 'audit', reason: describeError(error).line} as const;
	return {events, report: {results, summary: summarize(results), halt}};
}

/** A close under way: how to stop it, and its report once every session has its result. */
export type AuditedClose = {
	/** Stops gently (no new closes; those in flight get the grace period); `by` goes in the record. */
	readonly stop: (by?: AuditStop) => void;
	/** Cancels the closes in flight now; they end `unknown`. */
	readonly cancelNow: (by?: AuditStop) => void;
	/** What stopped the run from outside, if anything did. */
	readonly stoppedBy: () => AuditStop | undefined;
	/** Settles once every result and the end are in the log. */
	readonly finished: Promise<CloseReport>;
};

/** What an audited close runs with: the engine's options, its audit run, and the grace period. */
export type AuditedCloseOptions = Omit<CloseSessionsOptions, 'signal' | 'cancel'> & {
	readonly audit: AuditRun | undefined;
	readonly graceMs?: number;
};

/** Starts the close; each result is in the log before anyone else hears of it. */
export function startAuditedClose(options: AuditedCloseOptions): AuditedClose {
	const {audit, graceMs = stopGraceMs, onEvent, ...engine} = options;
	const stopper = createStopper(graceMs);
	let by: AuditStop | undefined;
	const finished = closeSessions({
		...engine,
		signal: stopper.signal,
		cancel: stopper.cancel,
		onEvent(event) {
			audit?.result(event);
			onEvent?.(event);
		},
	}).then(
		(report) => {
			stopper.dispose();
			audit?.end(stopOf(report, by));
			return report;
		},
		(error: unknown) => {
			stopper.dispose();
			audit?.end();
			throw error;
		},
	);
	return {
		stop(stopBy = 'stop') {
			by ??= stopBy;
			stopper.stop();
		},
		cancelNow(stopBy = 'stop') {
			by ??= stopBy;
			stopper.cancelNow();
		},
		stoppedBy: () => by,
		finished,
	};
}

/** How a finished report stopped, for `close.end`: from outside first, else the run's own stop. */
export function stopOf(
	report: Pick<CloseReport, 'halt'>,
	by?: AuditStop,
): {readonly stopped?: AuditStop; readonly reason?: string} {
	if (by) {
		return {stopped: by};
	}

	const {halt} = report;
	return halt
		? {stopped: halt.by === 'unavailable' ? 'unavailable' : 'breaker', reason: halt.reason}
		: {};
}

/** The exit code of a close: a signal's own, else 1 when any session was not closed, else 0. */
export function closeExitCode(report: CloseReport, stoppedBy?: AuditStop): number {
	if (stoppedBy === 'SIGINT' || stoppedBy === 'SIGTERM' || stoppedBy === 'SIGHUP') {
		return signalExitCode(stoppedBy);
	}

	return notClosedCount(report.summary) > 0 ? exitCodes.failed : exitCodes.ok;
}
