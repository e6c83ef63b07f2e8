import {EventEmitter} from 'node:events';
import xterm from '@xterm/headless';
// The chalk Ink draws with (one copy, Ink's version, a dev dependency), whose level decides every colour.
import chalk from 'chalk';
import {runCli} from '../../source/cli/run.js';
import type {StopSignal} from '../../source/commands/context.js';
import {type SimulatorOptions, startSimulator} from '../../source/simulator/server.js';
import {cliEnvironment, fakeStops, simulatorEnvironment} from './cli.js';
import {readScreen, type ScreenReader} from './screen.js';

// As cli.tsx sets it for the program: React's production build, which the operator runs.
process.env.NODE_ENV ??= 'production';

/** frame-tui run by `runCli` in this process, on fake terminal streams read through a terminal emulator. */
export type InProcessSession = ScreenReader & {
	/** Everything written to stdout and stderr, escape sequences included, in the order written. */
	readonly raw: () => string;
	/** The window title the program set, if it set one. */
	readonly title: () => string;
	/** Whether the program left the cursor shown (the last DECTCEM sequence it wrote). */
	readonly cursorVisible: () => boolean;
	/** Whether the program has the terminal in raw mode now. */
	readonly rawMode: () => boolean;
	/** The terminal emulator, for reading cells with their colours. */
	readonly terminal: xterm.Terminal;
	/** Types raw input, as a keyboard would send it: one call is one read for the program. */
	readonly type: (data: string) => void;
	/** The window takes this size: stdout says so and emits 'resize', as a terminal's SIGWINCH does. */
	readonly resize: (columns: number, rows: number) => void;
	/**
	 * Delivers a stop signal through the `onStop` listeners the run registered, as cli/main.ts
	 * does for a real one; returns whether any listener heard it. No process signal is sent.
	 */
	readonly signal: (signal: StopSignal) => boolean;
	/** The exit code: runCli's, or the signal's when a listener answered 'exit' (process.exit). */
	readonly exited: Promise<number>;
};

/** stdin as a terminal gives it to Ink 8: raw mode, ref/unref, and chunks read on 'readable'. */
class FakeTtyIn extends EventEmitter {
	readonly isTTY = true;
	isRaw = false;
	readonly #chunks: string[] = [];

	constructor() {
		super();
		// What is typed before the program reads waits in the terminal, as in a pty.
		this.on('newListener', (event: string) => {
			if (event === 'readable' && this.#chunks.length > 0) {
				queueMicrotask(() => this.emit('readable'));
			}
		});
	}

	write(data: string): void {
		this.#chunks.push(data);
		this.emit('readable');
	}

	read(): string | null {
		return this.#chunks.shift() ?? null;
	}

	setRawMode(mode: boolean): this {
		this.isRaw = mode;
		return this;
	}

	setEncoding(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}
}

/** stdout or stderr as a terminal: a size, 'resize' events, and writes that reach the emulator. */
class FakeTtyOut extends EventEmitter {
	readonly isTTY = true;
	readonly writable = true;

	constructor(
		readonly size: {columns: number; rows: number},
		readonly sink: (text: string) => void,
	) {
		super();
	}

	get columns(): number {
		return this.size.columns;
	}

	get rows(): number {
		return this.size.rows;
	}

	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
		this.sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
		const callback = rest.find((argument) => typeof argument === 'function') as
			| (() => void)
			| undefined;
		callback?.();
		return true;
	}
}

/**
 * Runs `frame-tui ARGS` through `runCli` in this process, in a terminal of the given size: stdin,
 * stdout and stderr are terminals, and what the program writes to both is drawn by a headless
 * xterm, so the screen, the alternate screen, the restore and what is printed after the app ends
 * read as in a pseudo-terminal. Colours are chalk's for xterm-256color, as the program would have
 * in one. The environment is `cliEnvironment(env)`: no real Frame settings, a quick demo.
 *
 * For what a process does not change. A file of such tests loads the app's source once (about
 * 1.3 s of CPU through tsx), then each run costs far less than a program started in a pty;
 * real signals, a real pty's reads and the built bundle stay with `startTerminal`. Runs in one
 * file go one at a time: the app keeps which terminal to restore in a module of its own.
 * `signal` reaches the app as the headless commands: both hear stops through `onStop`.
 */
