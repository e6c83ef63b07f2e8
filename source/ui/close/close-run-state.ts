/** A bulk close as the close view shows it: its rows, counts and bars, and the pure reducer that feeds them engine events. */
import type {Account, Pool, Session} from '../../api/types.js';
import type {ApiState} from '../../ops/api-health.js';
import {retryOrder, summarize} from '../../ops/close-outcomes.js';
import type {CloseEvent, CloseStatus, RetryState} from '../../ops/close-sessions.js';
import {RunRows} from './run-rows.js';

/** One session's line in the run: where it stands, how it went, and its retry while it waits. */
export type RunRow = {
	readonly session: Session;
	readonly status: CloseStatus;
	readonly attempts: number;
	readonly error: string | undefined;
	readonly retry?: RetryState;
};

/** How many sessions of a pool, or of the run, ended in each outcome the bars show. */
export type Outcomes = {
	readonly closed: number;
	readonly alreadyClosed: number;
	readonly failed: number;
	readonly unknown: number;
};

/** A pool's share of the run, or an account's in a close across accounts, for its progress bar. */
export type PoolProgress = Outcomes & {
	readonly poolId: string | undefined;
	readonly pool: Pool | undefined;
	/** The account the bar counts (or whose pool it counts), in a close across accounts. */
	readonly account?: Account;
	/** What tells the bar from the others of its set. */
	readonly key: string | undefined;
	readonly total: number;
};

/** The bar a session counts in: its pool's, or its account's in a close across accounts. */
type BarOf = (session: Session) => string | undefined;

/** The final states a retry runs again: a DELETE is idempotent, so even one whose outcome is unknown. */
export const retryableStatuses: readonly CloseStatus[] = ['failed', 'unknown', 'not_attempted'];

/** The sessions a retry closes, in the order `retryOrder` gives them. */
export function sessionsToRetry(rows: Iterable<RunRow>): readonly Session[] {
	return retryOrder([...rows], (row) => row.status).map((row) => row.session);
}

/** What a retry runs again, by state, for its title: "Retrying 10 failed and 5 not attempted". */
export type RetryCounts = Readonly<Partial<Record<'failed' | 'unknown' | 'not_attempted', number>>>;

/** A bulk close as the screen shows it. */
export type CloseRunState = {
	readonly rows: RunRows;
	readonly counts: Readonly<Record<CloseStatus, number>>;
	readonly pools: readonly PoolProgress[];
	/** In a close across accounts, each account's pools, for under its bar when there is room. */
	readonly accountPools: readonly PoolProgress[];
	readonly phase: 'running' | 'stopping' | 'done';
	readonly startedAt: number;
	readonly now: number;
	readonly finishedAt: number | undefined;
	/** Rows finished in this attempt of the run (a retry starts again), for the rate. */
	readonly doneThisRun: number;
	readonly totalThisRun: number;
	/** Why the run stopped by itself (the breaker, the patience, the audit log), when it did. */
	readonly halted?: string | undefined;
	/** Whether the operator (or a signal) stopped the run before it ended by itself. */
	readonly stopped?: boolean;
	/** What this attempt runs again, when it is a retry. */
	readonly retrying?: RetryCounts | undefined;
	/** The API as the run sees it: unavailable stops new closes until it answers again. */
	readonly api: ApiState;
};

/** What changes a run's state. */
export type CloseRunAction =
	| {readonly type: 'events'; readonly events: readonly CloseEvent[]; readonly now: number}
	| {readonly type: 'stopping'}
	| {
			readonly type: 'finished';
			readonly now: number;
			readonly halted?: string | undefined;
			readonly stopped?: boolean;
	  }
	| {readonly type: 'retry'; readonly now: number}
	| {readonly type: 'api'; readonly api: ApiState};

function countStatuses(rows: Iterable<RunRow>): Record<CloseStatus, number> {
	const counts: Record<CloseStatus, number> = {queued: 0, closing: 0, ...summarize([])};
	for (const row of rows) {
		counts[row.status]++;
	}

	return counts;
}

/** The outcome a status adds to its pool's bar, if any. */
const outcomeOf: Partial<Record<CloseStatus, keyof Outcomes>> = {
	closed: 'closed',
	already_closed: 'alreadyClosed',
	failed: 'failed',
	unknown: 'unknown',
};

/** How sessions group into bars: the key of a session's bar, and what the bar shows of it. */
type Grouping = {
	readonly keyOf: BarOf;
	readonly describe: (session: Session) => Pick<PoolProgress, 'poolId' | 'pool' | 'account'>;
};

/** Bars by pool. */
function byPool(poolsById: ReadonlyMap<string, Pool>): Grouping {
	return {
		keyOf: (session) => session.pool_id,
		describe: (session) => ({
			poolId: session.pool_id,
			pool: session.pool_id === undefined ? undefined : poolsById.get(session.pool_id),
		}),
	};
}

/** Bars by account, in a close across accounts. */
function byAccount(accountOf: (session: Session) => Account): Grouping {
	return {
		keyOf: (session) => accountOf(session).id,
		describe: (session) => ({poolId: undefined, pool: undefined, account: accountOf(session)}),
	};
}

/** Bars by pool within each account, shown under the account's when there is room. */
function byAccountPool(
	accountOf: (session: Session) => Account,
	poolsById: ReadonlyMap<string, Pool>,
): Grouping {
	const pools = byPool(poolsById);
	return {
		keyOf: (session) => `${accountOf(session).id}\n${session.pool_id ?? ''}`,
		describe: (session) => ({...pools.describe(session), account: accountOf(session)}),
	};
}

