/** The audit log's records: one `close.plan`, a `close.result` per session, one `close.end` a run. */
import {randomUUID} from 'node:crypto';
import {hostname, userInfo} from 'node:os';
import {type Account, type Pool, type Session, sessionUser} from '../api/types.js';
import {describeError} from '../errors.js';
import {summarize} from '../ops/close-outcomes.js';
import type {CloseEvent, FinalStatus} from '../ops/close-sessions.js';
import {sharesByPool} from '../ops/select.js';
import {type AuditFile, openAuditFile, type Rotation} from './log.js';

/** Where a close ran from. */
export type AuditMode = 'app' | 'cli';

/** Who closes and through which credential: the same on every record of a process. */
export type AuditIdentity = {
	readonly mode: AuditMode;
	readonly version: string;
	/** The configuration profile, `demo` in demo mode, null without one. */
	readonly profile: string | null;
	readonly clientId: string;
	readonly apiHost: string;
};

/** What a close is about to do. */
export type AuditPlan = {
	/** The account closed in; a close across accounts names each session's with `accountOf`. */
	readonly account?: Account;
	/** The account of each session, in a close of every account at once. */
	readonly accountOf?: (session: Session) => Account;
	/** Accounts of a close of every account that could not be read: in no plan, so named here. */
	readonly unread?: readonly {readonly account: Account; readonly error: unknown}[];
	readonly sessions: readonly Session[];
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly dryRun: boolean;
	readonly concurrency: number;
	/** The run this one retries (`close --retry`, the app's r), if it does. */
	readonly retryOf?: string;
};

/**
 * How a run ended early, when it did: a signal, the breaker (the credential refused), an API
 * unavailable past the patience, the operator's stop, a declined confirmation.
 */
export type AuditStop =
	| 'SIGINT'
	| 'SIGTERM'
	| 'SIGHUP'
	| 'breaker'
	| 'unavailable'
	| 'stop'
	| 'declined'
	| 'refused';

/** One close run's records; every method writes at once, so a killed process leaves them all. */
export type AuditRun = {
	readonly runId: string;
	/** Writes the session's `close.result` when the event carries its result; once per session. */
	readonly result: (event: CloseEvent) => void;
	/** Writes `not_attempted` for every session of the plan still without a result (dry run, declined). */
	readonly skipRest: () => void;
	/** Writes `close.end` with the counts, syncs the file to disk and closes it; later calls do nothing. */
	readonly end: (options?: {readonly stopped?: AuditStop; readonly reason?: string}) => void;
	/** The first write error, as a line to show, if any. */
	readonly failure: () => string | undefined;
};

/** Opens one audit run per close; undefined in its place means the log is off (`--no-audit`). */
export type Auditor = {
	readonly path: string;
	/**
	 * Opens the log and writes `close.plan`; throws `AuditUnavailableError` when it cannot.
	 * Undefined when the log is off for the connection in use (a profile's `audit = false`).
	 */
	readonly begin: (plan: AuditPlan) => AuditRun | undefined;
};

/** The OS user, or null where the system has none for this uid (some containers). */
function osUser(): string | null {
	try {
		return userInfo().username;
	} catch {
		return null;
	}
}

/** An auditor writing to `path` on behalf of `identity`. */
export function createAuditor(options: {
	readonly path: string;
	readonly identity: AuditIdentity;
	/** When the log is moved aside before a run (the size, the old logs kept). */
	readonly rotation?: Rotation;
	readonly now?: () => number;
}): Auditor {
	const now = options.now ?? Date.now;
	const {identity} = options;
	const who = {os_user: osUser(), host: hostname()};
	return {
		path: options.path,
		begin(plan) {
			const file = openAuditFile(options.path, options.rotation);
			return startRun(
				file,
				plan,
				{
					run_id: randomUUID(),
					version: identity.version,
					mode: identity.mode,
					dry_run: plan.dryRun,
					...who,
					profile: identity.profile,
					client_id: identity.clientId,
					api_host: identity.apiHost,
					account_id: plan.account?.id ?? null,
					account_name: plan.account?.name ?? null,
				},
				now,
			);
		},
	};
}

type Common = {readonly run_id: string} & Record<string, unknown>;

