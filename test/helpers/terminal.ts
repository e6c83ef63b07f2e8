import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {type SimulatorOptions, startSimulator} from '../../source/simulator/server.js';
import {cliEnvironment, simulatorEnvironment} from './cli.js';
import {readScreen, type ScreenReader} from './screen.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A program running in a real pseudo-terminal, its output rendered as a person would see it. */
export type TerminalSession = ScreenReader & {
	/** Everything the program wrote, escape sequences included. */
	readonly raw: () => string;
	/** The window title the program set, if it set one. */
	readonly title: () => string;
	/** Whether the program left the cursor shown (the last DECTCEM sequence it wrote). */
	readonly cursorVisible: () => boolean;
	/** The terminal emulator itself, for reading cells with their colours (docs/screenshot.ts). */
	readonly terminal: xterm.Terminal;
	/** Types raw input, as a keyboard would send it. */
	readonly type: (data: string) => void;
	readonly resize: (columns: number, rows: number) => void;
	readonly exited: Promise<number>;
	readonly kill: (signal?: string) => void;
	/** The terminal goes away, as when an ssh connection drops: its side of the pty is closed. */
	readonly hangUp: () => void;
	/** The program's process id. */
	readonly pid: number;
};

/** Runs `node ARGS` from the project root in a pseudo-terminal of the given size. */
export function startTerminal(
	args: readonly string[],
	options: {readonly columns: number; readonly rows: number; readonly env?: NodeJS.ProcessEnv},
): TerminalSession {
	const terminal = new xterm.Terminal({
		cols: options.columns,
		rows: options.rows,
		allowProposedApi: true,
	});
	const child = pty.spawn(process.execPath, [...args], {
		cols: options.columns,
		rows: options.rows,
		cwd: root,
		env: (options.env ?? cliEnvironment()) as Record<string, string>,
		name: 'xterm-256color',
	});
	let pending = Promise.resolve();
	let raw = '';
	let title = '';
	terminal.onTitleChange((value) => {
		title = value;
	});
	child.onData((data) => {
		raw += data;
		pending = pending.then(() => new Promise<void>((resolve) => terminal.write(data, resolve)));
	});
	const exited = new Promise<number>((resolve) => {
		child.onExit(({exitCode}) => {
			// Let the terminal take in the last output before anyone reads the screen.
			void pending.then(() => resolve(exitCode));
		});
	});
	return {
		...readScreen(terminal),
		raw: () => raw,
		title: () => title,
		cursorVisible: () => raw.lastIndexOf('\u001B[?25h') >= raw.lastIndexOf('\u001B[?25l'),
		terminal,

		type: (data) => child.write(data),
		resize(columns, rows) {
			child.resize(columns, rows);
			terminal.resize(columns, rows);
		},
		exited,
		kill: (signal) => child.kill(signal),
		// node-pty has it, its types do not: the master side closed, then SIGHUP, as a terminal gone.
		hangUp: () => (child as unknown as {destroy(): void}).destroy(),
		pid: child.pid,
	};
}

/** A screen and a keyboard: a program in a pseudo-terminal, or the app run in this process. */
export type KeyedScreen = ScreenReader & {readonly type: (data: string) => void};

/** From the accounts screen into the first account's sessions across all its pools. */
export async function openFirstAccountSessions(session: KeyedScreen, count: number): Promise<void> {
	await session.waitForScreen('❯ ');
	session.type('\r');
	await session.waitForScreen('❯ All pools');
	session.type('\r');
	await session.waitForScreen(`0 selected · ${count} sessions`);
}

/**
 * The built program in a pseudo-terminal (120×30 unless told), talking to a simulator of one
 * account started with these options; both end with the test.
 */
export async function appOnSimulator(
	t: {after: (fn: () => Promise<void> | void) => void},
	options: SimulatorOptions,
	args: readonly string[] = [],
	size: {readonly columns: number; readonly rows: number} = {columns: 120, rows: 30},
	env: Record<string, string> = {},
) {
	const sim = await startSimulator({accounts: 1, ...options});
	const session = startTerminal(['dist/cli.js', ...args], {
		...size,
		env: cliEnvironment({...simulatorEnvironment(sim), ...env}),
	});
	t.after(async () => {
		session.kill();
		await sim.close();
	});
	const accountId = sim.accounts()[0]?.id ?? '';
	return {sim, session, accountId};
}

/** Selects every one of `count` sessions on screen and confirms their close. */
export async function closeAllOnScreen(session: KeyedScreen, count: number): Promise<void> {
	session.type('a');
	await session.waitForScreen(`${count} selected`);
	session.type('x');
	await session.waitForScreen(`Close ${count} sessions`);
	session.type('y');
}
