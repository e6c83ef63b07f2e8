import {render} from 'ink';
import type {Auditor} from '../audit/events.js';
import {describeError, exitCodes, type OnStop, type StopSignal, signalExitCode} from '../errors.js';
import {stopSentence, summarySentence} from '../ops/close-outcomes.js';
import type {CloseReport} from '../ops/close-sessions.js';
import {resolveAccount} from '../ops/select.js';
import {type Io, type Output, println} from '../output.js';
import {App, type AppProps, type AppResult} from './app.js';
import {AuditProvider} from './close/audit-context.js';
import {CloseRunsProvider, createCloseRuns, mergeReports} from './close/close-runs.js';
import {enterFullScreen, restoreTerminal} from './terminal.js';
import {palette, ThemeContext, wantsNoColor} from './theme.js';

/** Runs the full-screen app until it quits; returns the exit code. The terminal is restored on every path. */
export async function runApp(
	options: Omit<AppProps, 'account'> & {
		/** `--account` or the profile's: the app opens on that account's pools. */
		readonly account?: string | undefined;
		readonly io: Io;
		readonly env: Readonly<Record<string, string | undefined>>;
		/** Writes the audit log of every close; undefined with --no-audit. */
		readonly audit: Auditor | undefined;
		/** Hears SIGINT, SIGTERM and SIGHUP for as long as the app runs. */
		readonly onStop: OnStop;
	},
): Promise<number> {
	const stdout = options.io.stdout as NodeJS.WriteStream;
	const stdin = options.io.stdin as NodeJS.ReadStream;
	const runs = createCloseRuns();
	// Before the screen is taken: an unknown account is a one-line usage error.
	const account =
		options.account === undefined
			? undefined
			: await resolveAccount(options.client, options.account);
	enterFullScreen({stdout, stdin});
	const instance = render(
		<ThemeContext.Provider value={palette(!wantsNoColor(options.env))}>
			<CloseRunsProvider value={runs}>
				<AuditProvider value={options.audit}>
					<App
						client={options.client}
						connection={options.connection}
						refreshSeconds={options.refreshSeconds}
						readOnly={options.readOnly}
						concurrency={options.concurrency}
						patienceMs={options.patienceMs}
						graceMs={options.graceMs}
						account={account}
						profile={options.profile}
						credentials={options.credentials}
						profiles={options.profiles ?? []}
						{...(options.openProfile ? {openProfile: options.openProfile} : {})}
					/>
				</AuditProvider>
			</CloseRunsProvider>
		</ThemeContext.Provider>,
		{
			stdout,
			stdin,
			stderr: options.io.stderr as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: true,
			// runCli has checked that stdin and stdout are terminals; CI=true in the environment
			// must not make Ink draw only the last frame.
			interactive: true,
		},
	);
	let stoppedBy: StopSignal | undefined;
	// Never 'exit': the app ends by unmounting, so the terminal is restored and the record printed.
	const release = options.onStop((signal) => {
		// A terminal gone says so twice (the kernel's SIGHUP, then failed writes): one hang-up.
		if (signal === 'SIGHUP' && stoppedBy === 'SIGHUP') {
			return;
		}

		if (stoppedBy) {
			// A second signal: closes still in flight are cancelled and reported unknown.
			runs.current()?.cancel();
			return;
		}

		// Stops a close as the headless close does (no new closes, a grace for those in flight),
		// then leaves the app; with no close running it ends at once.
		stoppedBy = signal;
		const run = runs.current();
		run?.stop(signal);
		void (run?.finished ?? Promise.resolve()).finally(() => instance.unmount());
		return undefined;
	});

	try {
		const result = (await instance.waitUntilExit()) as AppResult | undefined;
		// Leaving while a close runs stops it as Esc would; its results still all come.
		runs.current()?.stop();
		const report = mergeReports(await runs.reports());
		restoreTerminal();
		printRecord(options.io.stderr, report, stoppedBy);
		return stoppedBy ? signalExitCode(stoppedBy) : exitCode(result?.code ?? exitCodes.ok, report);
	} catch (error) {
		restoreTerminal();
		println(options.io.stderr, `frame-tui: ${describeError(error).line}`);
		return exitCodes.failed;
	} finally {
		restoreTerminal();
		release();
	}
}

/**
 * After the screen is restored: what the app's closes did, in the summary sentence the headless
 * close prints, and the id of every session that failed or ended unknown. Nothing when the app
 * closed nothing.
 */
function printRecord(stderr: Output, report: CloseReport, signal: string | undefined): void {
	if (report.results.length === 0) {
		return;
	}

	const {unknown, not_attempted} = report.summary;
	// Only a stop (Esc, q, a signal, the breaker or the patience) leaves sessions unknown or not attempted.
	const by = signal
		? `${signal} stopped the close: `
		: unknown + not_attempted > 0
			? 'closed in this session, then stopped: '
			: 'closed in this session: ';
	if (report.halt && not_attempted > 0) {
		println(stderr, `frame-tui: ${stopSentence(report.halt.reason)}`);
	}

	println(stderr, `frame-tui: ${by}${summarySentence(report.summary)}`);
	for (const result of report.results) {
		if (result.status === 'failed' || result.status === 'unknown') {
			println(stderr, `${result.status} ${result.id}`);
		}
	}
}

/** The app's exit code, as the headless close has it: 1 when a session was not closed. */
function exitCode(code: number, report: CloseReport): number {
	const {failed, unknown, not_attempted} = report.summary;
	return code === exitCodes.ok && failed + unknown + not_attempted > 0 ? exitCodes.failed : code;
}
