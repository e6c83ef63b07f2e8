import {type ExecFileException, execFile} from 'node:child_process';
import {basename} from 'node:path';
import {UsageError} from '../errors.js';

/** How long a `secret_command` may take: long enough for a keychain prompt, not forever. */
export const secretCommandTimeoutMs = 10_000;

/** After SIGTERM at the timeout, how long a command has before SIGKILL: one that ignores SIGTERM ends too. */
const killGraceMs = 1000;

/** Why a secret command failed, in words that carry none of its output. */
function failure(error: ExecFileException): string {
	if (error.code === 'ENOENT') {
		return 'was not found';
	}

	if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
		return 'printed too much';
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
		let settled = false;
		const settle = (outcome: () => void) => {
			if (!settled) {
				settled = true;
				clearTimeout(deadline);
				outcome();
			}
		};

		const child = execFile(
			program,
			args,
			{
				shell: false,
				maxBuffer: 64 * 1024,
				encoding: 'utf8',
				windowsHide: true,
			},
			(error, stdout) => {
				settle(() => {
					const secret = stdout.trim();
					if (error) {
						reject(fail(failure(error)));
					} else if (secret === '') {
						reject(fail('printed nothing'));
					} else {
						resolve(secret);
					}
				});
			},
		);
		// Our own deadline rather than execFile's: that one waits for the command to exit, and
		// one that ignores SIGTERM (or a child of it holding stdout) would keep frame-tui waiting.
		const deadline = setTimeout(() => {
			settle(() => reject(fail(`did not finish within ${timeoutMs / 1000} s`)));
			child.stdout?.destroy();
			child.stderr?.destroy();
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), killGraceMs).unref();
		}, timeoutMs);
		// Nothing to read from us; a prompt for a passphrase cannot take over the terminal.
		child.stdin?.end();
	});
}