function startRun(file: AuditFile, plan: AuditPlan, common: Common, now: () => number): AuditRun {
	const started = now();
	const write = (event: string, fields: Record<string, unknown>) =>
		file.append({event, ts: new Date(now()).toISOString(), ...common, ...fields});
	const outcomes = new Map<string, FinalStatus>();
	let ended = false;
	const poolOf = (poolId: string | undefined) =>
		poolId === undefined ? undefined : plan.poolsById.get(poolId);
	const {accountOf} = plan;
	// Across accounts, each session's account is part of its every record.
	// Each account's counts as results come, for the end: no map of every session kept for it.
	const byAccount = new Map<string, {account: Account; counts: Record<FinalStatus, number>}>();
	const accountFields = (session: Session) => {
		const account = accountOf?.(session);
		return account ? {account_id: account.id, account_name: account.name ?? null} : {};
	};

	write('close.plan', {
		sessions: plan.sessions.length,
		// Every session asked for, so a retry knows even those a killed run never reached; across
		// accounts, listed under each account.
		...(accountOf
			? {
					accounts: planAccounts(plan.sessions, accountOf, byAccount),
					unread_accounts: (plan.unread ?? []).map(({account, error}) => ({
						account_id: account.id,
						account_name: account.name ?? null,
						error: describeError(error).line,
					})),
				}
			: {session_ids: plan.sessions.map((session) => session.id)}),
		retry_of: plan.retryOf ?? null,
		concurrency: plan.concurrency,
		pools: sharesByPool(plan.sessions, plan.poolsById).map(({poolId, pool, count}) => ({
			pool_id: poolId ?? null,
			pool_name: pool?.name ?? null,
			pool_kind: pool?.kind ?? null,
			sessions: count,
		})),
	});

	const result = (event: CloseEvent) => {
		const {session, result: closed} = event;
		if (!closed || outcomes.has(session.id)) {
			return;
		}

		outcomes.set(session.id, closed.status);
		if (accountOf) {
			const entry = byAccount.get(accountOf(session).id);
			if (entry) {
				entry.counts[closed.status]++;
			}
		}

		write('close.result', {
			...accountFields(session),
			session_id: session.id,
			user: sessionUser(session) ?? null,
			pool_id: session.pool_id ?? null,
			pool_name: poolOf(session.pool_id)?.name ?? null,
			pool_kind: poolOf(session.pool_id)?.kind ?? null,
			outcome: closed.status,
			http_status: event.httpStatus ?? null,
			attempts: closed.attempts,
			error: closed.error ?? null,
		});
	};

	return {
		runId: common.run_id,
		result,
		skipRest() {
			for (const session of plan.sessions) {
				const skipped = {id: session.id, status: 'not_attempted', attempts: 0} as const;
				result({session, status: 'not_attempted', result: skipped});
			}
		},
		end(options = {}) {
			if (ended) {
				return;
			}

			ended = true;
			const summary = summarize(
				[...outcomes].map(([id, status]) => ({id, status, attempts: 0}) as const),
			);
			write('close.end', {
				sessions: plan.sessions.length,
				counts: summary,
				...(accountOf
					? {
							accounts: [...byAccount.values()].map(({account, counts}) => ({
								account_id: account.id,
								account_name: account.name ?? null,
								counts,
							})),
						}
					: {}),
				stopped: options.stopped ?? null,
				reason: options.reason ?? null,
				duration_ms: now() - started,
			});
			file.sync();
			file.close();
		},
		failure: file.failure,
	};
}

/** A close across accounts: each account with its sessions, in the order of their first session. */
function planAccounts(
	sessions: readonly Session[],
	accountOf: (session: Session) => Account,
	byAccount: Map<string, {account: Account; counts: Record<FinalStatus, number>}>,
) {
	const groups = new Map<string, {account: Account; ids: string[]}>();
	for (const session of sessions) {
		const account = accountOf(session);
		const group = groups.get(account.id);
		if (group) {
			group.ids.push(session.id);
		} else {
			groups.set(account.id, {account, ids: [session.id]});
			byAccount.set(account.id, {account, counts: {...summarize([])}});
		}
	}

	return [...groups.values()].map(({account, ids}) => ({
		account_id: account.id,
		account_name: account.name ?? null,
		sessions: ids.length,
		session_ids: ids,
	}));
}
