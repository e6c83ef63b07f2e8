/**
 * `close --retry [RUN_ID]`: what an earlier close left open, read back from the audit log, and
 * still active now: of one account, or across the accounts of a close of every account.
 */
import type {Account, Pool, Session} from '../api/types.js';
import {type AuditRecord, readAuditLog} from '../audit/read.js';
import {UsageError} from '../errors.js';
import {idList, plural} from '../format/text.js';
import {loadAccounts, splitLoads} from '../ops/all-accounts.js';
import {finalStatuses, retryOrder} from '../ops/close-outcomes.js';
import type {FinalStatus} from '../ops/close-sessions.js';
import {closable, indexPools, loadPoolsAndSessions, resolveAccount} from '../ops/select.js';
import {println} from '../output.js';
import {accountsBySession, type CloseScope, refuseNarrowing} from './close-scope.js';
import type {CommandContext} from './context.js';
import {mergedPools, type UnreadAccount} from './selection.js';

/** Strings of a value read from the log: none unless it is an array. */
function stringsOf(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

/** One account of a close across accounts, as its plan lists it. */
type PlannedAccount = {readonly account: Account; readonly ids: readonly string[]};

/** The accounts of a close across accounts, from its plan; undefined for a close of one account. */
function plannedAccounts(plan: AuditRecord | undefined): readonly PlannedAccount[] | undefined {
	return listedAccounts(plan?.accounts);
}

/** Accounts as a plan lists them (`accounts`, `unread_accounts`); undefined when not a list. */
function listedAccounts(list: unknown): readonly PlannedAccount[] | undefined {
	if (!Array.isArray(list)) {
		return undefined;
	}

	return list.flatMap((entry: unknown) => {
		const fields = (entry ?? {}) as Record<string, unknown>;
		const {account_id: id, account_name: name} = fields;
		return typeof id === 'string'
			? [
					{
						account: {id, ...(typeof name === 'string' ? {name} : {})},
						ids: stringsOf(fields.session_ids),
					},
				]
			: [];
	});
}

/** Which close `--retry` without a run id takes: the last that matches, and how to say which. */
type LastClose = {readonly matches: (plan: AuditRecord) => boolean; readonly what: string};

/**
 * The last close of the account given (a close across accounts that included it too, which is
 * then refused rather than passed over for an older one), across accounts with `--all-accounts`,
 * else any.
 */
function lastClose(accountId: string | undefined, across: boolean): LastClose {
	if (across) {
		return {matches: (plan) => Array.isArray(plan.accounts), what: ' across accounts'};
	}

	return accountId === undefined
		? {matches: () => true, what: ''}
		: {
				matches: (plan) =>
					plan.account_id === accountId ||
					(plannedAccounts(plan) ?? []).some((entry) => entry.account.id === accountId),
				what: ` of account ${accountId}`,
			};
}

/** The run `--retry` names (a prefix of its id), or the last close it matches; never a dry run. */
function findRun(
	records: readonly AuditRecord[],
	reference: string | undefined,
	last: LastClose,
	path: string,
): readonly AuditRecord[] {
	const plans = records.filter(
		(record) => record.event === 'close.plan' && record.dry_run !== true,
	);
	let plan: AuditRecord | undefined;
	if (reference !== undefined) {
		const runIds = [...new Set(plans.map((record) => record.run_id))].filter((id) =>
			id.startsWith(reference),
		);
		if (runIds.length > 1) {
			throw new UsageError(`run id "${reference}" is ambiguous: ${idList(runIds, 5)}`);
		}

		plan = plans.find((record) => record.run_id === runIds[0]);
		if (!plan) {
			throw new UsageError(
				`no close "${reference}" in the audit log ${path}: "frame-tui audit" lists them`,
			);
		}
	} else {
		plan = plans.findLast(last.matches);
		if (!plan) {
			throw new UsageError(`no close${last.what} in the audit log ${path}: nothing to retry`);
		}
	}

	const runId = plan.run_id;
	return records.filter((record) => record.run_id === runId);
}

/** The sessions a run left open, in the order a retry takes them (`retryOrder`). */
function leftOpen(run: readonly AuditRecord[]): readonly string[] {
	const outcome = new Map<string, FinalStatus>();
	const plan = run.find((record) => record.event === 'close.plan');
	// Across accounts the plan lists each account's ids; the ids of one account's close, in a row.
	const planned = plannedAccounts(plan)?.flatMap(({ids}) => ids) ?? stringsOf(plan?.session_ids);
	for (const id of planned) {
		outcome.set(id, 'not_attempted');
	}

	for (const record of run) {
		if (record.event === 'close.result' && typeof record.session_id === 'string') {
			const status = finalStatuses.find((known) => known === record.outcome) ?? 'unknown';
			outcome.set(record.session_id, status);
		}
	}

	return retryOrder([...outcome], ([, status]) => status).map(([id]) => id);
}

/**
 * Whether the run, or a run it retried (following `retry_of` back), closed a session: then the
 * credential can close sessions, and a 403 is that session's refusal.
 */
function closedInChain(records: readonly AuditRecord[], runId: string): boolean {
	const retried = new Map<string, string>();
	const closed = new Set<string>();
	for (const record of records) {
		if (record.event === 'close.plan' && typeof record.retry_of === 'string') {
			retried.set(record.run_id, record.retry_of);
		} else if (record.event === 'close.result' && record.outcome === 'closed') {
			closed.add(record.run_id);
		}
	}

	const seen = new Set<string>();
	for (
		let id: string | undefined = runId;
		id !== undefined && !seen.has(id);
		id = retried.get(id)
	) {
		if (closed.has(id)) {
			return true;
		}

		seen.add(id);
	}

	return false;
}

/** The account of a close of one account, which must be the one given, if one is. */
function runAccount(first: AuditRecord, given: Account | undefined): Account {
	const accountId = typeof first.account_id === 'string' ? first.account_id : undefined;
	if (accountId === undefined || (given !== undefined && given.id !== accountId)) {
		throw new UsageError(
			`close ${first.run_id} was of account ${accountId ?? 'unknown'}, not ${given?.id ?? 'this one'}`,
		);
	}

	return (
		given ?? {
			id: accountId,
			...(typeof first.account_name === 'string' ? {name: first.account_name} : {}),
		}
	);
}

/** The accounts' sessions now, each account with its pools; those that cannot be read, apart. */
type Reloaded = {
	readonly parts: readonly {
		readonly account: Account;
		readonly poolsById: ReadonlyMap<string, Pool>;
		readonly sessions: readonly Session[];
	}[];
	readonly unread: readonly UnreadAccount[];
};

/**
 * The active sessions of one account (a failed read is the command's error), or of the accounts
 * of a close across accounts (a failed read names the account).
 */
async function reload(
	context: CommandContext,
	accounts: Account | readonly Account[],
): Promise<Reloaded> {
	const {client} = context;
	if (!Array.isArray(accounts)) {
		const account = accounts as Account;
		const {pools, sessions} = await loadPoolsAndSessions(client, account.id);
		return {parts: [{account, poolsById: indexPools(pools), sessions}], unread: []};
	}

	const {read, unread} = splitLoads(await loadAccounts(client, accounts));
	return {parts: read.map((load) => ({...load, poolsById: indexPools(load.pools)})), unread};
}

/** `close --retry [RUN_ID]`: what that close left open and is still active, from the audit log. */
export async function retryScope(context: CommandContext): Promise<CloseScope | string> {
	const {flags, client} = context;
	refuseNarrowing(flags, '--retry closes what that close left open');
	const path = context.auditLog;
	const {records} = readAuditLog(path);
	const given =
		flags.account === undefined ? undefined : await resolveAccount(client, flags.account);
	const run = findRun(records, flags.retryRun, lastClose(given?.id, flags.allAccounts), path);
	const [first] = run as [AuditRecord];
	const short = first.run_id.slice(0, 8);
	const planned = plannedAccounts(run.find((record) => record.event === 'close.plan'));
	if (planned !== undefined && given !== undefined) {
		throw new UsageError(
			`close ${short} was across ${plural(planned.length, 'account')}: retry it with --all-accounts, not --account`,
		);
	}

	const account = planned === undefined ? runAccount(first, given) : undefined;
	// Accounts that close could not read were in no plan: a retry cannot reach them, so they are named.
	const notInPlan = listedAccounts(
		run.find((record) => record.event === 'close.plan')?.unread_accounts,
	);
	if (notInPlan && notInPlan.length > 0) {
		println(
			context.io.stderr,
			`Close ${short} could not read ${plural(notInPlan.length, 'account')} (${notInPlan.map((entry) => entry.account.name ?? entry.account.id).join(', ')}): no retry reaches ${notInPlan.length === 1 ? 'it' : 'them'}; run the same close again for ${notInPlan.length === 1 ? 'it' : 'them'}.`,
		);
	}

	const ids = leftOpen(run);
	if (ids.length === 0) {
		return `Close ${short} left nothing open: nothing to retry.`;
	}

	const {parts, unread} = await reload(
		context,
		account ?? (planned ?? []).map((entry) => entry.account),
	);
	const active = new Map(
		parts.flatMap(({sessions}) => closable(sessions).map((session) => [session.id, session])),
	);
	const targets = ids.flatMap((id) => active.get(id) ?? []);
	// Sessions of an account not read now have not ended: that account is named instead.
	const notRead = new Set(
		(planned ?? [])
			.filter((entry) => unread.some((load) => load.account.id === entry.account.id))
			.flatMap((entry) => entry.ids),
	);
	const gone = ids.filter((id) => !active.has(id) && !notRead.has(id)).length;
	if (gone > 0) {
		println(
			context.io.stderr,
			`${plural(gone, 'session')} that close ${short} left open ${gone === 1 ? 'is' : 'are'} no longer active.`,
		);
	}

	if (targets.length === 0 && unread.length === 0) {
		return `Every session close ${short} left open has ended since: nothing to retry.`;
	}

	const retryOf = {runId: first.run_id, credentialProven: closedInChain(records, first.run_id)};
	const poolsById = mergedPools(parts);
	return account
		? {account, poolsById, targets, retryOf}
		: {poolsById, targets, retryOf, across: {accountOf: accountsBySession(parts), unread}};
}
