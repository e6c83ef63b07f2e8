import type {Account, Pool, Session} from '../api/types.js';
import {type AuditRun, stopOf} from '../audit/events.js';
import {exitCodes, signalExitCode, UsageError} from '../errors.js';
import {formatTable} from '../format/table.js';
import {plural} from '../format/text.js';
import {
	breakerSentence,
	type CloseReport,
	type CloseResult,
	closeSessions,
	statusLabels,
	summarize,
	summarySentence,
} from '../ops/close-sessions.js';
import {
	closable,
	describeAccount,
	describePool,
	loadSelection,
	type PoolShare,
	sharesByPool,
} from '../ops/select.js';
import {newestFirst} from '../ops/session-order.js';
import {createStopper, type Stopper} from '../ops/stopper.js';
import {drained, type Io, printJson, printLines, println} from '../output.js';
import {catchStops, confirm} from './close-control.js';
import type {CommandContext} from './context.js';
import {sessionColumns} from './list.js';
import {progressReporter} from './progress.js';

function checkSelectors(flags: CommandContext['flags']): void {
	const byFilter = flags.pool.length > 0 || flags.kind !== undefined;
	if (flags.session.length === 0 && !byFilter && !flags.all) {
		throw new UsageError('close needs --session, --pool, --kind or --all to say which sessions');
	}

	if (flags.session.length > 0 && (byFilter || flags.all)) {
		throw new UsageError('--session cannot be combined with --pool, --kind or --all');
	}

	if (flags.all && byFilter) {
		throw new UsageError('--all cannot be combined with --pool or --kind');
	}
}

function planLines(shares: readonly PoolShare[]): string[] {
	return shares.map(({pool, poolId, count}) => `  ${describePool(pool, poolId)}: ${count}`);
}

/** The final report: each session's result, the breaker's reason if it stopped the run, the sums. */
export function printResults(
	io: Pick<Io, 'stdout'>,
	report: CloseReport,
	poolsById: ReadonlyMap<string, Pool>,
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
	if (report.breaker) {
		println(io.stdout, breakerSentence(report.breaker));
	}

	println(io.stdout, summarySentence(report.summary));
}

function printPlan(
	context: CommandContext,
	headline: string,
	shares: readonly PoolShare[],
	plan: {readonly account: Account; readonly targets: readonly Session[]},
	poolsById: ReadonlyMap<string, Pool>,
): void {
	const {io, flags, now} = context;
	// Listed as `sessions` lists them: newest first.
	const sessions = newestFirst(plan.targets);
	if (flags.json) {
		printJson(io.stdout, {
			dry_run: true,
			account: plan.account,
			pools: shares.map(({pool, poolId, count}) => ({
				...pool,
				external_id: poolId,
				sessions: count,
			})),
			sessions,
		});
		return;
	}

	println(io.stdout, `Would close ${headline}:`);
	if (sessions.length > 0) {
		printLines(io.stdout, planLines(shares));
		println(io.stdout);
		printLines(io.stdout, formatTable(sessionColumns(poolsById, now()), sessions));
	}

	// After a long table the headline has scrolled away: the last line says nothing happened.
	const count = sessions.length;
	println(
		io.stdout,
		`Dry run: nothing was closed${count > 0 ? ` (${plural(count, 'session')} would be)` : ''}.`,
	);
}

/** Closes the sessions with live progress on stderr until the stopper says otherwise. */
async function closeWithProgress(
	context: CommandContext,
	accountId: string,
	targets: readonly Session[],
	stopper: Stopper,
	audit: AuditRun | undefined,
): Promise<CloseReport> {
	const {client, io, flags, now} = context;
	const progress = progressReporter(io.stderr, targets.length, now);
	try {
		return await closeSessions({
			client,
			accountId,
			sessions: targets,
			concurrency: flags.concurrency,
			signal: stopper.signal,
			cancel: stopper.cancel,
			onEvent: (event) => {
				// In the log before on screen: a result the progress counted is in the file.
				audit?.result(event);
				progress.onEvent(event);
			},
		});
	} finally {
		progress.finish();
	}
}

