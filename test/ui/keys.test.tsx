import assert from 'node:assert/strict';
import {test} from 'node:test';
import {KeyInput} from '../../source/ui/keys/key-input.js';
import {type Action, actionFor, type KeyPress} from '../../source/ui/keys/keymap.js';
import {waitFor} from '../helpers/cli.js';
import {render} from '../helpers/ink.js';

/** Types raw terminal input into Ink and collects the actions the app would get, in order. */
function keyboard(t: {after: (fn: () => void) => void}) {
	const presses: KeyPress[] = [];
	const view = render(<KeyInput onKey={(key) => presses.push(key)} />);
	t.after(() => view.unmount());
	/** The presses typing `sequence` makes, each as its action, or as its name or text when it has none. */
	return async (sequence: string, count = 1): Promise<Array<Action | string>> => {
		const before = presses.length;
		view.stdin.write(sequence);
		await waitFor(
			() => presses.length >= before + count,
			`${count} presses from ${JSON.stringify(sequence)}`,
		);
		return presses.slice(before).map((key) => actionFor(key) ?? key.name ?? key.text);
	};
}

test('Backspace goes back and Delete closes', async (t) => {
	const type = keyboard(t);
	assert.deepEqual(await type('\u007F'), ['back']);
	assert.deepEqual(await type('\u001B[3~'), ['close']);
	assert.deepEqual(await type('x'), ['close']);
});

test('the key map covers arrows, vi keys, paging and the letters of the sessions view', async (t) => {
	const type = keyboard(t);
	const cases: Array<[string, Action]> = [
		['\u001B[A', 'up'],
		['\u001BOA', 'up'],
		['k', 'up'],
		['\u001B[B', 'down'],
		['j', 'down'],
		['\u001B[5~', 'pageUp'],
		['\u001B[6~', 'pageDown'],
		['\u001B[H', 'home'],
		['\u001B[1~', 'home'],
		['g', 'home'],
		['\u001B[F', 'end'],
		['\u001B[4~', 'end'],
		['G', 'end'],
		['\r', 'open'],
		['\u001B[C', 'open'],
		['\u001B[D', 'back'],
		[' ', 'toggle'],
		['v', 'range'],
		['a', 'all'],
		['p', 'production'],
		['/', 'filter'],
		['s', 'sort'],
		['r', 'refresh'],
		['y', 'yes'],
		['n', 'no'],
		['?', 'help'],
		['q', 'quit'],
		['\u0003', 'interrupt'],
	];
	for (const [sequence, action] of cases) {
		assert.deepEqual(await type(sequence), [action], JSON.stringify(sequence));
	}
});

test('a lone Esc is back', async (t) => {
	const type = keyboard(t);
	assert.deepEqual(await type('\u001B'), ['back']);
});

test('an Esc followed at once by a key in one write is two keys, Esc first', async (t) => {
	const type = keyboard(t);
	assert.deepEqual(await type('\u001B\u001B[B', 2), ['back', 'down']);
	assert.deepEqual(await type('\u001B\u001B[6~', 2), ['back', 'pageDown']);
});

test('Alt with Backspace, Delete or Enter is not those keys, nor Esc', async (t) => {
	const type = keyboard(t);
	for (const sequence of ['\u001B\u007F', '\u001B\u001B[3~', '\u001B\r']) {
		// Each is followed by a plain j, which must be the only press.
		assert.deepEqual(
			await type(sequence, 0).then(() => type('j')),
			['down'],
			JSON.stringify(sequence),
		);
	}
});

test('keys that arrive in one read are each a press, in order, Enter included', async (t) => {
	const type = keyboard(t);
	assert.deepEqual(await type('jj', 2), ['down', 'down']);
	assert.deepEqual(await type('  ', 2), ['toggle', 'toggle']);
	// In the filter these are text; outside it, s and r would sort and refresh.
	assert.deepEqual(await type('/user3\r', 7), [
		'filter',
		'u',
		'sort',
		'export',
		'refresh',
		'3',
		'open',
	]);
	assert.deepEqual(await type('\u001B[B\u001B[B', 2), ['down', 'down']);
});

test('a long paste is every key of it, in order, and nothing else happens', async (t) => {
	const type = keyboard(t);
	const paste = 'j'.repeat(200);
	const presses = await type(paste, 200);
	assert.equal(presses.length, 200);
	assert.ok(presses.every((press) => press === 'down'));
});

test('Ctrl and Alt with a letter are not the letter', async (t) => {
	const type = keyboard(t);
	for (const sequence of ['\u0018', '\u0001', '\u0010', '\u0012', '\u0011', '\u001Bx', '\u001Ba']) {
		// Each is followed by a plain j, which must be the only press.
		assert.deepEqual(
			await type(`${sequence}`, 0).then(() => type('j')),
			['down'],
			JSON.stringify(sequence),
		);
	}
});
