import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseTypedTime} from '../../source/format/time.js';

test('a typed time is ISO 8601, local unless zoned; anything else, an impossible date included, is none', () => {
	assert.equal(parseTypedTime('2026-12-03'), new Date(2026, 11, 3).getTime(), 'local midnight');
	assert.equal(parseTypedTime('2026-12-03 17:05'), new Date(2026, 11, 3, 17, 5).getTime());
	assert.equal(parseTypedTime('2026-12-03T17:05:30'), new Date(2026, 11, 3, 17, 5, 30).getTime());
	assert.equal(parseTypedTime('2026-12-03T17:05Z'), Date.UTC(2026, 11, 3, 17, 5));
	assert.equal(parseTypedTime('2026-12-03T17:05+0100'), Date.UTC(2026, 11, 3, 16, 5));
	assert.equal(parseTypedTime('2028-02-29'), new Date(2028, 1, 29).getTime(), 'a leap day');
	for (const text of [
		'1',
		'17:00',
		'2026-02-30',
		'2027-02-29',
		'2026-13-01',
		'2026-12-03T24:00',
		'2026-12-03T12:60',
		'yesterday',
	]) {
		assert.equal(parseTypedTime(text), undefined, text);
	}
});
