/** Reading the audit log back: the file is outside input, so every field is checked, never trusted. */
import {readRegularFile} from '../api/regular-file.js';
import {UsageError} from '../errors.js';
import {finalStatuses, summarize} from '../ops/close-outcomes.js';
import type {CloseSummary} from '../ops/close-sessions.js';
import {rotatedPaths} from './log.js';

/** One record as read: the fields every record has, the rest as found. */
export type AuditRecord = {
	readonly event: string;
	readonly run_id: string;
	readonly ts: string;
	readonly [field: string]: unknown;
};

/** A line that is not a record, where it is. */
export type SkippedLine = {readonly file: string; readonly line: number};

/** One close run, from its records. */
export type RunSummary = {
	readonly run_id: string;
	readonly started: string;
	readonly mode: string | null;
	readonly dry_run: boolean;
	readonly os_user: string | null;
	readonly host: string | null;
	readonly profile: string | null;
	readonly client_id: string | null;
	readonly api_host: string | null;
	/** The account closed in; null for a close across accounts (see `accounts`). */
	readonly account_id: string | null;
	readonly account_name: string | null;
	/**
	 * A close across accounts (`close --all-accounts`): each account of its plan, with how many of
	 * its sessions the plan held; null for a close of one account.
	 */
	readonly accounts: readonly RunAccount[] | null;
	/** Sessions in the plan. */
	readonly sessions: number | null;
	/** By outcome: from its `close.end`, else counted from the results found (then `end` is `incomplete`). */
	readonly counts: CloseSummary;
	/**
	 * `done`, what stopped it (a signal, `breaker`, `unavailable`, `stop`, `declined`), why it was
	 * refused (`refused: needs --yes …`), or `incomplete` without a `close.end`.
	 */
	readonly end: string;
};

/** An account of a close across accounts, as its plan names it. */
export type RunAccount = {
	readonly account_id: string;
	readonly account_name: string | null;
	readonly sessions: number | null;
};

/** The accounts a plan across accounts lists; null for a plan of one account. */
function planAccounts(plan: AuditRecord): readonly RunAccount[] | null {
	if (!Array.isArray(plan.accounts)) {
		return null;
	}

	return plan.accounts.flatMap((entry: unknown) => {
		const {account_id: id, account_name: name, sessions} = (entry ?? {}) as Record<string, unknown>;
		return typeof id === 'string'
			? [{account_id: id, account_name: text(name), sessions: count(sessions)}]
			: [];
	});
}

/** Whether a run is of the account (its id, or its name in any case), or a close across accounts that includes it. */
function ofAccount(run: RunSummary, reference: string): boolean {
	const wanted = reference.toLowerCase();
	const accounts = run.accounts ?? [run];
	return accounts.some(
		(account) => account.account_id === reference || account.account_name?.toLowerCase() === wanted,
	);
}

/** Counts as a `close.end` records them, if every one is there and a whole number. */
function endCounts(value: unknown): CloseSummary | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const record = value as Record<string, unknown>;
	const counts = finalStatuses.map((status) => count(record[status]));
	return counts.every((entry) => entry !== null)
		? (Object.fromEntries(
				finalStatuses.map((status, index) => [status, counts[index]]),
			) as CloseSummary)
		: undefined;
}

/** How a run ended, in a word or two. */
function endOf(end: AuditRecord | undefined): string {
	if (!end) {
		return 'incomplete';
	}

	const stopped = text(end.stopped);
	const reason = text(end.reason);
	return stopped === 'refused' && reason ? `refused: ${reason}` : (stopped ?? 'done');
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const count = (value: unknown): number | null =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

function isRecord(value: unknown): value is AuditRecord {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return false;
	}

	const {event, run_id: runId, ts} = value as Record<string, unknown>;
	return (
		typeof event === 'string' &&
		typeof runId === 'string' &&
		typeof ts === 'string' &&
		!Number.isNaN(Date.parse(ts))
	);
}

function readLines(file: string, records: AuditRecord[], skipped: SkippedLine[]): void {
	let content: string;
	try {
		content = readRegularFile(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			return;
		}

		throw new UsageError(`cannot read the audit log ${file}${code ? ` (${code})` : ''}`);
	}

	for (const [index, line] of content.split('\n').entries()) {
		if (line.trim() === '') {
			continue;
		}

		let value: unknown;
		try {
			value = JSON.parse(line);
		} catch {
			value = undefined;
		}

		if (isRecord(value)) {
			records.push(value);
		} else {
			skipped.push({file, line: index + 1});
		}
	}
}

