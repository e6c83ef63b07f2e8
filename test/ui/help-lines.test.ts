import assert from 'node:assert/strict';
import {test} from 'node:test';
import {helpLines} from '../../source/ui/components/help-overlay.js';
import {moveActions, type ScreenAction} from '../../source/ui/keys/actions.js';

const nothing = () => undefined;
const help: ScreenAction = {action: 'help', does: 'help', run: nothing};
const quit: ScreenAction = {action: 'quit', does: 'quit', run: nothing};
const interrupt: ScreenAction = {action: 'interrupt', does: 'quit', footer: false, run: nothing};
const appActions = [help, quit, interrupt];
const text = (actions: readonly ScreenAction[]) =>
	helpLines(actions, appActions)
		.map((line) => line.text.trim().replace(/ +/g, ' '))
		.join('\n');

test("the help lists a screen's keys, then the app's; each thing done once, with all its keys", () => {
	const list = [
		...moveActions(nothing),
		{action: 'details', label: 'd/Enter', does: 'details', run: nothing},
		{action: 'open', does: 'details', footer: false, run: nothing},
		...appActions,
	] satisfies ScreenAction[];
	assert.equal(
		text(list),
		[
			'This screen',
			'↑↓ j/k move',
			'PgUp/PgDn page',
			'Home/End g/G first / last',
			'd/Enter details',
			'Everywhere',
			'? help',
			'q/Ctrl-C quit',
		].join('\n'),
	);
});

test('during a close the help says what q and Ctrl-C do there: ask to quit, stop', () => {
	const running = [
		...moveActions(nothing, 'scroll'),
		{action: 'back', label: 'Esc/Ctrl-C', does: 'stop', run: nothing},
		{action: 'interrupt', does: 'stop', footer: false, run: nothing},
		help,
		{action: 'quit', does: 'quit (asks first)', run: nothing},
	] satisfies ScreenAction[];
	const lines = text(running);
	assert.match(lines, /^Esc\/Ctrl-C stop$/m);
	assert.match(lines, /^q quit \(asks first\)$/m);
	assert.match(lines, /Everywhere\n\? help$/, 'q and Ctrl-C are not said to quit at once');
});

test('read-only takes a closing action out of the help, as out of the footer', () => {
	const lines = text([
		{action: 'close', does: 'close', footer: false, run: nothing},
		...appActions,
	]);
	assert.doesNotMatch(lines, /close/);
});

test("an action's guide (the filter's syntax) is a section of its own, left out when asked", () => {
	const filter: ScreenAction = {
		action: 'filter',
		does: 'filter',
		help: ['user:ann*  pool:air', 'age>2h'],
		run: nothing,
	};
	const guided = text([filter, ...appActions]);
	assert.match(guided, /^Filter \(\/\)\nuser:ann\* pool:air\nage>2h\nEverywhere$/m);
	const bare = helpLines([filter, ...appActions], appActions, false).map((line) => line.text);
	assert.ok(!bare.some((line) => line.includes('age>2h')));
});