export function startInProcess(
	args: readonly string[],
	options: {
		readonly columns: number;
		readonly rows: number;
		readonly env?: Record<string, string>;
	},
): InProcessSession {
	const size = {columns: options.columns, rows: options.rows};
	const terminal = new xterm.Terminal({
		cols: size.columns,
		rows: size.rows,
		allowProposedApi: true,
	});
	let pending = Promise.resolve();
	let raw = '';
	let title = '';
	terminal.onTitleChange((value) => {
		title = value;
	});
	// A pty turns \n into \r\n (its output post-processing): so does this terminal.
	const sink = (text: string) => {
		raw += text;
		const shown = text.replace(/\r?\n/g, '\r\n');
		pending = pending.then(() => new Promise<void>((resolve) => terminal.write(shown, resolve)));
	};

	const stdin = new FakeTtyIn();
	const stdout = new FakeTtyOut(size, sink);
	const stderr = new FakeTtyOut(size, sink);
	const stops = fakeStops();
	// Ink draws with chalk, whose level was fixed when it loaded, from this test process's own
	// streams: give it what xterm-256color would, for this run.
	const level = chalk.level;
	chalk.level = 2;
	const finished = runCli(args, {
		io: {stdin: stdin as unknown as NodeJS.ReadStream, stdout, stderr},
		env: cliEnvironment(options.env),
		importMeta: import.meta,
		onStop: stops.onStop,
	}).finally(() => {
		chalk.level = level;
	});
	const exited = Promise.race([finished, stops.exited]).then(async (code) => {
		// Let the terminal take in the last output before anyone reads the screen.
		await pending;
		return code;
	});

	return {
		...readScreen(terminal),
		raw: () => raw,
		title: () => title,
		cursorVisible: () => raw.lastIndexOf('\u001B[?25h') >= raw.lastIndexOf('\u001B[?25l'),
		rawMode: () => stdin.isRaw,
		terminal,
		type: (data) => stdin.write(data),
		resize(columns, rows) {
			size.columns = columns;
			size.rows = rows;
			terminal.resize(columns, rows);
			stdout.emit('resize');
		},
		signal: (signal) => stops.deliver(signal),
		exited,
	};
}

/**
 * The app run in this process (120×30 unless told), talking to a simulator of one account
 * started with these options. The test ends with the app quit (q, or Ctrl-C twice if a question
 * is open) and the simulator closed.
 */
export async function appInProcess(
	t: {after: (fn: () => Promise<void> | void) => void},
	simulatorOptions: SimulatorOptions,
	args: readonly string[] = [],
	size: {readonly columns: number; readonly rows: number} = {columns: 120, rows: 30},
	env: Record<string, string> = {},
) {
	const sim = await startSimulator({accounts: 1, ...simulatorOptions});
	const session = startInProcess(args, {...size, env: {...simulatorEnvironment(sim), ...env}});
	t.after(() => endInProcess(session, () => sim.close()));
	const accountId = sim.accounts()[0]?.id ?? '';
	return {sim, session, accountId};
}

/**
 * After a test, an app still running in this process would keep the test file from ending:
 * quit it with the keys a person would (Ctrl-C quits, or asks once during a close), then `close`.
 */
export async function endInProcess(
	session: InProcessSession,
	close: () => Promise<void> | void = () => undefined,
): Promise<void> {
	let done = false;
	void session.exited.finally(() => {
		done = true;
	});
	for (let attempt = 0; attempt < 50 && !done; attempt++) {
		session.type('\u0003');
		await Promise.race([session.exited, new Promise((resolve) => setTimeout(resolve, 100))]);
	}

	await close();
}
