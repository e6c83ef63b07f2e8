import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'csv-parse/sync';
import {csvDocument, csvField} from '../../source/format/csv.js';

test('a CSV document reads back, by an independent RFC 4180 reader, as the cells it was given', () => {
	const rows = [
		['plain', 'with, comma', 'with "quotes"'],
		['line\nbreak', 'carriage\r\nreturn', 'Zoë 日本 👍'],
		['', ' spaced ', '\u001B]0;title\u0007'],
	];
	const text = csvDocument(['a', 'b', 'c'], rows);
	assert.ok(text.endsWith('\r\n'));
	assert.deepEqual(parse(text, {relax_column_count: false}), [['a', 'b', 'c'], ...rows]);
	assert.deepEqual(parse(csvDocument(undefined, rows)), rows, 'without the header record');
});

test('a cell a spreadsheet would read as a formula is defused with an apostrophe, and only such a cell', () => {
	for (const value of [
		'=1+1',
		'+1',
		'-2+3',
		'@SUM(A1)',
		'\tx',
		'\rx',
		'=HYPERLINK("http://x","y")',
	]) {
		const records = parse(csvDocument(undefined, [[value]])) as string[][];
		assert.deepEqual(records, [[`'${value}`]], JSON.stringify(value));
	}

	for (const value of ['a=b', 'ann-lee', '1-2', "'quoted"]) {
		assert.equal(csvField(value), value);
	}
});
