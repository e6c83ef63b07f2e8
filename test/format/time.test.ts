import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatAge, parseTypedTime} from '../../source/format/time.js';

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

test('an age keeps the hours for a week: a course of yesterday is told from one of the day before', () => {
	const now = Date.UTC(2026, 11, 3, 18, 0);
	const ago = (ms: number) => formatAge(new Date(now - ms).toISOString(), now);
	const hour = 3_600_000;
	assert.equal(ago(2 * 1000), 'just now');
	assert.equal(ago(5 * 60_000), '5m ago');
	assert.equal(ago(3 * hour + 5 * 60_000), '3h 5m ago');
	assert.equal(ago(28 * hour), '1d 4h ago');
	assert.equal(ago(48 * hour), '2d ago');
	assert.equal(ago(6 * 24 * hour + 23 * hour), '6d 23h ago');
	assert.equal(ago(9 * 24 * hour + 5 * hour), '9d ago');
	assert.equal(formatAge(undefined, now), '—');
});
