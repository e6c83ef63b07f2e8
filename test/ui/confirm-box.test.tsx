import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {ConfirmBox} from '../../source/ui/components/dialog.js';
import {render} from '../helpers/ink.js';

test('the close confirmation wraps at word ends: no line starts with the space it broke at', () => {
	// At 60 columns the box has 56 cells inside; the first 56 characters end a word ("of").
	const question = 'Close 120 sessions of 120 users in 2 production pools of Tradeshow Demo?';
	const view = render(
		<ConfirmBox
			width={60}
			request={{
				lines: [question, 'Air 8GB (production) 64'],
				yes: 'close them',
				no: 'keep them',
				place: 'box',
				onAnswer: () => undefined,
			}}
		/>,
	);
	const lines = stripVTControlCharacters(view.lastFrame() ?? '').split('\n');
	view.unmount();
	assert.deepEqual(lines.slice(1, 3), [
		'║ Close 120 sessions of 120 users in 2 production pools of ║',
		`║ Tradeshow Demo?${' '.repeat(42)}║`,
	]);
	// The last line says which key answers what, in the key map's words.
	assert.match(lines.at(-2) ?? '', /^║ y close them · N \(Enter, Esc\) keep them +║$/);
	for (const line of lines.slice(1, -1)) {
		assert.doesNotMatch(line, /^║ {2}\S/, line);
		assert.equal(line.length, 60, line);
	}
});
