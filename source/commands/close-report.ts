/** What a headless close prints at its end: every session's fate, what was not closed and why, and the next step. */
import type {Account, Pool} from '../api/types.js';
import {describeError} from '../errors.js';
import {formatTable} from '../format/table.js';
import {idList, plural} from '../format/text.js';
import {
	failureReason,
	isClosed,
	notClosedCount,
	statusLabels,
	stopSentence,
	summarySentence,
} from '../ops/close-outcomes.js';
import type {CloseReport, CloseResult} from '../ops/close-sessions.js';
import {describeAccount, describePool} from '../ops/select.js';
import {type Io, type Output, printLines, println} from '../output.js';
import type {UnreadAccount} from './selection.js';

/** Sessions not closed for one reason: the state, the reason in words, and their ids. */
export type NotClosedGroup = {
	readonly status: CloseResult['status'];
	readonly reason: string;
	readonly ids: readonly string[];
};

/** What a run left open, grouped by state and reason, the largest group first. */
export function notClosedGroups(report: CloseReport): readonly NotClosedGroup[] {
	const groups = new Map<string, {status: CloseResult['status']; reason: string; ids: string[]}>();
	for (const result of report.results) {
		if (isClosed(result.status)) {
			continue;
		}

		const reason =
			result.status === 'not_attempted'
				? 'the close stopped before them'
				: failureReason(result.error ?? statusLabels[result.status]);
		const key = `${result.status}\n${reason}`;
		const group = groups.get(key) ?? {status: result.status, reason, ids: []};
		group.ids.push(result.id);
		groups.set(key, group);
	}

	return [...groups.values()].sort((a, b) => b.ids.length - a.ids.length);
}

/** How to close what a run left open: the command line, or why there is none. */
export function nextStep(
	report: CloseReport,
	retry: {
		readonly runId: string | undefined;
		/** The account closed in; none for a close across accounts, retried with `--all-accounts`. */
		readonly account: string | undefined;
		/** Flags that made this run, which the retry repeats (`--profile NAME`, `--no-read-only`). */
		readonly sameRun?: readonly string[] | undefined;
		/**
		 * Across accounts, the accounts that could not be read, and the run this one retried: a
		 * retry of that run covers both what is left here and those accounts' sessions.
		 */
		readonly unread?: {readonly accounts: number; readonly retryOf: string | undefined};
	},
): string | undefined {
	const same = (retry.sameRun ?? []).map((flag) => ` ${flag}`).join('');
	// A retry that could not read an account: the run it retried still holds that account's sessions.
	const retried = retry.unread?.retryOf;
	if ((retry.unread?.accounts ?? 0) > 0 && retried !== undefined) {
		return `frame-tui close${same} --all-accounts --retry ${retried}`;
	}

	if (notClosedCount(report.summary) === 0) {
		return undefined;
	}

	if (retry.runId === undefined) {
		return 'The audit log is off, so --retry cannot find this close: run the same close again (closed sessions are no longer listed).';
	}

	const which = retry.account === undefined ? '--all-accounts' : `--account ${retry.account}`;
	return `frame-tui close${same} ${which} --retry ${retry.runId}`;
}

/** The account of a result, in a close across accounts. */
export type ResultAccount = (sessionId: string) => Account | undefined;

/**
 * The final report: each session's result (with its account, across accounts), why the run
 * stopped, the sums, then what is left and how to close it.
 */
export function printResults(
	io: Pick<Io, 'stdout'>,
	report: CloseReport,
	poolsById: ReadonlyMap<string, Pool>,
	next?: string,
	accountOf?: ResultAccount,
): void {
	const account = (result: CloseResult) => {
		const found = accountOf?.(result.id);
		return found?.name ?? found?.id ?? '';
	};
	printLines(
		io.stdout,
		formatTable<CloseResult>(
			[
				...(accountOf ? [{header: 'account', value: account}] : []),
				{header: 'session', value: (result) => result.id},
				{
					header: 'pool',
					value: (result) => describePool(poolsById.get(result.pool_id ?? ''), result.pool_id),
				},
				{header: 'status', value: (result) => statusLabels[result.status]},
				{header: 'attempts', value: (result) => String(result.attempts), align: 'right'},
				{header: 'error', value: (result) => result.error ?? ''},
			],
			report.results,
		),
	);
	const groups = notClosedGroups(report);
	if (groups.length > 0) {
		println(io.stdout);
		println(io.stdout, 'Not closed:');
		for (const group of groups) {
			println(io.stdout, `  ${group.ids.length} ${statusLabels[group.status]}: ${group.reason}`);
			println(io.stdout, `    ${idList(group.ids)}`);
		}
	}

	printSummary(io.stdout, report, next);
}

/** The end of the report: why the run stopped, the sums, and how to close what is left. */
export function printSummary(output: Output, report: CloseReport, next?: string): void {
	if (report.halt) {
		println(output, stopSentence(report.halt.reason));
	}

	println(output, summarySentence(report.summary));
	if (next !== undefined) {
		println(output, next.startsWith('frame-tui ') ? `Close what is left: ${next}` : next);
	}
}

/**
 * The JSON of a finished close: every result (each with its `account_id` and `account_name`
 * across accounts), the sums, how it stopped, what is left by reason, the next step, and the
 * accounts that could not be read.
 */
export function resultsJson(
	report: CloseReport,
	stopped: {readonly by: string; readonly reason?: string} | undefined,
	next: string | undefined,
	more: {
		readonly notActive?: readonly string[] | undefined;
		readonly accountOf?: ResultAccount | undefined;
		readonly unread?: readonly UnreadAccount[] | undefined;
	} = {},
) {
	const {notActive = [], accountOf, unread} = more;
	return {
		results: accountOf
			? report.results.map((result) => ({...result, ...accountFields(accountOf(result.id))}))
			: report.results,
		summary: report.summary,
		...(stopped ? {stopped} : {}),
		// Given ids that were not sent, not being active: named, so none goes missing.
		...(notActive.length > 0 ? {not_active: notActive} : {}),
		not_closed: notClosedGroups(report).map((group) => ({
			status: group.status,
			reason: group.reason,
			count: group.ids.length,
			ids: group.ids,
		})),
		...(next?.startsWith('frame-tui ') ? {retry_command: next} : {}),
		...(unread ? {unread: unreadJson(unread)} : {}),
	};
}

/** A record's account fields, as `sessions` writes them: `account_id`, and `account_name` when known. */
function accountFields(account: Account | undefined) {
	return account
		? {account_id: account.id, ...(account.name === undefined ? {} : {account_name: account.name})}
		: {};
}

/** The accounts that could not be read, in JSON: each account and why. */
export function unreadJson(unread: readonly UnreadAccount[]) {
	return unread.map(({account, error}) => ({account, error: describeError(error).line}));
}

/**
 * The accounts that could not be read, before the confirmation: their sessions are not in the
 * close, and the exit code will be 1.
 */
export function printUnread(
	output: Output,
	unread: readonly UnreadAccount[],
	/** A last line, when there are any: what to do about them. */
	then?: string,
): void {
	const lines = unread.map(
		({account, error}) => `${describeAccount(account)}: ${describeError(error).line}`,
	);
	const head = `${plural(unread.length, 'account')} could not be read, so ${unread.length === 1 ? 'its' : 'their'} sessions are not in this close:`;
	if (lines.length === 1) {
		println(output, `${head} ${lines[0]}`);
	} else if (lines.length > 1) {
		println(output, head);
		printLines(
			output,
			lines.map((line) => `  ${line}`),
		);
	}

	if (lines.length > 0 && then !== undefined) {
		println(output, then);
	}
}
