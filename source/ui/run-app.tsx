import {render} from 'ink';
import type {FrameClient} from '../api/client.js';
import type {Io} from '../commands/context.js';
import {describeError, exitCodes} from '../errors.js';
import {App, type AppResult} from './app.js';
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
	enterFullScreen({stdout, stdin});
	const instance = render(
		<ThemeContext.Provider value={palette(!wantsNoColor(options.env))}>
			<App
				client={options.client}
				connection={options.connection}
				refreshSeconds={options.refreshSeconds}
				readOnly={options.readOnly}
				concurrency={options.concurrency}
			/>
		</ThemeContext.Provider>,
		{
			stdout,
			stdin,
			stderr: options.io.stderr as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: true,
		},
	);
	const signals: Array<[NodeJS.Signals, number]> = [
		['SIGTERM', 143],
		['SIGHUP', 129],
	];
	const handlers = signals.map(([signal, code]) => {
		const handler = () => {
			instance.unmount();
			restoreTerminal();
			process.exit(code);
		};

		process.once(signal, handler);
		return [signal, handler] as const;
	});
	try {
		const result = (await instance.waitUntilExit()) as AppResult | undefined;
		return result?.code ?? exitCodes.ok;
	} catch (error) {
		restoreTerminal();
		options.io.stderr.write(`frame-tui: ${describeError(error).line}\n`);
		return exitCodes.failed;
	} finally {
		restoreTerminal();
		for (const [signal, handler] of handlers) {
			process.off(signal, handler);
		}
	}
}
