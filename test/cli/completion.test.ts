import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseArguments} from '../../source/cli/arguments.js';
import {UsageError} from '../../source/errors.js';
import {runInProcess} from '../helpers/cli.js';

/** The flags a script offers where a flag is being typed. */
function offered(shell: string, script: string): Set<string> {
	if (shell === 'fish') {
		const words = [...script.matchAll(/^complete -c frame-tui -l (\S+)(?: -s (\S))?/gm)];
		return new Set(
			words.flatMap(([, long, short]) => [`--${long}`, ...(short ? [`-${short}`] : [])]),
		);
	}

	const line = script.split('\n').find((text) => /(compgen -W "|compadd -- )--/.test(text));
	assert.ok(line, `${shell}: a line offering the flags`);
	return new Set(line.match(/(?<=[\s"])--?[a-z][a-z-]*/g));
}

/** Whether the parser takes this flag (with a value when it needs one), rather than calling it unknown. */
function accepted(flag: string): boolean {
	for (const argv of [[flag], [flag, '1']]) {
		try {
			parseArguments(argv, import.meta);
			return true;
		} catch (error) {
			assert.ok(error instanceof UsageError, String(error));
			if (/unknown flag|only a yes\/no flag takes --no-/.test(error.message)) {
				return false;
			}
		}
	}

	// Refused for its value or its command, not as a flag: the parser knows it.
	return true;
}

test('completion offers exactly the flags the parser takes: --no- forms and short flags included', async () => {
	const help = (await runInProcess(['--help'])).stdout;
	const named = new Set(help.match(/(?<![\w-])--?[a-z][a-z-]*/g));
	// Candidates from outside the spec: what the help names, their --no- forms, every letter.
	const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((l) => `-${l}`);
	const candidates = new Set([
		...named,
		...[...named].filter((flag) => flag.startsWith('--')).map((flag) => `--no-${flag.slice(2)}`),
		...letters,
	]);
	for (const shell of ['bash', 'zsh', 'fish']) {
		const script = (await runInProcess(['completion', shell])).stdout;
		const offers = offered(shell, script);
		for (const flag of offers) {
			candidates.add(flag);
		}

		// `--names` is for the scripts themselves, kept out of the help and of completion.
		const takes = [...candidates].filter((flag) => !/^--(no-)?names$/.test(flag) && accepted(flag));
		assert.deepEqual([...offers].sort(), takes.sort(), shell);
		for (const flag of ['--no-audit', '--no-read-only', '-y', '-h', '--no-dry-run']) {
			assert.ok(offers.has(flag), `${shell} offers ${flag}`);
		}
	}
});
