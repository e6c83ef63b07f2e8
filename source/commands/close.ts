import type {Session} from '../api/types.js';
import type {AuditRun} from '../audit/events.js';
import {exitCodes, UsageError} from '../errors.js';
import {plural} from '../format/text.js';
import {closeExitCode, openAudit, startAuditedClose, stopOf} from '../ops/audited-close.js';
import {summarize} from '../ops/close-outcomes.js';
import type {CloseReport} from '../ops/close-sessions.js';
import {resultFields} from '../ops/session-record.js';
import {drained, printJson, printLines, println} from '../output.js';
import {catchStops, confirm} from './close-control.js';
import {planHeadline, planLines, printPlan} from './close-plan.js';
import {nextStep, printResults, printSummary, printUnread, resultsJson} from './close-report.js';
import {retryScope} from './close-retry.js';
import {accountOfScope, type CloseScope, selectedScope} from './close-scope.js';
import type {CommandContext} from './context.js';
import {noTable, printListing} from './listing.js';
import {progressReporter} from './progress.js';
import {checkAccountFlags} from './selection.js';

function checkSelectors(flags: CommandContext['flags']): void {
	checkAccountFlags(flags);
	if (flags.allAccounts && flags.session.length > 0) {
		throw new UsageError(
			'--all-accounts closes by --kind or --all in every account: leave out --session (or give --account)',
		);
	}

	const byFilter = flags.pool.length > 0 || flags.kind !== undefined;
	if (flags.retry && (byFilter || flags.all || flags.session.length > 0 || flags.org)) {
		throw new UsageError(
			'--retry closes what an earlier close left open: it takes no other selection',
		);
	}

	if (flags.session.length === 0 && !byFilter && !flags.all && !flags.retry) {
		throw new UsageError(
			'close needs --session, --pool, --kind, --all or --retry to say which sessions',
		);
	}

	if (flags.session.length > 0 && (byFilter || flags.all)) {
		throw new UsageError('--session cannot be combined with --pool, --kind or --all');
	}

	if (flags.all && byFilter) {
		throw new UsageError('--all cannot be combined with --pool or --kind');
	}
}

/** `frame-tui close`: plan, confirm, close with live progress, report every session's fate. */
export async function closeCommand(context: CommandContext): Promise<number> {
	const {flags} = context;
	checkSelectors(flags);
	// Before any request: a read-only run shows plans, never closes.
	if (flags.readOnly !== undefined && !flags.dryRun) {
		throw new UsageError(
			`read-only (${flags.readOnly}): close sends nothing; pass --no-read-only to close, or --dry-run to see the plan`,
		);
	}

	const scope = flags.retry ? await retryScope(context) : await selectedScope(context);
	if (typeof scope === 'string') {
		// Nothing left to retry: a document asked for is still one (empty), the words go beside it.
		const {io} = context;
		if (flags.json) {
			printJson(io.stdout, {results: [], summary: summarize([])});
		} else if (flags.output === 'csv') {
			printListing(io, 'csv', flags.headers, {
				...noTable,
				rows: [],
				fields: resultFields(new Map(), () => ({id: flags.account ?? ''}), []),
			});
		}

		println(flags.json || flags.output === 'csv' ? io.stderr : io.stdout, scope);
		return exitCodes.ok;
	}

	// A plan with nothing in it is not a run: nothing to record.
	if (scope.targets.length === 0) {
		return nothingToClose(context, scope);
	}

	// Before the plan is shown or anything sent: a close the log cannot record does not start.
	const accountOf = accountOfScope(scope);
	const opened = openAudit(context.audit, {
		...(scope.across
			? {
					accountOf: (session: Session) => accountOf(session.id) ?? {id: ''},
					unread: scope.across.unread,
				}
			: {account: scope.account}),
		sessions: scope.targets,
		poolsById: scope.poolsById,
		dryRun: flags.dryRun,
		concurrency: flags.concurrency,
		...(scope.retryOf ? {retryOf: scope.retryOf.runId} : {}),
	});
	if (opened.kind === 'refused') {
		throw opened.error;
	}

	const audit = opened.run;
	try {
		return await planAndClose(context, scope, audit);
	} finally {
		// Every path has ended the run by now, unless an error cut it short.
		audit?.end();
		const failure = audit?.failure();
		if (failure) {
			println(context.io.stderr, `frame-tui: ${failure}`);
		}
	}
}

