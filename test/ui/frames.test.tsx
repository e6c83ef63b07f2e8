import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {ReactNode} from 'react';

// Colours on, as in a terminal: the frames then hold the escape codes Ink draws, and the test
// sees them. Set before Ink and its chalk are loaded.
process.env.FORCE_COLOR = '1';
const {Box, Text} = await import('ink');
const {render} = await import('../helpers/ink.js');

// Ink is patched (patches/ink+8.0.0.patch, patches/@alcalzone+ansi-tokenize+0.3.2.patch) to keep
// what a frame measured and tokenized for the next frame, and a row's text when its cells are
// the same. Whatever it keeps, a frame must not depend on the frames before it: one screen draws
// a run of changes, as an operator makes them; another draws each of its states right after a
// screen of other rows, from which nothing can be kept. Their frames must be the same.

type Row = {
	readonly text: string;
	readonly color?: 'green' | 'yellow' | 'cyan';
	readonly inverse?: boolean;
	readonly bold?: boolean;
	readonly label?: string;
};

function Screen(props: {readonly rows: readonly Row[]}): ReactNode {
	return (
		<Box flexDirection="column" width={40}>
			{props.rows.map((row, index) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: rows are positions here
				<Text key={index} color={row.color} inverse={row.inverse} bold={row.bold} wrap="truncate">
					{row.text}
					{row.label ? <Text color="magenta">{row.label}</Text> : null}
				</Text>
			))}
		</Box>
	);
}

test('a frame is the same whatever was drawn before it, wide characters, marks and colours included', () => {
	let seed = 17;
	const next = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};
	const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
	// Parts of rows: ASCII, CJK (two cells), a mark that joins the letter before it, emoji, a
	// zero-width joiner, tabs.
	const parts = [
		'ann',
		' ',
		'Pool ',
		'日本',
		'e\u0301',
		'👍🏽',
		'🇫🇷',
		'a\u200db',
		'\t',
		'(production)',
		'x',
	];
	const randomRow = (): Row => ({
		text: Array.from({length: 1 + Math.floor(next() * 8)}, () => pick(parts)).join(''),
		...(next() < 0.4 ? {color: pick(['green', 'yellow', 'cyan'] as const)} : {}),
		...(next() < 0.2 ? {inverse: true} : {}),
		...(next() < 0.2 ? {bold: true} : {}),
		...(next() < 0.3 ? {label: pick([' (test)', ' 日本', ''])} : {}),
	});
	let rows: readonly Row[] = Array.from({length: 12}, randomRow);
	const earlier: Array<readonly Row[]> = [];
	const screen = render(<Screen rows={rows} />);
	const reference = render(<Screen rows={[]} />);
	const elsewhere = Array.from({length: 12}, (_, index) => ({text: `other ${index} 日本 e\u0301`}));
	const drawnAlone = (shown: readonly Row[]) => {
		reference.rerender(<Screen rows={elsewhere} />);
		reference.rerender(<Screen rows={shown} />);
		return reference.lastFrame() ?? '';
	};
	let coloured = 0;
	for (let step = 0; step < 60; step++) {
		const change = next();
		if (change < 0.5) {
			// One or two rows change, as the cursor moving.
			rows = rows.map((row) => (next() < 0.15 ? randomRow() : row));
		} else if (change < 0.7) {
			// Every row's style changes, as `a` selecting them all.
			rows = rows.map((row) => ({...row, color: row.color ? undefined : 'yellow'}));
		} else if (change < 0.85 && earlier.length > 0) {
			// Back to a screen drawn some frames ago.
			rows = pick(earlier);
		} else {
			// Rows move up by one, as the window scrolling.
			rows = [...rows.slice(1), randomRow()];
		}

		earlier.push(rows);
		screen.rerender(<Screen rows={rows} />);
		const frame = screen.lastFrame() ?? '';
		coloured += frame.includes('\u001B[3') ? 1 : 0;
		assert.equal(frame, drawnAlone(rows), `step ${step}`);
	}

	screen.unmount();
	reference.unmount();
	assert.ok(coloured > 35, 'the frames were drawn in colour');
});
