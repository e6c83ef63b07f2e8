import {render} from 'ink';
import type {FrameClient} from '../api/client.js';
import {describeError, exitCodes, signalExitCode} from '../errors.js';
import {summarySentence} from '../ops/close-sessions.js';
import {type Io, type Output, println} from '../output.js';
import {App, type AppResult} from './app.js';
import {CloseRunsProvider, createCloseRuns, type RunningClose} from './close/close-runs.js';
import {enterFullScreen, restoreTerminal} from './terminal.js';
import {palette, ThemeContext, wantsNoColor} from './theme.js';

/** Runs the full-screen app until it quits; returns the exit code. The terminal is restored on every path. */
export async function runApp(options: {
	readonly client: FrameClient;
	readonly connection: string;
	readonly refreshSeconds: number;
	readonly readOnly: boolean;
	readonly concurrency: number;
	readonly io: Io;
	readonly env: Readonly<Record<string, string | undefined>>;
}): Promise<number> {
	const stdout = options.io.stdout as NodeJS.WriteStream;
	const stdin = options.io.stdin as NodeJS.ReadStream;
	const runs = createCloseRuns();
	enterFullScreen({stdout, stdin});
	const instance = render(
		<ThemeContext.Provider value={palette(!wantsNoColor(options.env))}>
			<CloseRunsProvider value={runs}>
				<App
					client={options.client}
					connection={options.connection}
					refreshSeconds={options.refreshSeconds}
					readOnly={options.readOnly}
					concurrency={options.concurrency}
				/>
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
	const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
	let stopping: Promise<number> | undefined;
	const handler = (signal: (typeof signals)[number]) => {
		const run = runs.current();
		if (stopping) {
			// A second signal: closes still in flight are cancelled and reported unknown.
			run?.cancel();
			return;
		}

		stopping = stopForSignal(signal, run, () => instance.unmount(), options.io.stderr);
	};

	for (const signal of signals) {
		process.on(signal, handler);
	}

	try {
		const result = (await instance.waitUntilExit()) as AppResult | undefined;
		return stopping ? await stopping : (result?.code ?? exitCodes.ok);
	} catch (error) {
		restoreTerminal();
		println(options.io.stderr, `frame-tui: ${describeError(error).line}`);
		return exitCodes.failed;
	} finally {
		restoreTerminal();
		for (const signal of signals) {
			process.off(signal, handler);
		}
	}
}

/**
 * A signal during a close stops it as the headless close does (no new closes, a grace for those
 * in flight), then leaves the app and says on stderr what became of the sessions. With no close
 * running the app ends at once. Returns the signal's exit code.
 */
async function stopForSignal(
	signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT',
	run: RunningClose | undefined,
	unmount: () => void,
	stderr: Output,
): Promise<number> {
	run?.stop();
	const report = await run?.finished.catch(() => undefined);
	unmount();
	restoreTerminal();
	if (report) {
		println(stderr, `frame-tui: ${signal} stopped the close: ${summarySentence(report.summary)}`);
		for (const result of report.results) {
			if (result.status === 'failed' || result.status === 'unknown') {
				println(stderr, `${result.status} ${result.id}`);
			}
		}
	}

	return signalExitCode(signal);
}