/** The bars of the rows as the grouping makes them, the largest first. */
function progressBy(rows: Iterable<RunRow>, grouping: Grouping): PoolProgress[] {
	const bars = new Map<
		string | undefined,
		Omit<PoolProgress, keyof Outcomes | 'total'> & {total: number} & Record<keyof Outcomes, number>
	>();
	for (const row of rows) {
		const key = grouping.keyOf(row.session);
		const bar = bars.get(key) ?? {
			...grouping.describe(row.session),
			key,
			total: 0,
			closed: 0,
			alreadyClosed: 0,
			failed: 0,
			unknown: 0,
		};
		bar.total++;
		const outcome = outcomeOf[row.status];
		if (outcome) {
			bar[outcome]++;
		}

		bars.set(key, bar);
	}

	return [...bars.values()].sort((a, b) => b.total - a.total);
}

/** A set of bars, and where each is, found once. */
type Bars = {
	readonly grouping: Grouping;
	readonly list: readonly PoolProgress[];
	readonly index: ReadonlyMap<string | undefined, number>;
};

function barsOf(rows: Iterable<RunRow>, grouping: Grouping): Bars {
	const list = progressBy(rows, grouping);
	return {grouping, list, index: new Map(list.map((bar, at) => [bar.key, at]))};
}

/** A run about to start over these sessions. */
export function initialRunState(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
	now: number,
	/** Each session's account, in a close across accounts: then a bar is an account's. */
	accountOf?: (session: Session) => Account,
): CloseRunState & {
	/** The bars, by pool or by account, and by account and pool across accounts. */
	readonly bars: Bars;
	readonly subBars: Bars | undefined;
} {
	const rows = RunRows.of(
		sessions.map((session) => ({
			session,
			status: 'queued' as const,
			attempts: 0,
			error: undefined,
		})),
	);
	const bars = barsOf(rows, accountOf ? byAccount(accountOf) : byPool(poolsById));
	const subBars = accountOf ? barsOf(rows, byAccountPool(accountOf, poolsById)) : undefined;
	return {
		rows,
		counts: countStatuses(rows),
		pools: bars.list,
		accountPools: subBars?.list ?? [],
		bars,
		subBars,
		phase: 'running',
		startedAt: now,
		now,
		finishedAt: undefined,
		doneThisRun: 0,
		totalThisRun: rows.length,
		api: {status: 'up'},
	};
}

type State = ReturnType<typeof initialRunState>;

/** Moves one session's outcome in its bar of the set, copying that bar. */
function moveOutcome(
	bars: Bars,
	pools: PoolProgress[],
	session: Session,
	from: CloseStatus,
	to: CloseStatus,
): void {
	const at = bars.index.get(bars.grouping.keyOf(session));
	const pool = at === undefined ? undefined : pools[at];
	const [before, after] = [outcomeOf[from], outcomeOf[to]];
	if (at === undefined || pool === undefined || before === after) {
		return;
	}

	const moved = {...pool};
	if (before) {
		moved[before]--;
	}

	if (after) {
		moved[after]++;
	}

	pools[at] = moved;
}

/** The run's reducer: pure, fed batches of engine events. */
export function closeRunReducer(state: State, action: CloseRunAction): State {
	switch (action.type) {
		case 'events': {
			if (action.events.length === 0) {
				return {...state, now: action.now};
			}

			// Only what the events touch changes: their rows, the counts, their pools' bars.
			const changes = new Map<number, RunRow>();
			const counts = {...state.counts};
			const pools = [...state.pools];
			const accountPools = [...state.accountPools];
			let doneThisRun = state.doneThisRun;
			for (const event of action.events) {
				const index = state.rows.indexOf(event.session.id);
				const row = index === undefined ? undefined : (changes.get(index) ?? state.rows.at(index));
				if (index === undefined || !row) {
					continue;
				}

				if (event.result && event.status !== 'not_attempted') {
					doneThisRun++;
				}

				counts[row.status]--;
				counts[event.status]++;
				moveOutcome(state.bars, pools, row.session, row.status, event.status);
				if (state.subBars) {
					moveOutcome(state.subBars, accountPools, row.session, row.status, event.status);
				}

				changes.set(index, {
					session: row.session,
					status: event.status,
					attempts: event.result?.attempts ?? row.attempts,
					error: event.result?.error,
					...(event.retry ? {retry: event.retry} : {}),
				});
			}

			return {
				...state,
				rows: state.rows.with(changes),
				counts,
				pools,
				accountPools,
				now: action.now,
				doneThisRun,
			};
		}

		case 'api':
			return {...state, api: action.api};
		case 'stopping':
			return state.phase === 'running' ? {...state, phase: 'stopping'} : state;
		case 'finished':
			return {
				...state,
				phase: 'done',
				now: action.now,
				finishedAt: action.now,
				api: {status: 'up'},
				halted: action.halted,
				stopped: action.stopped === true,
			};
		case 'retry': {
			const retrying: Partial<Record<CloseStatus, number>> = {};
			const changes = new Map<number, RunRow>();
			let index = 0;
			for (const row of state.rows) {
				if (retryableStatuses.includes(row.status)) {
					retrying[row.status] = (retrying[row.status] ?? 0) + 1;
					changes.set(index, {
						session: row.session,
						status: 'queued',
						attempts: 0,
						error: undefined,
					});
				}

				index++;
			}

			const rows = state.rows.with(changes);
			const bars = barsOf(rows, state.bars.grouping);
			const subBars = state.subBars && barsOf(rows, state.subBars.grouping);
			return {
				...state,
				rows,
				counts: countStatuses(rows),
				pools: bars.list,
				accountPools: subBars?.list ?? [],
				bars,
				subBars,
				phase: 'running',
				startedAt: action.now,
				now: action.now,
				finishedAt: undefined,
				halted: undefined,
				stopped: false,
				retrying,
				doneThisRun: 0,
				totalThisRun: changes.size,
			};
		}
	}
}
