import type {FrameClient} from '../api/client.js';
import {FrameApiError} from '../api/errors.js';
import type {Session} from '../api/types.js';

/** Where a session stands in a bulk close. */
export type CloseStatus = 'queued' | 'closing' | FinalStatus;

/** The states a session can end in; every input session ends in exactly one. */
export type FinalStatus = 'closed' | 'already_closed' | 'failed' | 'not_attempted';

/** The final states, in the order summaries list them. */
export const finalStatuses: readonly FinalStatus[] = [
	'closed',
	'already_closed',
	'failed',
	'not_attempted',
];

/** One session's fate. */
export type CloseResult = {
	readonly id: string;
	readonly pool_id?: string;
	readonly status: FinalStatus;
	readonly attempts: number;
	/** The one-line reason, for `failed`. */
	readonly error?: string;
};

/** A session moved to a new state; `result` is set once the state is final. */
export type CloseEvent = {
	readonly session: Session;
	readonly status: CloseStatus;
	readonly result?: CloseResult;
};

/** How many sessions ended in each final state. */
export type CloseSummary = Readonly<Record<FinalStatus, number>>;

/** The outcome of a bulk close: one result per distinct input session, in input order. */
export type CloseReport = {
	readonly results: readonly CloseResult[];
	readonly summary: CloseSummary;
	/** The signal aborted before every session was started. */
	readonly aborted: boolean;
};

/** What a bulk close needs. */
export type CloseSessionsOptions = {
	readonly client: Pick<FrameClient, 'closeSession'>;
	readonly accountId: string;
	readonly sessions: readonly Session[];
	/** Closes in flight at once, 1 to 64; 8 by default. */
	readonly concurrency?: number;
	/** Aborting stops new closes from starting; those in flight finish. */
	readonly signal?: AbortSignal;
	readonly onEvent?: (event: CloseEvent) => void;
};

export const defaultConcurrency = 8;
export const maxConcurrency = 64;

/** Counts results by final state. */
export function summarize(results: readonly CloseResult[]): CloseSummary {
	const summary = {closed: 0, already_closed: 0, failed: 0, not_attempted: 0};
	for (const result of results) {
		summary[result.status]++;
	}

	return summary;
}

/** Closes sessions with bounded concurrency, reporting every state change as it happens. */
export async function closeSessions(options: CloseSessionsOptions): Promise<CloseReport> {
	const concurrency = options.concurrency ?? defaultConcurrency;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxConcurrency) {
		throw new RangeError(`concurrency must be a whole number from 1 to ${maxConcurrency}`);
	}

	const unique = [...new Map(options.sessions.map((session) => [session.id, session])).values()];
	const results = new Map<string, CloseResult>();
	const emit = (session: Session, status: CloseStatus, result?: CloseResult) =>
		options.onEvent?.({session, status, ...(result ? {result} : {})});
	const finish = (session: Session, result: Omit<CloseResult, 'id' | 'pool_id'>) => {
		const full: CloseResult = {
			id: session.id,
			...(session.pool_id === undefined ? {} : {pool_id: session.pool_id}),
			...result,
		};
		results.set(session.id, full);
		emit(session, full.status, full);
	};

	for (const session of unique) {
		emit(session, 'queued');
	}

	let next = 0;
	const worker = async () => {
		while (next < unique.length && !options.signal?.aborted) {
			const session = unique[next++] as Session;
			emit(session, 'closing');
			try {
				const {outcome, attempts} = await options.client.closeSession(
					options.accountId,
					session.id,
				);
				finish(session, {status: outcome, attempts});
			} catch (error) {
				finish(session, {
					status: 'failed',
					attempts: error instanceof FrameApiError ? error.attempts : 1,
					error: error instanceof Error ? error.message : String(error),
				});
			}
		}
	};

	await Promise.all(Array.from({length: Math.min(concurrency, unique.length)}, worker));
	for (const session of unique.slice(next)) {
		finish(session, {status: 'not_attempted', attempts: 0});
	}

	const ordered = unique.map((session) => results.get(session.id) as CloseResult);
	return {results: ordered, summary: summarize(ordered), aborted: next < unique.length};
}
