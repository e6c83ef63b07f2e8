import {createInterface} from 'node:readline';
import type {Pool} from '../api/types.js';
import {UsageError} from '../errors.js';
import {formatTable} from '../format/table.js';
import {plural} from '../format/text.js';
import {
	type CloseReport,
	type CloseResult,
	closeSessions,
	type FinalStatus,
	summarize,
} from '../ops/close-sessions.js';
import {describePool, isOpen, type PoolShare, sharesByPool} from '../ops/select.js';
import {type CommandContext, describeAccount, type Io, printJson, println} from './context.js';
import {loadSelection, sessionColumns} from './list.js';
import {progressReporter} from './progress.js';

const statusLabels: Record<FinalStatus, string> = {
	closed: 'closed',
	already_closed: 'already closed',
	failed: 'failed',
	not_attempted: 'not attempted',
};

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

function planLines(shares: readonly PoolShare[]): string {
	return shares
		.map(({pool, poolId, count}) => `  ${describePool(pool, poolId)}: ${count}`)
		.join('\n');
}

function printResults(io: Io, report: CloseReport, poolsById: ReadonlyMap<string, Pool>): void {
	println(
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
	const {summary} = report;
	println(
		io.stdout,
		`${summary.closed} closed, ${summary.already_closed} already closed, ${summary.failed} failed, ${summary.not_attempted} not attempted`,
	);
}

/** `frame-tui close`: plan, confirm, close with live progress, report every session's fate. */
export async function closeCommand(context: CommandContext): Promise<number> {
	const {client, io, flags, now} = context;
	checkSelectors(flags);
	const selection = await loadSelection(context);
	const {account, poolsById} = selection;
	const listed = new Map(selection.allSessions.map((session) => [session.id, session]));
	const targets =
		flags.session.length > 0
			? [...new Set(flags.session)].map((id) => listed.get(id) ?? {id})
			: selection.sessions.filter(isOpen);
	const pools = sharesByPool(targets, poolsById);
	const headline = `${plural(targets.length, 'session')} in ${plural(pools.length, 'pool')} of ${describeAccount(account)}`;

	if (flags.dryRun) {
		if (flags.json) {
			printJson(io.stdout, {
				dry_run: true,
				account,
				pools: pools.map(({pool, poolId, count}) => ({
					...pool,
					external_id: poolId,
					sessions: count,
				})),
				sessions: targets,
			});
		} else {
			println(io.stdout, `Would close ${headline}:`);
			if (targets.length > 0) {
				println(io.stdout, planLines(pools));
				println(io.stdout);
				println(io.stdout, formatTable(sessionColumns(poolsById, now()), targets));
			}
		}

		return 0;
	}

	if (targets.length === 0) {
		if (flags.json) {
			printJson(io.stdout, {results: [], summary: summarize([])});
		} else {
			println(io.stdout, 'No open sessions match: nothing to close.');
		}

		return 0;
	}

	println(io.stderr, `Closing ${headline}:`);
	println(io.stderr, planLines(pools));
	if (!flags.yes) {
		if (!io.stdin.isTTY) {
			throw new UsageError(
				`refusing to close ${plural(targets.length, 'session')} without confirmation: stdin is not a terminal, so pass --yes`,
			);
		}

		const answer = await confirm(io, 'Users are disconnected at once. Close them? [y/N] ');
		if (answer !== 'yes') {
			println(io.stderr, 'Cancelled: nothing was closed.');
			return answer === 'interrupted' ? 130 : 1;
		}
	}

	const controller = new AbortController();
	const stopListening = context.onInterrupt(() => {
		controller.abort();
		println(
			io.stderr,
			'\nStopping: no new closes start; waiting for those in flight (Ctrl-C again quits now).',
		);
	});
	const progress = progressReporter(io.stderr, targets.length, now);
	let report: CloseReport;
	try {
		report = await closeSessions({
			client,
			accountId: account.id,
			sessions: targets,
			concurrency: flags.concurrency,
			signal: controller.signal,
			onEvent: progress.onEvent,
		});
	} finally {
		stopListening();
	}

	progress.finish();
	if (flags.json) {
		printJson(io.stdout, {results: report.results, summary: report.summary});
	} else {
		printResults(io, report, poolsById);
	}

	return report.aborted ? 130 : report.summary.failed > 0 ? 1 : 0;
}
