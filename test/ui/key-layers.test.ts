import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {KeyPress} from '../../source/ui/keys/keymap.js';
import {createKeyRegistry, type KeyLayer} from '../../source/ui/keys/screen-keys.js';

const down: KeyPress = {name: 'down', text: ''};

test('a key reaches the highest layer first, and within a layer the newest handler, whatever the order they came in', () => {
	const registry = createKeyRegistry();
	const heard: string[] = [];
	const listen = (name: string, layer: KeyLayer, uses = false) =>
		registry.add(() => {
			heard.push(name);
			return uses;
		}, layer);
	listen('screen, older', 'screen');
	listen('question, no to the rest', 'dialogRest');
	listen('notice', 'watch');
	const removeTyping = listen('filter text', 'typing');
	listen('question', 'dialog');
	listen('screen, newer', 'screen');

	assert.equal(registry.offer(down, 'down'), false);
	assert.deepEqual(heard, [
		'notice',
		'question',
		'question, no to the rest',
		'filter text',
		'screen, newer',
		'screen, older',
	]);

	heard.length = 0;
	removeTyping();
	listen('question, newer, uses it', 'dialog', true);
	assert.equal(registry.offer(down, 'down'), true);
	assert.deepEqual(heard, ['notice', 'question, newer, uses it'], 'a key used goes no further');
});