/** Every record of the log, the old logs first (oldest first), and the lines that were not records. */
export function readAuditLog(path: string): {
	readonly records: readonly AuditRecord[];
	readonly skipped: readonly SkippedLine[];
} {
	const records: AuditRecord[] = [];
	const skipped: SkippedLine[] = [];
	for (const file of [...rotatedPaths(path), path]) {
		readLines(file, records, skipped);
	}
	return {records, skipped};
}

function summarizeRun(records: readonly AuditRecord[]): RunSummary {
	const [first] = records as [AuditRecord];
	const plan = records.find((record) => record.event === 'close.plan') ?? first;
	const end = records.find((record) => record.event === 'close.end');
	const outcomes = records.flatMap((record) => {
		const outcome = record.event === 'close.result' ? text(record.outcome) : null;
		return finalStatuses.find((status) => status === outcome) ?? [];
	});
	return {
		run_id: first.run_id,
		started: plan.ts,
		mode: text(plan.mode),
		dry_run: plan.dry_run === true,
		os_user: text(plan.os_user),
		host: text(plan.host),
		profile: text(plan.profile),
		client_id: text(plan.client_id),
		api_host: text(plan.api_host),
		account_id: text(plan.account_id),
		account_name: text(plan.account_name),
		accounts: planAccounts(plan),
		sessions: count(plan.sessions),
		// The end's counts are the run's own; the results alone may be cut short (a killed run).
		counts:
			endCounts(end?.counts) ??
			summarize(outcomes.map((status) => ({id: '', status, attempts: 0}))),
		end: endOf(end),
	};
}

/** Which runs to show. */
export type RunFilter = {
	/** Only runs that started at or after this time, epoch ms. */
	readonly since?: number | undefined;
	/** An account id, or its name in any case. */
	readonly account?: string | undefined;
	/** A run id, or the start of one. */
	readonly run?: string | undefined;
};

/** The runs of the log that pass the filter, oldest first, and the result records of those runs. */
export function selectRuns(
	records: readonly AuditRecord[],
	filter: RunFilter,
): {readonly runs: readonly RunSummary[]; readonly results: readonly AuditRecord[]} {
	const byRun = new Map<string, AuditRecord[]>();
	for (const record of records) {
		const list = byRun.get(record.run_id);
		if (list) {
			list.push(record);
		} else {
			byRun.set(record.run_id, [record]);
		}
	}

	const {account} = filter;
	const runs = [...byRun.values()]
		.map(summarizeRun)
		.filter(
			(run) =>
				(filter.since === undefined || Date.parse(run.started) >= filter.since) &&
				(filter.run === undefined || run.run_id.startsWith(filter.run)) &&
				(account === undefined || ofAccount(run, account)),
		)
		.sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
	const shown = new Set(runs.map((run) => run.run_id));
	const wanted = account?.toLowerCase();
	// In a close across accounts each result names its account: only the account's are its.
	const ofWanted = (record: AuditRecord) =>
		account === undefined ||
		typeof record.account_id !== 'string' ||
		record.account_id === account ||
		text(record.account_name)?.toLowerCase() === wanted;
	const results = records.filter(
		(record) => record.event === 'close.result' && shown.has(record.run_id) && ofWanted(record),
	);
	return {runs, results};
}

/**
 * A result's pool name: its own `pool_name`, else (logs written before results carried one) the
 * name its run's `close.plan` gave that pool; null when neither says.
 */
export function poolNames(records: readonly AuditRecord[]): (result: AuditRecord) => string | null {
	const fromPlans = new Map<string, string>();
	for (const record of records) {
		if (record.event === 'close.plan' && Array.isArray(record.pools)) {
			for (const pool of record.pools as unknown[]) {
				const {pool_id: id, pool_name: name} = (pool ?? {}) as Record<string, unknown>;
				if (typeof id === 'string' && typeof name === 'string') {
					fromPlans.set(`${record.run_id}\n${id}`, name);
				}
			}
		}
	}

	return (result) =>
		text(result.pool_name) ?? fromPlans.get(`${result.run_id}\n${text(result.pool_id)}`) ?? null;
}
