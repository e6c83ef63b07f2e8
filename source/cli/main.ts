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

// A reader that goes away (`frame-tui sessions | head`) ends the output, not the command: a close
// under way still finishes and is audited, and nothing is said about the broken pipe.
const quietWhenPipeCloses = (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') {
		fail(error);
	}
};
process.stdout.on('error', quietWhenPipeCloses);
process.stderr.on('error', quietWhenPipeCloses);

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
	stopRequested: () =>
		new Promise((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		}),
});
