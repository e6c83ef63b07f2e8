/**
 * Which sessions a headless close is about, exactly: given ids checked against the account's
 * active sessions before anything is sent, kinds and pools that must match a pool, and what an
 * earlier close left open (`--retry`), read back from the audit log.
 */
import {createInterface} from 'node:readline';
import type {Account, Pool, Session} from '../api/types.js';
import {type AuditRecord, readAuditLog} from '../audit/read.js';
import {UsageError} from '../errors.js';
import {idList, plural} from '../format/text.js';
import {finalStatuses, retryOrder} from '../ops/close-outcomes.js';
import type {FinalStatus} from '../ops/close-sessions.js';
import {
	closable,
	loadPoolsAndSessions,
	loadSelection,
	resolveAccount,
	unknownKind,
} from '../ops/select.js';
import {flagTerms} from '../ops/session-query.js';
import {type Io, println} from '../output.js';
import type {CommandContext} from './context.js';
import {narrowSelection} from './sessions.js';

/** What a close is about to close, and what it knows beforehand. */
export type CloseScope = {
	readonly account: Account;
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly targets: readonly Session[];
	/** A `--retry` of this run: the credential is proven if it closed anything. */
	readonly retryOf?: {readonly runId: string; readonly credentialProven: boolean};
	/** Given `--session` ids that are not active, so not sent. */
	readonly notActive?: readonly string[];
};

/** Reads session ids from stdin, one a line; blank lines and surrounding spaces are ignored. */
async function idsFromStdin(io: Io): Promise<string[]> {
	if (io.stdin.isTTY) {
		throw new UsageError('--session - reads ids from stdin, which is a terminal: pipe them in');
	}

	const ids: string[] = [];
	for await (const line of createInterface({
		input: io.stdin,
		crlfDelay: Number.POSITIVE_INFINITY,
	})) {
		const id = line.trim();
		if (id !== '') {
			ids.push(id);
		}
	}

	return ids;
}

/** The given `--session` ids that are active in the account; the others are named and not sent. */
async function givenSessions(
	context: CommandContext,
	account: Account,
	active: readonly Session[],
): Promise<{readonly targets: readonly Session[]; readonly notActive: readonly string[]}> {
	const {flags, io} = context;
	const fromStdin = flags.session.includes('-') ? await idsFromStdin(io) : [];
	const ids = [...new Set([...flags.session.filter((id) => id !== '-'), ...fromStdin])];
	if (ids.length === 0) {
		throw new UsageError('--session - read no id from stdin');
	}

	const listed = new Map(active.map((session) => [session.id, session]));
	const unknown = ids.filter((id) => !listed.has(id));
	const targets = ids.flatMap((id) => listed.get(id) ?? []);
	if (targets.length === 0) {
		throw new UsageError(
			`not active in account ${account.id}: ${idList(unknown)}; nothing was sent ("frame-tui sessions --account ${account.id}" lists the active ones)`,
		);
	}

	if (unknown.length > 0) {
		// Every one of them: the operator named each.
		println(io.stderr, `not active, so not closed: ${idList(unknown, Number.POSITIVE_INFINITY)}`);
	}

	return {targets, notActive: unknown};
}

/** The sessions a close selects by `--session`, `--pool`, `--kind` or `--all`. */
export async function selectedScope(context: CommandContext): Promise<CloseScope> {
	const {flags} = context;
	if (flags.session.length > 0) {
		refuseNarrowing(flags, '--session names the sessions to close');
	}

	const selection = await loadSelection(context.client, flags);
	const {account, poolsById} = selection;
	const kindProblem = unknownKind(selection.pools, flags.kind, account);
	if (kindProblem !== undefined) {
		throw new UsageError(kindProblem);
	}

	if (flags.session.length > 0) {
		return {account, poolsById, ...(await givenSessions(context, account, selection.allSessions))};
	}

	return {
		account,
		poolsById,
		targets: narrowSelection(context, closable(selection.sessions), poolsById),
	};
}

/** The run `--retry` names (a prefix of its id), or the account's last close; never a dry run. */
function findRun(
	records: readonly AuditRecord[],
	reference: string | undefined,
	accountId: string | undefined,
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
		plan = plans.findLast((record) => accountId === undefined || record.account_id === accountId);
		if (!plan) {
			throw new UsageError(
				`no close${accountId === undefined ? '' : ` of account ${accountId}`} in the audit log ${path}: nothing to retry`,
			);
		}
	}

	const runId = plan.run_id;
	return records.filter((record) => record.run_id === runId);
}

/** The sessions a run left open, in the order a retry takes them (`retryOrder`). */
function leftOpen(run: readonly AuditRecord[]): readonly string[] {
	const outcome = new Map<string, FinalStatus>();
	const plan = run.find((record) => record.event === 'close.plan');
	for (const id of Array.isArray(plan?.session_ids) ? plan.session_ids : []) {
		if (typeof id === 'string') {
			outcome.set(id, 'not_attempted');
		}
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

/**
 * The selection flags choose among `--all`, `--pool` or `--kind`. Beside ids named one by one, or
 * a retry (whose next retry would forget what they left out), they would drop sessions unsaid.
 */
function refuseNarrowing(flags: CommandContext['flags'], why: string): void {
	if (flagTerms(flags).length > 0) {
		throw new UsageError(
			`${why}: --older-than, --newer-than, --started-before, --user and --state go with --all, --pool or --kind`,
		);
	}
}

/** `close --retry [RUN_ID]`: what that close left open and is still active, from the audit log. */
export async function retryScope(context: CommandContext): Promise<CloseScope | string> {
	const {flags, client} = context;
	refuseNarrowing(flags, '--retry closes what that close left open');
	const path = context.auditLog;
	const {records} = readAuditLog(path);
	const given =
		flags.account === undefined ? undefined : await resolveAccount(client, flags.account);
	const run = findRun(records, flags.retryRun, given?.id, path);
	const [first] = run as [AuditRecord];
	const accountId = typeof first.account_id === 'string' ? first.account_id : undefined;
	if (accountId === undefined || (given !== undefined && given.id !== accountId)) {
		throw new UsageError(
			`close ${first.run_id} was of account ${accountId ?? 'unknown'}, not ${given?.id ?? 'this one'}`,
		);
	}

	const account: Account = given ?? {
		id: accountId,
		...(typeof first.account_name === 'string' ? {name: first.account_name} : {}),
	};
	const ids = leftOpen(run);
	const short = first.run_id.slice(0, 8);
	if (ids.length === 0) {
		return `Close ${short} left nothing open: nothing to retry.`;
	}

	const {pools, sessions} = await loadPoolsAndSessions(client, account.id);
	const active = new Map(closable(sessions).map((session) => [session.id, session]));
	const targets = ids.flatMap((id) => active.get(id) ?? []);
	const gone = ids.length - targets.length;
	if (gone > 0) {
		println(
			context.io.stderr,
			`${plural(gone, 'session')} that close ${short} left open ${gone === 1 ? 'is' : 'are'} no longer active.`,
		);
	}

	if (targets.length === 0) {
		return `Every session close ${short} left open has ended since: nothing to retry.`;
	}

	return {
		account,
		poolsById: new Map(pools.map((pool) => [pool.external_id, pool])),
		targets,
		retryOf: {runId: first.run_id, credentialProven: closedInChain(records, first.run_id)},
	};
}
