import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {runCli as runInProcessCli} from '../../source/cli/run.js';
import type {StopSignal} from '../../source/commands/context.js';
import {signalExitCode} from '../../source/errors.js';
import type {Simulator} from '../../source/simulator/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What a finished CLI run left behind. */
export type CliRun = {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
};

/** Demo mode with closes as quick as reads, for tests (see FRAME_TUI_DEMO_DELETE_MS). */
export const quickDemo = {FRAME_TUI_DEMO_DELETE_MS: '0'} as const;

/**
 * An audit log of this test process's own, so no test writes to the operator's state folder; a
 * test that reads the log points FRAME_TUI_AUDIT_LOG at a folder of its own instead.
 */
export const testAuditLog = join(mkdtempSync(join(tmpdir(), 'frame-tui-test-')), 'audit.jsonl');
process.once('exit', () => rmSync(join(testAuditLog, '..'), {recursive: true, force: true}));

/**
 * The environment a CLI run sees: this process's, minus any real Frame settings, plus `extra`.
 * Demo mode closes without its watchable 300 to 600 ms a close, which only slows tests down.
 */
export function cliEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, ...quickDemo};
	delete env.NO_COLOR;

	for (const name of ['FRAME_CLIENT_ID', 'FRAME_CLIENT_SECRET', 'FRAME_API_URL']) {
		delete env[name];
	}

	return {...env, FRAME_TUI_AUDIT_LOG: testAuditLog, ...extra};
}

/** The variables that point the CLI at a simulator. */
export function simulatorEnvironment(
	sim: Simulator,
	secret = sim.clientSecret,
): Record<string, string> {
	return {FRAME_API_URL: sim.url, FRAME_CLIENT_ID: sim.clientId, FRAME_CLIENT_SECRET: secret};
}

/** The built program, which `npm test` builds before it runs the tests. */
const built = join(root, 'dist', 'cli.js');

/**
 * Starts the built program, `node dist/cli.js ARGS`, as an operator's shell or a script would,
 * with stdin a pipe (so not a terminal). The bundle, not the source through tsx: the same code
 * in a process, started in a third of the CPU.
 */
export function startCli(
	args: readonly string[],
	env: NodeJS.ProcessEnv,
): ChildProcessWithoutNullStreams & {
	readonly output: {stdout: string; stderr: string};
	readonly exited: Promise<CliRun>;
} {
	if (!existsSync(built)) {
		throw new Error('dist/cli.js is missing: npm test builds it first (npm run build)');
	}

	const child = spawn(process.execPath, [built, ...args], {cwd: root, env});
	const output = {stdout: '', stderr: ''};
	child.stdout.on('data', (chunk: Buffer) => {
		output.stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output.stderr += chunk.toString();
	});
	const exited = new Promise<CliRun>((resolve) => {
		child.on('close', (code) => resolve({code, ...output}));
	});
	return Object.assign(child, {output, exited});
}

/** Runs `frame-tui ARGS` to the end with nothing on stdin. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
	const child = startCli(args, env);
	child.stdin.end();
	return child.exited;
}

/**
 * Resolves once `condition` holds, checking every few milliseconds; fails after `timeoutMs`,
 * saying what it waited for (a function is asked at that moment, to show the state then).
 */
export async function waitFor(
	condition: () => boolean,
	what: string | (() => string),
	timeoutMs = 20_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
		}

		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A stream that keeps what is written to it, as stdout or stderr of an in-process run. */
function capture(isTTY = false, columns?: number) {
	let text = '';
	return {
		isTTY,
		...(columns === undefined ? {} : {columns}),
		write(chunk: string, callback?: () => void) {
			text += chunk;
			callback?.();
			return true;
		},
		text: () => text,
	};
}

/**
 * Runs frame-tui in this process through `runCli`, with stdin not a terminal (stdout one only
 * when `terminal` says how wide), the given environment only (and a quick demo), and signals
 * never delivered: quicker than a process, for what a process does not change (parsing, output,
 * exit codes).
 */
export async function runInProcess(
	args: readonly string[],
	env: Record<string, string> = {},
	/** `terminal`: stdout is a terminal this many columns wide; `stdin`: what is piped in. */
	options: {readonly terminal?: number; readonly stdin?: string} = {},
): Promise<{readonly code: number; readonly stdout: string; readonly stderr: string}> {
	const run = startInProcessCli(args, env, options);
	const {code, stdout, stderr} = await run.exited;
	return {code: code ?? 1, stdout, stderr};
}

/**
 * `runInProcess` started, not awaited: what it has printed so far, and `kill(signal)`, which
 * delivers a stop signal through the `onStop` listeners the run registered, as cli/main.ts does
 * for a real one (no process signal is sent). A listener that answers 'exit', which would end
 * the process, ends the run there with the signal's code.
 */
export function startInProcessCli(
	args: readonly string[],
	env: Record<string, string> = {},
	options: {readonly terminal?: number; readonly stdin?: string} = {},
): {
	readonly output: {readonly stdout: string; readonly stderr: string};
	readonly kill: (signal: StopSignal) => void;
	readonly exited: Promise<CliRun>;
} {
	const stdout = capture(options.terminal !== undefined, options.terminal);
	const stderr = capture();
	const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as Readable & {
		isTTY?: boolean;
	};
	const stops = fakeStops();
	const finished = runInProcessCli(args, {
		io: {stdout, stderr, stdin},
		env: {...quickDemo, FRAME_TUI_AUDIT_LOG: testAuditLog, ...env},
		importMeta: import.meta,
		onStop: stops.onStop,
	});
	return {
		output: {
			get stdout() {
				return stdout.text();
			},
			get stderr() {
				return stderr.text();
			},
		},
		kill: (signal) => {
			stops.deliver(signal);
		},
		exited: Promise.race([finished, stops.exited]).then((code) => ({
			code,
			stdout: stdout.text(),
			stderr: stderr.text(),
		})),
	};
}

/**
 * Signals for a run in this process: `onStop` as cli/main.ts gives it to runCli, and `deliver`,
 * which hands a signal to its listeners as main.ts hands a real one (true when someone listened). A listener that answers 'exit' would end the process: `exited` resolves
 * then, with the signal's exit code.
 */
export function fakeStops() {
	const listeners = new Set<(signal: StopSignal) => 'exit' | undefined>();
	let exit: (code: number) => void = () => undefined;
	const exited = new Promise<number>((resolve) => {
		exit = resolve;
	});
	return {
		onStop(listener: (signal: StopSignal) => 'exit' | undefined) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		deliver(signal: StopSignal): boolean {
			for (const listener of [...listeners]) {
				if (listener(signal) === 'exit') {
					exit(signalExitCode(signal));
				}
			}

			return listeners.size > 0;
		},
		exited,
	};
}
