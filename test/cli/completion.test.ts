import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseArguments} from '../../source/cli/arguments.js';
import {commandTable} from '../../source/cli/commands.js';
import {UsageError} from '../../source/errors.js';
import {runInProcess} from '../helpers/cli.js';

const commands = Object.keys(commandTable);

/** The flags a script offers where a flag is being typed after this command (`app`: none typed). */
function offered(shell: string, script: string, command: string): Set<string> {
	if (shell === 'fish') {
		const words = [
			...script.matchAll(/^complete -c frame-tui -n '([^']*)' -l (\S+)(?: -s (\S))?/gm),
		].filter(([, condition]) =>
			command === 'app'
				? condition?.startsWith('__fish_use_subcommand')
				: new RegExp(`__fish_seen_subcommand_from [^;]*\\b${command}\\b`).test(condition ?? ''),
		);
		return new Set(
			words.flatMap(([, , long, short]) => [`--${long}`, ...(short ? [`-${short}`] : [])]),
		);
	}

	const label = command === 'app' ? '\\*' : command;
	const line = new RegExp(`^ +${label}\\) offer="([^"]*)"`, 'm').exec(script);
	assert.ok(line, `${shell}: a line offering the flags of ${command}`);
	return new Set(line[1]?.split(' '));
}

/** Whether the parser takes this flag after this command (with a value when it needs one). */
function accepted(command: string, flag: string): boolean {
	const named = command === 'app' ? [] : [command];
	for (const argv of [
		[...named, flag],
		[...named, flag, '1'],
	]) {
		try {
			parseArguments(argv, import.meta);
			return true;
		} catch (error) {
			assert.ok(error instanceof UsageError, String(error));
			if (/unknown flag|only a yes\/no flag takes --no-| takes no -/.test(error.message)) {
				return false;
			}
		}
	}

	// Refused for its value or its arguments, not as a flag: the parser knows it.
	return true;
}

test('completion offers each command exactly the flags the parser takes there: --no- forms and short flags included', async () => {
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
		for (const command of commands) {
			const offers = offered(shell, script, command);
			for (const flag of offers) {
				candidates.add(flag);
			}

			// `--names` is for the scripts themselves, kept out of the help and of completion.
			const takes = [...candidates].filter(
				(flag) => !/^--(no-)?names$/.test(flag) && accepted(command, flag),
			);
			assert.deepEqual([...offers].sort(), takes.sort(), `${shell} ${command}`);
		}

		const close = offered(shell, script, 'close');
		for (const flag of ['--no-audit', '--no-read-only', '-y', '-h', '--no-dry-run']) {
			assert.ok(close.has(flag), `${shell} offers close ${flag}`);
		}

		assert.ok(
			!offered(shell, script, 'sessions').has('--dry-run'),
			`${shell}: sessions has no --dry-run`,
		);
	}
});
