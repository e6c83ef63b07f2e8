import assert from 'node:assert/strict';
import {test} from 'node:test';
import {actionFor, parseKey} from '../../source/ui/keymap.js';

test('Backspace goes back and Delete closes, though Ink names both "delete"', () => {
	assert.equal(actionFor(parseKey('\u007F')), 'back');
	assert.equal(actionFor(parseKey('\b')), 'back');
	assert.equal(actionFor(parseKey('\u001B[3~')), 'close');
	assert.equal(actionFor(parseKey('x')), 'close');
});

test('the key map covers arrows, vi keys, paging and the letters of the sessions view', () => {
	const cases: Array<[string, string | undefined]> = [
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
		['\u001B', 'back'],
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
		['\u001B[15~', undefined],
		['z', undefined],
	];
	for (const [sequence, action] of cases) {
		assert.equal(actionFor(parseKey(sequence)), action, JSON.stringify(sequence));
	}
});
