/** What a headless close prints at its end: every session's fate, what was not closed and why, and the next step. */
import type {Pool} from '../api/types.js';
import {formatTable} from '../format/table.js';
import {idList} from '../format/text.js';
import {
	failureReason,
	isClosed,
	notClosedCount,
	statusLabels,
	stopSentence,
	summarySentence,
} from '../ops/close-outcomes.js';
import type {CloseReport, CloseResult} from '../ops/close-sessions.js';
import {describePool} from '../ops/select.js';
import {type Io, type Output, printLines, println} from '../output.js';

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
		readonly account: string;
		/** Flags that made this run, which the retry repeats (`--profile NAME`, `--no-read-only`). */
		readonly sameRun?: readonly string[] | undefined;
	},
): string | undefined {
	if (notClosedCount(report.summary) === 0) {
		return undefined;
	}

	if (retry.runId === undefined) {
		return 'The audit log is off, so --retry cannot find this close: run the same close again (closed sessions are no longer listed).';
	}

	const same = (retry.sameRun ?? []).map((flag) => ` ${flag}`).join('');
	return `frame-tui close${same} --account ${retry.account} --retry ${retry.runId}`;
}

/** The final report: each session's result, why the run stopped, the sums, then what is left and how to close it. */
export function printResults(
	io: Pick<Io, 'stdout'>,
	report: CloseReport,
	poolsById: ReadonlyMap<string, Pool>,
	next?: string,
): void {
	printLines(
		io.stdout,
		formatTable<CloseResult>(
			[
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

/** The JSON of a finished close: every result, the sums, how it stopped, what is left by reason, the next step. */
export function resultsJson(
	report: CloseReport,
	stopped: {readonly by: string; readonly reason?: string} | undefined,
	next: string | undefined,
	notActive: readonly string[] = [],
) {
	return {
		results: report.results,
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
	};
}
