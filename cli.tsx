#!/usr/bin/env node
import process from 'node:process';
import {runCli} from './source/cli/run.js';
import {describeError, exitCodes} from './source/errors.js';
import {restoreTerminal} from './source/ui/terminal.js';

// A bug must still end in one line and a documented code, never a stack trace.
process.on('uncaughtException', (error) => {
	restoreTerminal();
	process.stderr.write(`frame-tui: ${describeError(error).line}\n`);
	process.exit(exitCodes.failed);
});
process.on('unhandledRejection', (reason) => {
	restoreTerminal();
	process.stderr.write(`frame-tui: ${describeError(reason).line}\n`);
	process.exit(exitCodes.failed);
});

process.exitCode = await runCli(process.argv.slice(2), {
	io: {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin},
	env: process.env,
	importMeta: import.meta,
	onInterrupt(listener) {
		let interrupted = false;
		const handler = () => {
			if (interrupted) {
				process.exit(exitCodes.interrupted);
			}

			interrupted = true;
			listener();
		};

		process.on('SIGINT', handler);
		return () => process.off('SIGINT', handler);
	},
	stopRequested: () =>
		new Promise((resolve) => {
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		}),
});
