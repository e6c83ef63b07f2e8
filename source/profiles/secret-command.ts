import {type ExecFileException, execFile} from 'node:child_process';
import {basename} from 'node:path';
import {UsageError} from '../errors.js';

/** How long a `secret_command` may take: long enough for a keychain prompt, not forever. */
export const secretCommandTimeoutMs = 10_000;

/** Why a secret command failed, in words that carry none of its output. */
function failure(error: ExecFileException, timeoutMs: number): string {
	if (error.code === 'ENOENT') {
		return 'was not found';
	}

	if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
		return 'printed too much';
	}

	if (error.killed && error.signal === 'SIGTERM') {
		return `did not finish within ${timeoutMs / 1000} s`;
	}

	if (typeof error.code === 'number') {
		return `exited with status ${error.code}`;
	}

	return error.signal ? `was ended by ${error.signal}` : `could not run (${error.code ?? 'error'})`;
}

/**
 * Runs a profile's `secret_command` (an argv, no shell) and returns its stdout, trimmed. Its
 * output is never shown: stdout is the secret, and stderr may echo it, so both stay here; a
 * failure names only the program and how it ended.
 */
export function runSecretCommand(
	profile: string,
	argv: readonly string[],
	timeoutMs = secretCommandTimeoutMs,
): Promise<string> {
	const [program = '', ...args] = argv;
	const fail = (why: string) =>
		new UsageError(`secret_command of profile "${profile}" (${basename(program)}) ${why}`);
	return new Promise((resolve, reject) => {
		const child = execFile(
			program,
			args,
			{
				shell: false,
				timeout: timeoutMs,
				killSignal: 'SIGTERM',
				maxBuffer: 64 * 1024,
				encoding: 'utf8',
				windowsHide: true,
			},
			(error, stdout) => {
				if (error) {
					reject(fail(failure(error, timeoutMs)));
					return;
				}

				const secret = stdout.trim();
				if (secret === '') {
					reject(fail('printed nothing'));
				} else {
					resolve(secret);
				}
			},
		);
		// Nothing to read from us; a prompt for a passphrase cannot take over the terminal.
		child.stdin?.end();
	});
}