/** No session matches: said so (a dry run shows its empty plan), and nothing is recorded. */
function nothingToClose(context: CommandContext, scope: CloseScope): number {
	const {io, flags} = context;
	if (flags.dryRun) {
		printPlan(context, scope);
	} else {
		if (scope.across) {
			printUnread(io.stderr, scope.across.unread);
		}

		if (flags.json) {
			printJson(
				io.stdout,
				resultsJson({results: [], summary: summarize([])}, undefined, undefined, {
					unread: scope.across?.unread,
				}),
			);
		} else if (flags.output === 'csv') {
			printListing(io, 'csv', flags.headers, {
				...noTable,
				rows: [],
				fields: resultFields(scope.poolsById, accountOfScope(scope), []),
			});
			println(io.stderr, 'No active sessions match: nothing to close.');
		} else {
			println(io.stdout, 'No active sessions match: nothing to close.');
		}
	}

	return unreadExitCode(scope, exitCodes.ok);
}

/** A close's exit code, 1 instead of 0 when an account of a close across accounts went unread. */
function unreadExitCode(scope: CloseScope, code: number): number {
	return code === exitCodes.ok && (scope.across?.unread.length ?? 0) > 0 ? exitCodes.failed : code;
}

async function planAndClose(
	context: CommandContext,
	scope: CloseScope,
	audit: AuditRun | undefined,
): Promise<number> {
	const {io, flags, now} = context;
	const {poolsById, targets, across} = scope;
	const accountOf = accountOfScope(scope);
	if (flags.dryRun) {
		printPlan(context, scope);
		audit?.skipRest();
		return unreadExitCode(scope, exitCodes.ok);
	}

	println(io.stderr, `${scope.retryOf ? 'Retrying' : 'Closing'} ${planHeadline(scope)}:`);
	printLines(io.stderr, planLines(scope));
	if (across) {
		printUnread(io.stderr, across.unread);
	}

	if (!flags.yes) {
		if (!io.stdin.isTTY) {
			audit?.skipRest();
			audit?.end({stopped: 'refused', reason: 'needs --yes when stdin is not a terminal'});
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

	const progress = progressReporter(io.stderr, targets.length, now);
	const run = startAuditedClose({
		client: context.client,
		// Across accounts every session has its account: none falls back to this.
		accountId: scope.account?.id ?? '',
		...(across ? {accountOf: (session: Session) => accountOf(session.id)?.id ?? ''} : {}),
		sessions: targets,
		concurrency: flags.concurrency,
		patienceMs: flags.patience,
		...(context.graceMs === undefined ? {} : {graceMs: context.graceMs}),
		credentialProven: scope.retryOf?.credentialProven ?? false,
		audit,
		now,
		onEvent: progress.onEvent,
		onApi: progress.onApi,
		onPaced: progress.onPaced,
	});
	const stops = catchStops(context, run);
	let report: CloseReport;
	try {
		try {
			report = await run.finished;
		} finally {
			progress.finish();
		}

		// The end is recorded and synced by now, before the results are printed, which a signal may cut short.
		stops.settle();
		const stoppedBy = run.stoppedBy();
		const next = nextStep(report, {
			runId: audit?.runId,
			account: scope.account?.id,
			sameRun: context.sameRun,
			...(across ? {unread: {accounts: across.unread.length, retryOf: scope.retryOf?.runId}} : {}),
		});
		if (flags.json) {
			const stop = stopOf(report, stoppedBy);
			printJson(
				io.stdout,
				resultsJson(
					report,
					stop.stopped
						? {by: stop.stopped, ...(stop.reason ? {reason: stop.reason} : {})}
						: undefined,
					next,
					{
						notActive: scope.notActive,
						...(across ? {accountOf, unread: across.unread} : {}),
					},
				),
			);
		} else if (flags.output === 'csv') {
			printListing(io, 'csv', flags.headers, {
				...noTable,
				rows: report.results,
				fields: resultFields(poolsById, accountOf, targets),
			});
			// Not the document's: the sums and the next step, for the operator.
			printSummary(io.stderr, report, next);
		} else {
			printResults(io, report, poolsById, next, across ? accountOf : undefined);
		}

		// Said before the question, and again at the end, where the results have not scrolled it away.
		if (across) {
			printUnread(
				io.stderr,
				across.unread,
				scope.retryOf
					? `Their sessions are still in close ${scope.retryOf.runId.slice(0, 8)}: its retry reaches them once they answer.`
					: 'Once they answer, run the same close again: it lists what is still active.',
			);
		}

		// A pipe takes what is written later; until then a signal must not cut the results short.
		await drained(io.stdout);
	} finally {
		stops.release();
	}

	return unreadExitCode(scope, closeExitCode(report, stops.stoppedBy()));
}
