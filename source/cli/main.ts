/** The process around `runCli`: real streams, the environment, signals, the last-resort handlers. */
import process from 'node:process';
import {describeError, exitCodes, signalExitCode} from '../errors.js';
import {sanitize} from '../format/sanitize.js';
import {restoreTerminal} from '../ui/terminal.js';
import {runCli} from './run.js';

// A bug must still end in one line and a documented code, never a stack trace.
const fail = (error: unknown) => {
	restoreTerminal();
	process.stderr.write(`frame-tui: ${sanitize(describeError(error).line)}\n`);
	process.exit(exitCodes.failed);
};

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

/** Write errors of a reader that went away (a pipe), or of a stream already failed. */
const readerGone: ReadonlySet<string | undefined> = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
/** Errors of a terminal that is gone (an ssh connection dropped, a tmux session killed). */
const terminalGone: ReadonlySet<string | undefined> = new Set(['EIO', 'ENXIO', 'ENOTTY']);
let hungUp = false;

/**
 * A reader that goes away (`frame-tui sessions | head`) ends the output, not the command: a close
 * under way still finishes and is audited, and nothing is said about the broken pipe. A terminal
 * that goes away is a hang-up: the run is stopped as by SIGHUP (once, however many writes fail;
 * the stop handlers take the kernel's own SIGHUP for the same one), and the rest goes unsaid.
 */
const onStreamError = (stream: {readonly isTTY?: boolean}) => (error: NodeJS.ErrnoException) => {
	// A terminal has no reader to go away: a broken pipe on one is the terminal gone too.
	if (terminalGone.has(error.code) || (error.code === 'EPIPE' && stream.isTTY === true)) {
		if (!hungUp) {
			hungUp = true;
			process.emit('SIGHUP', 'SIGHUP');
		}

		return;
	}

	if (!readerGone.has(error.code) && !hungUp) {
		fail(error);
	}
};
for (const stream of [process.stdout, process.stderr, process.stdin]) {
	stream.on('error', onStreamError(stream));
}

process.exitCode = await runCli(process.argv.slice(2), {
	io: {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin},
	env: process.env,
	importMeta: import.meta,
	onStop(listener) {
		const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
		const handler = (signal: (typeof signals)[number]) => {
			if (listener(signal) === 'exit') {
				process.exit(signalExitCode(signal));
			}
		};

		for (const signal of signals) {
			process.on(signal, handler);
		}

		return () => {
			for (const signal of signals) {
				process.off(signal, handler);
			}
		};
	},
});