/** `frame-tui close`: plan, confirm, close with live progress, report every session's fate. */
export async function closeCommand(context: CommandContext): Promise<number> {
	const {flags} = context;
	checkSelectors(flags);
	const selection = await loadSelection(context.client, flags);
	const {account, poolsById} = selection;
	const listed = new Map(selection.allSessions.map((session) => [session.id, session]));
	const targets =
		flags.session.length > 0
			? [...new Set(flags.session)].map((id) => listed.get(id) ?? {id})
			: closable(selection.sessions);
	// Before the plan is shown or anything sent: a close the log cannot record does not start.
	const audit = context.audit?.begin({
		account,
		sessions: targets,
		poolsById,
		dryRun: flags.dryRun,
		concurrency: flags.concurrency,
	});
	try {
		return await planAndClose(context, {account, poolsById, targets}, audit);
	} finally {
		// Every path has ended the run by now, unless an error cut it short.
		audit?.end();
		const failure = audit?.failure();
		if (failure) {
			println(context.io.stderr, `frame-tui: ${failure}`);
		}
	}
}

async function planAndClose(
	context: CommandContext,
	plan: {
		readonly account: Account;
		readonly poolsById: ReadonlyMap<string, Pool>;
		readonly targets: readonly Session[];
	},
	audit: AuditRun | undefined,
): Promise<number> {
	const {io, flags} = context;
	const {account, poolsById, targets} = plan;
	const shares = sharesByPool(targets, poolsById);
	const headline = `${plural(targets.length, 'session')} in ${plural(shares.length, 'pool')} of ${describeAccount(account)}`;

	if (flags.dryRun) {
		printPlan(context, headline, shares, {account, targets}, poolsById);
		audit?.skipRest();
		return exitCodes.ok;
	}

	if (targets.length === 0) {
		if (flags.json) {
			printJson(io.stdout, {results: [], summary: summarize([])});
		} else {
			println(io.stdout, 'No active sessions match: nothing to close.');
		}

		return exitCodes.ok;
	}

	println(io.stderr, `Closing ${headline}:`);
	printLines(io.stderr, planLines(shares));
	if (!flags.yes) {
		if (!io.stdin.isTTY) {
			audit?.skipRest();
			audit?.end({stopped: 'declined'});
			throw new UsageError(
				`refusing to close ${plural(targets.length, 'session')} without confirmation: stdin is not a terminal, so pass --yes`,
			);
		}

		const answer = await confirm(io, 'Users are disconnected at once. Close them? [y/N] ');
		if (answer !== 'yes') {
			println(io.stderr, 'Cancelled: nothing was closed.');
			audit?.skipRest();
			audit?.end({stopped: answer === 'interrupted' ? 'SIGINT' : 'declined'});
			return answer === 'interrupted' ? exitCodes.interrupted : exitCodes.failed;
		}
	}

	const stopper = createStopper();
	const stops = catchStops(context, stopper);
	let report: CloseReport;
	try {
		report = await closeWithProgress(context, account.id, targets, stopper, audit);
		const stoppedBy = stops.stoppedBy();
		// Recorded and synced before the results are printed, which a signal may cut short.
		audit?.end(stopOf(report, stoppedBy));
		stops.settle();
		if (flags.json) {
			printJson(io.stdout, {
				results: report.results,
				summary: report.summary,
				...(stoppedBy
					? {stopped: {by: stoppedBy}}
					: report.breaker
						? {stopped: {by: 'breaker', reason: report.breaker}}
						: {}),
			});
		} else {
			printResults(io, report, poolsById);
		}

		// A pipe takes what is written later; until then a signal must not cut the results short.
		await drained(io.stdout);
	} finally {
		stopper.dispose();
		stops.release();
	}

	const {summary} = report;
	const stoppedBy = stops.stoppedBy();
	return stoppedBy
		? signalExitCode(stoppedBy)
		: summary.failed + summary.unknown + summary.not_attempted > 0
			? exitCodes.failed
			: exitCodes.ok;
}
