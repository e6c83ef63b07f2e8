import {
	type AuditRecord,
	poolNames,
	type RunSummary,
	readAuditLog,
	selectRuns,
} from '../audit/read.js';
import {type Column, formatTable} from '../format/table.js';
import {plural} from '../format/text.js';
import {parseDuration} from '../format/time.js';
import {textWidth} from '../format/width.js';
import {failureReason, finalStatuses, isClosed, statusLabels} from '../ops/close-outcomes.js';
import {describePool} from '../ops/select.js';
import {rawCell} from '../ops/session-record.js';
import {type Io, printJson, printLines, println} from '../output.js';
import {noTable, type OutputFormat, printListing} from './listing.js';

/** What `frame-tui audit` reads its flags from. */
export type AuditFlags = {
	readonly json: boolean;
	/** `-o`: table (fitted), wide (whole), json or csv (the sessions' results with --sessions, else the runs). */
	readonly output?: OutputFormat | undefined;
	/** False with --no-headers. */
	readonly headers?: boolean;
	readonly since: string | undefined;
	readonly account: string | undefined;
	readonly auditSessions: boolean;
	/** Only the close whose run id starts with this. */
	readonly run?: string | undefined;
	/** Only the sessions not closed, and the closes that left them. */
	readonly failed?: boolean;
};

/** Lines that were skipped, as warnings: the first few by place, the rest counted. */
const warnedLines = 3;

const cell = (value: unknown): string =>
	value === null || value === undefined ? '—' : String(value);

/** A run's account: its name (else id), or "3 accounts" for a close across accounts. */
const accountCell = (run: RunSummary): string =>
	run.accounts ? plural(run.accounts.length, 'account') : cell(run.account_name ?? run.account_id);

/** An ISO time as "2026-11-22 08:34:05Z". */
const utc = (ts: string): string => `${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}Z`;

const leadColumns: readonly Column<RunSummary>[] = [
	{header: 'started (utc)', value: (run) => utc(run.started)},
	{header: 'run', value: (run) => run.run_id.slice(0, 8), giveWay: 3},
	{header: 'mode', value: (run) => `${cell(run.mode)}${run.dry_run ? ' dry run' : ''}`},
	{
		header: 'by',
		value: (run) => `${cell(run.os_user)}@${cell(run.host)}`,
		giveWay: 2,
		shrink: 'end',
	},
	{header: 'profile', value: (run) => cell(run.profile), giveWay: 1, shrink: 'end'},
	{header: 'account', value: accountCell, shrink: 'end'},
	{header: 'sessions', value: (run) => cell(run.sessions), align: 'right'},
];
const endColumn: Column<RunSummary> = {header: 'end', value: (run) => run.end};

/** A count a column, as scripts read them. */
const countColumns: readonly Column<RunSummary>[] = [
	{header: 'closed', value: (run) => String(run.counts.closed), align: 'right'},
	{header: 'already', value: (run) => String(run.counts.already_closed), align: 'right'},
	{header: 'failed', value: (run) => String(run.counts.failed), align: 'right'},
	{header: 'unknown', value: (run) => String(run.counts.unknown), align: 'right'},
	{header: 'not att.', value: (run) => String(run.counts.not_attempted), align: 'right'},
];

const shortLabels = {...statusLabels, already_closed: 'already', not_attempted: 'not att.'};

/** On a narrow terminal, the counts that are not 0 in one column, never cut: "2 closed, 1 failed". */
const resultsColumn: Column<RunSummary> = {
	header: 'results',
	value: (run) =>
		finalStatuses
			.filter((status) => run.counts[status] > 0)
			.map((status) => `${run.counts[status]} ${shortLabels[status]}`)
			.join(', ') || '—',
};

/**
 * The narrow table's columns: the counts and how the run ended are never cut (a refusal's reason
 * waits for a wider table); who, the profile, the mode, the session total (the counts add up to
 * it), the date ("12-03 10:56"), the run and last the account give way, the account's name cut
 * before it goes.
 */
