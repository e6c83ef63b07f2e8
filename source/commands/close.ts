import {createInterface} from 'node:readline';
import type {Account, Pool, Session} from '../api/types.js';
import {exitCodes, signalExitCode, UsageError} from '../errors.js';
import {formatTable} from '../format/table.js';
import {plural} from '../format/text.js';
import {
	type CloseReport,
	type CloseResult,
	closeSessions,
	statusLabels,
	stopGraceMs,
	summarize,
	summarySentence,
} from '../ops/close-sessions.js';
import {describePool, isOpen, type PoolShare, sharesByPool} from '../ops/select.js';
import {
	type CommandContext,
	describeAccount,
	drained,
	type Io,
	printJson,
	printLines,
	println,
	type StopSignal,
} from './context.js';
import {loadSelection, sessionColumns} from './list.js';
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

/** Asks a yes/no question on the terminal; Ctrl-C answers "interrupted", anything but y/yes is no. */
function confirm(io: Io, question: string): Promise<'yes' | 'no' | 'interrupted'> {
	return new Promise((resolve) => {
		const prompt = createInterface({input: io.stdin, output: io.stderr as NodeJS.WritableStream});
		let answered = false;
		const answer = (value: 'yes' | 'no' | 'interrupted') => {
			if (!answered) {
				answered = true;
				prompt.close();
				resolve(value);
			}
		};

		prompt.on('SIGINT', () => {
			io.stderr.write('\n');
			answer('interrupted');
		});
		prompt.on('close', () => answer('no'));
		prompt.question(question, (text) => answer(/^\s*y(es)?\s*$/i.test(text) ? 'yes' : 'no'));
	});
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
		println(io.stdout, `Stopped: ${report.breaker}.`);
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
	if (flags.json) {
		printJson(io.stdout, {
			dry_run: true,
			account: plan.account,
			pools: shares.map(({pool, poolId, count}) => ({
				...pool,
				external_id: poolId,
				sessions: count,
			})),
			sessions: plan.targets,
		});
		return;
	}

	println(io.stdout, `Would close ${headline}:`);
	if (plan.targets.length > 0) {
		printLines(io.stdout, planLines(shares));
		println(io.stdout);
		printLines(io.stdout, formatTable(sessionColumns(poolsById, now()), plan.targets));
	}
}

/**
 * Closes the sessions with live progress. The first SIGINT, SIGTERM or SIGHUP stops new closes
 * and waits between attempts at once, and gives closes in flight `stopGraceMs` before cancelling
 * them; a second cancels them at once. Either way every session gets its result.
 */
async function closeWithProgress(
	context: CommandContext,
	accountId: string,
	targets: readonly Session[],
): Promise<{
	readonly report: CloseReport;
	readonly stoppedBy: StopSignal | undefined;
	/** Lets signals end the process again; called once every result is printed. */
	readonly release: () => void;
}> {
	const {client, io, flags, now} = context;
	const stop = new AbortController();
	const cancel = new AbortController();
	let stoppedBy: StopSignal | undefined;
	let grace: NodeJS.Timeout | undefined;
	const stopListening = context.onStop((signal) => {
		if (stoppedBy === undefined) {
			stoppedBy = signal;
			stop.abort();
			grace = setTimeout(() => cancel.abort(), stopGraceMs);
			// The progress line may be half-drawn on a terminal: end it first.
			println(io.stderr);
			println(
				io.stderr,
				`${signal}: stopping. No new closes start; those in flight get ${stopGraceMs / 1000} s to finish (${signal === 'SIGINT' ? 'Ctrl-C' : 'a second signal'} again stops them now).`,
			);
		} else if (!cancel.signal.aborted) {
			cancel.abort();
			println(io.stderr);
			println(io.stderr, `${signal}: stopping now; closes in flight are reported unknown.`);
		}
	});
	const progress = progressReporter(io.stderr, targets.length, now);
	try {
		const report = await closeSessions({
			client,
			accountId,
			sessions: targets,
			concurrency: flags.concurrency,
			signal: stop.signal,
			cancel: cancel.signal,
			onEvent: progress.onEvent,
		});
		progress.finish();
		return {report, stoppedBy, release: stopListening};
	} catch (error) {
		stopListening();
		throw error;
	} finally {
		clearTimeout(grace);
	}
}

/** `frame-tui close`: plan, confirm, close with live progress, report every session's fate. */
export async function closeCommand(context: CommandContext): Promise<number> {
	const {io, flags} = context;
	checkSelectors(flags);
	const selection = await loadSelection(context);
	const {account, poolsById} = selection;
	const listed = new Map(selection.allSessions.map((session) => [session.id, session]));
	const targets =
		flags.session.length > 0
			? [...new Set(flags.session)].map((id) => listed.get(id) ?? {id})
			: selection.sessions.filter(isOpen);
	const shares = sharesByPool(targets, poolsById);
	const headline = `${plural(targets.length, 'session')} in ${plural(shares.length, 'pool')} of ${describeAccount(account)}`;

	if (flags.dryRun) {
		printPlan(context, headline, shares, {account, targets}, poolsById);
		return exitCodes.ok;
	}

	if (targets.length === 0) {
		if (flags.json) {
			printJson(io.stdout, {results: [], summary: summarize([])});
		} else {
			println(io.stdout, 'No open sessions match: nothing to close.');
		}

		return exitCodes.ok;
	}

	println(io.stderr, `Closing ${headline}:`);
	printLines(io.stderr, planLines(shares));
	if (!flags.yes) {
		if (!io.stdin.isTTY) {
			throw new UsageError(
				`refusing to close ${plural(targets.length, 'session')} without confirmation: stdin is not a terminal, so pass --yes`,
			);
		}

		const answer = await confirm(io, 'Users are disconnected at once. Close them? [y/N] ');
		if (answer !== 'yes') {
			println(io.stderr, 'Cancelled: nothing was closed.');
			return answer === 'interrupted' ? exitCodes.interrupted : exitCodes.failed;
		}
	}

	const {report, stoppedBy, release} = await closeWithProgress(context, account.id, targets);
	try {
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
	} finally {
		// A pipe takes what is written later; a signal before then would cut the results short.
		await drained(io.stdout);
		release();
	}

	const {summary} = report;
	return stoppedBy
		? signalExitCode(stoppedBy)
		: summary.failed + summary.unknown + summary.not_attempted > 0
			? exitCodes.failed
			: exitCodes.ok;
}
