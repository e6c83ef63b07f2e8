/** The breaker of a bulk close: it tells a credential that may not close sessions from a session that may not be closed. */
import {ForbiddenError, FrameApiError} from '../api/errors.js';
import {roleAdvice} from '../errors.js';
import {failureReason} from './close-outcomes.js';

/**
 * Whether a failure says the credential cannot close sessions at all: a 401, or a 403 while
 * nothing in the run (or an earlier run of it) has closed. A 403 after a close succeeded with
 * the same credential is that one session's refusal.
 */
function refusesCredential(error: unknown, proven: boolean): boolean {
	return (
		error instanceof FrameApiError &&
		(error.kind === 'authentication' || (error.kind === 'forbidden' && !proven))
	);
}

/**
 * Stops a run when `threshold` sessions in a row are refused for the credential's sake; a
 * session that closes proves the credential and starts the count again. 0 never stops a run.
 * Refused with 401, the credential is refused for sure; refused with 403 before anything closed,
 * it is only suspected: a close still in flight that succeeds clears it.
 */
export function createBreaker(threshold: number, proven: boolean) {
	let streak = 0;
	let provenNow = proven;
	let reason: string | undefined;
	let certain = false;
	return {
		/** Why the credential is refused, or suspected to be; undefined while it is not. */
		get reason() {
			return reason;
		},
		/** The refusals are the credential's beyond doubt: the run stops at once. */
		get certain() {
			return certain;
		},
		/** Whether a session has closed with this credential, in this run or one it retries. */
		get proven() {
			return provenNow;
		},
		/** A session closed: the credential can close sessions. */
		closed() {
			provenNow = true;
			streak = 0;
			reason = certain ? reason : undefined;
		},
		/** A session's close failed; a refusal of the credential counts towards the stop. */
		failed(error: unknown) {
			if (!refusesCredential(error, provenNow)) {
				return;
			}

			streak++;
			if (threshold > 0 && streak >= threshold && reason === undefined) {
				const message = failureReason(error instanceof Error ? error.message : String(error));
				const advice = error instanceof ForbiddenError ? `; ${roleAdvice}` : '';
				reason = `${threshold} sessions in a row were refused: ${message}${advice}`;
				certain = error instanceof FrameApiError && error.kind === 'authentication';
			}
		},
	};
}