const narrowColumns: readonly Column<RunSummary>[] = [
	{header: 'started', value: (run) => utc(run.started).slice(5, 16), giveWay: 5},
	{header: 'run', value: (run) => run.run_id.slice(0, 8), giveWay: 6},
	{header: 'mode', value: (run) => `${cell(run.mode)}${run.dry_run ? ' dry' : ''}`, giveWay: 3},
	{header: 'by', value: (run) => `${cell(run.os_user)}@${cell(run.host)}`, giveWay: 1},
	{header: 'profile', value: (run) => cell(run.profile), giveWay: 2},
	{
		header: 'account',
		value: accountCell,
		shrink: 'end',
		giveWay: 7,
	},
	{header: 'sessions', value: (run) => cell(run.sessions), align: 'right', giveWay: 4},
	resultsColumn,
	{header: 'end', value: (run) => run.end.replace(/:.*/, '')},
];

/** The runs; on a terminal (`width`) narrower than the whole table, the counts share a column. */
function runTable(runs: readonly RunSummary[], width: number | undefined): string[] {
	const whole = formatTable([...leadColumns, ...countColumns, endColumn], runs);
	if (width === undefined || whole.every((line) => textWidth(line) <= width)) {
		return whole;
	}

	return formatTable(narrowColumns, runs, {width});
}

/** A result's pool as people read it: "Air 8GB (production)", else its id and kind. */
function poolCell(record: AuditRecord, name: string | null): string {
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	const id = text(record.pool_id);
	const described = {name: name ?? undefined, kind: text(record.pool_kind)};
	return describePool(id === undefined ? undefined : {...described, external_id: id}, id);
}

function sessionTable(
	results: readonly AuditRecord[],
	poolName: (result: AuditRecord) => string | null,
	width: number | undefined,
): string[] {
	return formatTable<AuditRecord>(
		[
			// The run and the error stay: which close, and why it did not close the session.
			{header: 'time (utc)', value: (record) => utc(record.ts), giveWay: 4},
			{header: 'run', value: (record) => record.run_id.slice(0, 8)},
			{
				header: 'account',
				value: (record) => cell(record.account_name ?? record.account_id),
				shrink: 'end',
				giveWay: 5,
			},
			{header: 'session', value: (record) => cell(record.session_id), shrink: 'middle'},
			{header: 'user', value: (record) => cell(record.user), shrink: 'end', giveWay: 3},
			{header: 'pool', value: (record) => poolCell(record, poolName(record)), shrink: 'end'},
			{
				header: 'outcome',
				value: (record) =>
					statusLabels[record.outcome as keyof typeof statusLabels] ?? cell(record.outcome),
			},
			{header: 'http', value: (record) => cell(record.http_status), align: 'right', giveWay: 2},
			{header: 'attempts', value: (record) => cell(record.attempts), align: 'right', giveWay: 1},
			{
				header: 'error',
				value: (record) => (record.error ? String(failureReason(String(record.error))) : ''),
				shrink: 'end',
			},
		],
		results,
		{width},
	);
}

/** A run as CSV writes it: every field, whole. */
const runFields: readonly Column<RunSummary>[] = [
	{header: 'run_id', value: (run) => run.run_id},
	{header: 'started', value: (run) => run.started},
	{header: 'mode', value: (run) => rawCell(run.mode)},
	{header: 'dry_run', value: (run) => String(run.dry_run)},
	{header: 'os_user', value: (run) => rawCell(run.os_user)},
	{header: 'host', value: (run) => rawCell(run.host)},
	{header: 'profile', value: (run) => rawCell(run.profile)},
	{header: 'account_id', value: (run) => rawCell(run.account_id)},
	{header: 'account_name', value: (run) => rawCell(run.account_name)},
	// How many accounts a close across accounts was of; empty for a close of one account.
	{header: 'accounts', value: (run) => rawCell(run.accounts?.length)},
	{header: 'sessions', value: (run) => rawCell(run.sessions)},
	...finalStatuses.map((status) => ({
		header: status,
		value: (run: RunSummary) => String(run.counts[status]),
	})),
	{header: 'end', value: (run) => run.end},
];

