import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {idShortener, middleCut, wrapCells} from '../../source/format/shorten.js';
import {rawControl} from '../helpers/raw-controls.js';

/** Frame-like ids: one long shared start, then what tells them apart. */
const frameIds = [
	'gateway-prod.7f3a91c2AAAAAAAA',
	'gateway-prod.7f3a91c2BBBBBBBB',
	'gateway-prod.0c55e1d4AAAAAAAA',
	'gateway-prod.9b1e22f0CCCCCCCC',
];

test('middleCut keeps both ends of a text too wide, wide characters counted as two cells', () => {
	assert.equal(middleCut('gateway-prod.7f3a91c2', 9), 'gate…91c2');
	assert.equal(middleCut('short', 9), 'short');
	assert.equal(middleCut('東京の会議室セッション', 9), '東京…ョン');
	assert.ok(stringWidth(middleCut('東京の会議室セッション', 8)) <= 8);
	assert.equal(middleCut('abc', 1), '…');
});

test('ids that fit are shown whole', () => {
	const {shorten, widest} = idShortener(frameIds, 32);
	assert.equal(shorten(frameIds[0] ?? ''), frameIds[0]);
	assert.equal(widest, 29);
});

test('a long shared start is dropped before any of the rest is cut, and every id stays distinct', () => {
	const {shorten, widest} = idShortener(frameIds, 17);
	assert.deepEqual(frameIds.map(shorten), [
		'…7f3a91c2AAAAAAAA',
		'…7f3a91c2BBBBBBBB',
		'…0c55e1d4AAAAAAAA',
		'…9b1e22f0CCCCCCCC',
	]);
	assert.equal(widest, 17);
});

test('narrower still, the rest is cut in the middle where the ids still differ', () => {
	for (const width of [14, 10, 7, 5]) {
		const shown = frameIds.map(idShortener(frameIds, width).shorten);
		assert.equal(new Set(shown).size, frameIds.length, `width ${width}: ${shown.join(' ')}`);
		for (const text of shown) {
			assert.ok(text.startsWith('…'), text);
			assert.ok(stringWidth(text) <= width, `${text} in ${width}`);
		}
	}

	// Ids that differ only at their start after the shared part and share their ends.
	const sameEnds = [
		'gateway-prod.A-xxxxxxxxxxxxxxxxxxxxxxxx',
		'gateway-prod.B-xxxxxxxxxxxxxxxxxxxxxxxx',
		'gateway-prod.C-xxxxxxxxxxxxxxxxxxxxxxxx',
	];
	const shown = sameEnds.map(idShortener(sameEnds, 8).shorten);
	assert.equal(new Set(shown).size, 3, shown.join(' '));
	// And ids that differ only at the very end.
	const sameStarts = [
		'gateway-prod.xxxxxxxxxxxxxxxxxxxxxxxx-1',
		'gateway-prod.xxxxxxxxxxxxxxxxxxxxxxxx-2',
	];
	assert.deepEqual(sameStarts.map(idShortener(sameStarts, 8).shorten), ['…1', '…2']);
});

test('wide characters: shortened by cells, never split, distinct, and within the width', () => {
	const ids = [
		'会議室-東京-セッション-一',
		'会議室-東京-セッション-二',
		'会議室-大阪-セッション-一',
	];
	for (const width of [16, 12, 8]) {
		const shown = ids.map(idShortener(ids, width).shorten);
		assert.equal(new Set(shown).size, ids.length, shown.join(' '));
		for (const text of shown) {
			assert.ok(stringWidth(text) <= width, `${text} in ${width}`);
			assert.ok(!text.includes('\uFFFD'));
		}
	}
});

test('ids pass through sanitize first: controls become visible, never raw', () => {
	const ids = ['gateway-prod.\u001B]0;pwned\u0007-aaaa', 'gateway-prod.\u202Eevil-bbbb'];
	const shown = ids.map(idShortener(ids, 12).shorten);
	for (const text of shown) {
		assert.doesNotMatch(text, rawControl);
		assert.ok(stringWidth(text) <= 12);
	}

	assert.equal(new Set(shown).size, 2);
	assert.equal(idShortener(ids, 60).shorten(ids[0] ?? ''), 'gateway-prod.\\x1b]0;pwned\\x07-aaaa');
});

test('wrapCells breaks a long value into lines of the width, wide characters whole', () => {
	assert.deepEqual(wrapCells('abcdefgh', 3), ['abc', 'def', 'gh']);
	assert.deepEqual(wrapCells('東京の会議', 4), ['東京', 'の会', '議']);
	assert.deepEqual(wrapCells('', 4), ['']);
});
