import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {hideSecrets, sanitize, terminalSafeJson} from '../../source/format/sanitize.js';
import {formatTable} from '../../source/format/table.js';
import {textWidth} from '../../source/format/width.js';
import {hostileText} from '../../source/simulator/hostile.js';
import {fitCell, formatRow} from '../../source/ui/table-layout.js';
import {rawControl} from '../helpers/raw-controls.js';

const raw = rawControl;

test('controls, C1 and bidi characters become visible escapes; printable text is untouched', () => {
	assert.equal(sanitize('Tradeshow Demo'), 'Tradeshow Demo');
	assert.equal(sanitize('研修 🖥️ Lab é'), '研修 🖥️ Lab é');
	assert.equal(sanitize(`a${hostileText.title}b`), 'a\\x1b]0;PWNED\\x07b');
	assert.equal(sanitize(hostileText.clipboard), '\\x1b]52;c;cHduZWQ=\\x07');
	assert.equal(sanitize(hostileText.clear), '\\x1b[2J');
	assert.equal(sanitize('x\ry\nz\tw'), 'x\\ry\\nz\\tw');
	assert.equal(sanitize(hostileText.rightToLeft), '\\u202egnp.exe');
	assert.equal(sanitize(hostileText.c1), '\\x9b2J\\u200b');
	assert.equal(
		sanitize('\u0000\u007F\u2066\u2069\uFEFF\u2028'),
		'\\x00\\x7f\\u2066\\u2069\\ufeff\\u2028',
	);
	// Node's own stripper leaves what matters here: the carriage return, BEL and the override.
	assert.match(stripVTControlCharacters(`${hostileText.overwrite}\u0007\u202E`), raw);
	for (const text of Object.values(hostileText)) {
		assert.doesNotMatch(sanitize(text), raw, JSON.stringify(text));
		assert.doesNotMatch(sanitize(text, {cell: true}), raw, JSON.stringify(text));
	}
});

test('in a table cell tab and newline become spaces, and the cell stays one line', () => {
	assert.equal(sanitize('a\tb\nc\rd', {cell: true}), 'a b c\\rd');
	assert.equal(fitCell('one\ntwo', 8), 'one two ');
	assert.equal(fitCell(`x${hostileText.title}`, 40).trimEnd(), 'x\\x1b]0;PWNED\\x07');
});

test('JSON keeps every string exact, with no raw control or format character in its text', () => {
	const value = {names: Object.values(hostileText), plain: 'Air 8GB'};
	const json = terminalSafeJson(value, 2);
	assert.doesNotMatch(json, raw);
	assert.deepEqual(JSON.parse(json), value);
});

test('a known secret never shows, in text or in JSON', (t) => {
	t.after(() => hideSecrets([]));
	hideSecrets(['sup3r-secret"\\value']);
	assert.equal(sanitize('unexpected argument "sup3r-secret"\\value"'), 'unexpected argument "***"');
	assert.equal(terminalSafeJson({echo: 'x sup3r-secret"\\value y'}), '{"echo":"x *** y"}');
	hideSecrets(['abc']);
	assert.equal(sanitize('abc'), 'abc', 'too short to be a real secret, so not redacted');
});

test('columns line up with wide, emoji and combining characters, headless and on screen', () => {
	const rows = [
		{name: '研修ラボ', id: 'a'},
		{name: 'Lab 🖥️', id: 'b'},
		{name: 'Cafe\u0301', id: 'c'},
		{name: 'plain', id: 'd'},
	];
	const lines = formatTable(
		[
			{header: 'name', value: (row: {name: string}) => row.name},
			{header: 'id', value: (row: {id: string}) => row.id},
		],
		rows,
	);
	const idColumn = lines.map((line) => textWidth(line.slice(0, line.lastIndexOf(' ') + 1)));
	assert.equal(new Set(idColumn).size, 1, lines.join('\n'));
	const onScreen = rows.map((row) =>
		formatRow(
			[row.name, row.id],
			[10, 2],
			[
				{header: '', min: 10},
				{header: '', min: 2},
			],
		),
	);
	assert.deepEqual(
		onScreen.map((line) => textWidth(line)),
		[13, 13, 13, 13],
	);
});

// A million rows are in the benchmark (bench/scale.ts); 200,000 is past where a spread of
// arguments or a recursion over the rows would overflow the stack.
test('a table of 200,000 rows is built without a stack overflow', () => {
	const rows = Array.from({length: 200_000}, (_, index) => index);
	const lines = formatTable(
		[
			{header: 'n', value: (row: number) => String(row), align: 'right'},
			{header: 'label', value: () => 'x'},
		],
		rows,
	);
	assert.equal(lines.length, 200_001);
	assert.equal(lines.at(-1), '199999  x');
	assert.equal(lines[1], '     0  x');
});