/** A session's result as CSV writes it. */
function resultFields(poolName: (result: AuditRecord) => string | null): Column<AuditRecord>[] {
	return [
		{header: 'run_id', value: (record) => record.run_id},
		{header: 'time', value: (record) => record.ts},
		{header: 'session_id', value: (record) => rawCell(record.session_id)},
		{header: 'account_id', value: (record) => rawCell(record.account_id)},
		{header: 'account_name', value: (record) => rawCell(record.account_name)},
		{header: 'user', value: (record) => rawCell(record.user)},
		{header: 'pool_id', value: (record) => rawCell(record.pool_id)},
		{header: 'pool_name', value: (record) => rawCell(poolName(record))},
		{header: 'pool_kind', value: (record) => rawCell(record.pool_kind)},
		{header: 'outcome', value: (record) => rawCell(record.outcome)},
		{header: 'http_status', value: (record) => rawCell(record.http_status)},
		{header: 'attempts', value: (record) => rawCell(record.attempts)},
		{header: 'error', value: (record) => rawCell(record.error)},
	];
}

/** `frame-tui audit`: the audit log as a table of runs, oldest first; `--sessions` adds their results. */
export function auditCommand(flags: AuditFlags, io: Io, path: string, now: number): number {
	const {records, skipped} = readAuditLog(path);
	for (const place of skipped.slice(0, warnedLines)) {
		println(
			io.stderr,
			`frame-tui: ${place.file} line ${place.line} is not an audit record; skipped`,
		);
	}

	if (skipped.length > warnedLines) {
		println(io.stderr, `frame-tui: ${skipped.length - warnedLines} more lines skipped`);
	}

	const sinceMs = flags.since === undefined ? undefined : parseDuration(flags.since);
	const selected = selectRuns(records, {
		since: sinceMs === undefined ? undefined : now - sinceMs,
		account: flags.account,
		run: flags.run,
	});
	// --failed: the sessions not closed, and only the closes that left some; a dry run closes
	// nothing by design, so its sessions were never left.
	const dryRuns = new Set(selected.runs.filter((run) => run.dry_run).map((run) => run.run_id));
	const notClosed = (record: AuditRecord) => {
		const outcome = finalStatuses.find((status) => status === record.outcome);
		return !dryRuns.has(record.run_id) && (outcome === undefined || !isClosed(outcome));
	};
	const results = flags.failed ? selected.results.filter(notClosed) : selected.results;
	const left = new Set(results.map((record) => record.run_id));
	const runs = flags.failed ? selected.runs.filter((run) => left.has(run.run_id)) : selected.runs;
	const withSessions = flags.auditSessions || flags.failed === true;
	const output = flags.json ? 'json' : (flags.output ?? 'table');
	const headers = flags.headers !== false;
	if (output === 'csv') {
		// One CSV is one table: the sessions' results when asked for, else the runs.
		if (withSessions) {
			const names = poolNames(records);
			printListing(io, 'csv', headers, {...noTable, rows: results, fields: resultFields(names)});
		} else {
			printListing(io, 'csv', headers, {...noTable, rows: runs, fields: runFields});
		}

		return 0;
	}

	if (output === 'json') {
		printJson(io.stdout, {
			path,
			runs,
			...(withSessions ? {sessions: results} : {}),
			skipped_lines: skipped.length,
		});
		return 0;
	}

	if (runs.length === 0) {
		println(
			io.stdout,
			records.length === 0
				? `The audit log ${path} has no closes yet.`
				: `No close in the audit log ${path} matches.`,
		);
		return 0;
	}

	// On a terminal the tables fit its width (not with -o wide); piped, they stay whole for scripts.
	const width = io.stdout.isTTY && output !== 'wide' ? io.stdout.columns : undefined;
	const lines = (table: string[]) => (headers ? table : table.slice(1));
	printLines(io.stdout, lines(runTable(runs, width)));
	if (withSessions) {
		println(io.stdout);
		printLines(io.stdout, lines(sessionTable(results, poolNames(records), width)));
	}

	return 0;
}
