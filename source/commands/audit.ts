import {type AuditRecord, type RunSummary, readAuditLog, selectRuns} from '../audit/read.js';
import {formatTable} from '../format/table.js';
import {parseDuration} from '../format/time.js';
import {statusLabels} from '../ops/close-sessions.js';
import {type Io, printJson, printLines, println} from '../output.js';

/** What `frame-tui audit` reads its flags from. */
export type AuditFlags = {
	readonly json: boolean;
	readonly since: string | undefined;
	readonly account: string | undefined;
	readonly auditSessions: boolean;
};

/** Lines that were skipped, as warnings: the first few by place, the rest counted. */
const warnedLines = 3;

const cell = (value: unknown): string =>
	value === null || value === undefined ? '—' : String(value);

/** An ISO time as "2026-11-22 08:34:05Z". */
const utc = (ts: string): string => `${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}Z`;

function runTable(runs: readonly RunSummary[]): string[] {
	return formatTable<RunSummary>(
		[
			{header: 'started (utc)', value: (run) => utc(run.started)},
			{header: 'run', value: (run) => run.run_id.slice(0, 8)},
			{header: 'mode', value: (run) => `${cell(run.mode)}${run.dry_run ? ' dry run' : ''}`},
			{header: 'by', value: (run) => `${cell(run.os_user)}@${cell(run.host)}`},
			{header: 'profile', value: (run) => cell(run.profile)},
			{header: 'account', value: (run) => cell(run.account_name ?? run.account_id)},
			{header: 'sessions', value: (run) => cell(run.sessions), align: 'right'},
			{header: 'closed', value: (run) => String(run.counts.closed), align: 'right'},
			{header: 'already', value: (run) => String(run.counts.already_closed), align: 'right'},
			{header: 'failed', value: (run) => String(run.counts.failed), align: 'right'},
			{header: 'unknown', value: (run) => String(run.counts.unknown), align: 'right'},
			{header: 'not att.', value: (run) => String(run.counts.not_attempted), align: 'right'},
			{header: 'end', value: (run) => run.end},
		],
		runs,
	);
}

function sessionTable(results: readonly AuditRecord[]): string[] {
	return formatTable<AuditRecord>(
		[
			{header: 'time (utc)', value: (record) => utc(record.ts)},
			{header: 'run', value: (record) => record.run_id.slice(0, 8)},
			{header: 'session', value: (record) => cell(record.session_id)},
			{header: 'user', value: (record) => cell(record.user)},
			{header: 'pool', value: (record) => cell(record.pool_id)},
			{header: 'kind', value: (record) => cell(record.pool_kind)},
			{
				header: 'outcome',
				value: (record) =>
					statusLabels[record.outcome as keyof typeof statusLabels] ?? cell(record.outcome),
			},
			{header: 'http', value: (record) => cell(record.http_status), align: 'right'},
			{header: 'attempts', value: (record) => cell(record.attempts), align: 'right'},
			{header: 'error', value: (record) => (record.error ? String(record.error) : '')},
		],
		results,
	);
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
	const {runs, results} = selectRuns(records, {
		since: sinceMs === undefined ? undefined : now - sinceMs,
		account: flags.account,
	});
	if (flags.json) {
		printJson(io.stdout, {
			path,
			runs,
			...(flags.auditSessions ? {sessions: results} : {}),
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

	printLines(io.stdout, runTable(runs));
	if (flags.auditSessions) {
		println(io.stdout);
		printLines(io.stdout, sessionTable(results));
	}

	return 0;
}
