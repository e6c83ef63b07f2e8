import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {
	type ColumnSpec,
	fitCell,
	fitColumns,
	fitLabelled,
	formatRow,
} from '../../source/ui/table-layout.js';
import {palette} from '../../source/ui/theme.js';

const columns: readonly ColumnSpec[] = [
	{header: '', min: 4, max: 4},
	{header: 'User', min: 10, weight: 3, max: 40},
	{header: 'Pool', min: 10, weight: 3, max: 36},
	{header: 'State', min: 8, max: 8},
	{header: 'Id', min: 12, weight: 2, max: 34},
];

test('columns fill the width exactly, from the narrowest terminal to a wide one', () => {
	for (const width of [60, 80, 100, 137, 200]) {
		const widths = fitColumns(columns, width);
		const used = widths.reduce((a, b) => a + b, 0) + widths.length - 1;
		const maxTotal = 4 + 40 + 36 + 8 + 34 + 4;
		assert.equal(used, Math.min(width, maxTotal), `width ${width}: ${widths.join(',')}`);
		widths.forEach((value, index) => {
			assert.ok(value >= (columns[index]?.min ?? 0) && value <= (columns[index]?.max ?? Infinity));
		});
	}
});

test('too narrow: columns shrink, widest first, never below one cell', () => {
	const widths = fitColumns(columns, 30);
	assert.equal(widths.reduce((a, b) => a + b, 0) + 4, 30);
	assert.ok(widths.every((value) => value >= 1));
});

test('cells truncate with an ellipsis and pad to their width, wide characters included', () => {
	assert.equal(fitCell('ana.garcia@example.com', 10), 'ana.garci…');
	assert.equal(fitCell('abc', 1), '…');
	assert.equal(fitCell('abc', 0), '');
	assert.equal(fitCell('ümlaut-user@example.com', 8), 'ümlaut-…');

	assert.equal(fitCell('ok', 5), 'ok   ');
	assert.equal(fitCell('42', 5, 'right'), '   42');
	assert.equal(stringWidth(fitCell('東京の会議室セッション', 9)), 9);
	assert.equal(fitCell('two\nlines', 9), 'two lines');
	const row = formatRow(
		[
			'[x]',
			'someone.with.a.long.name@example.com',
			'Air 8GB (production)',
			'open',
			'gateway-prod.ABCDEFGHIJKLMNOP',
		],
		fitColumns(columns, 80),
		columns,
	);
	assert.equal(stringWidth(row), 80);
});

test('columns with a rank give way, the lowest first, only when the minimums do not fit', () => {
	const ranked: readonly ColumnSpec[] = [
		{header: 'a', min: 10},
		{header: 'b', min: 10, giveWay: 2},
		{header: 'c', min: 10, giveWay: 1},
	];
	assert.deepEqual(fitColumns(ranked, 32), [10, 10, 10]);
	assert.deepEqual(fitColumns(ranked, 31), [10, 10, 0]);
	assert.deepEqual(fitColumns(ranked, 20), [10, 0, 0]);
	assert.equal(
		formatRow(['A', 'B', 'C'], fitColumns(ranked, 25), ranked),
		`A${' '.repeat(10)}B${' '.repeat(9)}`,
	);
});

test('a labelled cell cuts its text, never its label', () => {
	assert.deepEqual(fitLabelled('Air 8GB', '(production)', 20), {
		text: 'Air 8GB ',
		label: '(production)',
		fill: '',
	});
	assert.deepEqual(fitLabelled('Pro 16GB GPU', '(production)', 17), {
		text: 'Pro… ',
		label: '(production)',
		fill: '',
	});
	assert.deepEqual(fitLabelled('Air 8GB', '(production)', 15), {
		text: 'A… ',
		label: '(production)',
		fill: '',
	});
	const wide = fitLabelled('Air 8GB', '(test)', 20);
	assert.equal(`${wide.text}${wide.label}${wide.fill}`, `Air 8GB (test)${' '.repeat(6)}`);
});

test('production has a colour of its own, apart from every outcome colour (closed is green)', () => {
	const colours = palette(true);
	const others = Object.entries(colours).filter(([name]) => name !== 'production');
	assert.ok(colours.production);
	for (const [name, colour] of others) {
		assert.notEqual(colours.production, colour, `production and ${name}`);
	}
});
