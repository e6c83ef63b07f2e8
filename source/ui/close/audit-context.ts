import {createContext, useContext} from 'react';
import type {Session} from '../../api/types.js';
import type {Auditor, AuditPlan, AuditRun} from '../../audit/events.js';
import {describeError} from '../../errors.js';
import {type CloseEvent, type CloseReport, summarize} from '../../ops/close-sessions.js';

const AuditContext = createContext<Auditor | undefined>(undefined);

/** Provides the app's auditor; none (the default) means the log is off. */
export const AuditProvider = AuditContext.Provider;

/** The auditor every close run of the app writes through, if the log is on. */
export function useAuditor(): Auditor | undefined {
	return useContext(AuditContext);
}

/** An audited close about to start: its audit run (none when the log is off), or why it must not start. */
export type AuditStart =
	| {readonly kind: 'go'; readonly run: AuditRun | undefined}
	| {
			readonly kind: 'refused';
			readonly events: readonly CloseEvent[];
			readonly report: CloseReport;
	  };

/**
 * Opens the audit run of a close, writing its plan. When the log cannot be written the close
 * does not start: every session ends `not_attempted`, and the reason, which names the log's
 * path and --no-audit, is shown where the breaker's would be.
 */
export function startAudit(auditor: Auditor | undefined, plan: AuditPlan): AuditStart {
	try {
		return {kind: 'go', run: auditor?.begin(plan)};
	} catch (error) {
		const results = plan.sessions.map((session: Session) => ({
			id: session.id,
			...(session.pool_id === undefined ? {} : {pool_id: session.pool_id}),
			status: 'not_attempted' as const,
			attempts: 0,
		}));
		return {
			kind: 'refused',
			events: results.map((result, index) => ({
				session: plan.sessions[index] as Session,
				status: result.status,
				result,
			})),
			report: {results, summary: summarize(results), breaker: describeError(error).line},
		};
	}
}
