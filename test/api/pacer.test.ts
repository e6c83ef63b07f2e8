import assert from 'node:assert/strict';
import {test} from 'node:test';
import {AdaptivePacer} from '../../source/api/pacer.js';

test('unpaced until a 429, then just under the rate that was getting through', () => {
	let now = 0;
	const pacer = new AdaptivePacer(() => now);
	for (let index = 0; index < 40; index++) {
		assert.equal(pacer.reserve(), 0);
		now += 10;
		pacer.succeeded();
	}

	pacer.throttled();
	assert.equal(pacer.rate, 38);
	const waits = [pacer.reserve(), pacer.reserve(), pacer.reserve()];
	assert.deepEqual(
		waits.map((wait) => Math.round(wait * 10) / 10),
		[0, 26.3, 52.6],
	);
});

test('one burst of 429s cuts the rate once; a calm second raises it a little', () => {
	let now = 0;
	const pacer = new AdaptivePacer(() => now);
	for (let index = 0; index < 50; index++) {
		pacer.succeeded();
	}

	pacer.throttled();
	pacer.throttled();
	pacer.throttled();
	assert.equal(pacer.rate, 47.5);
	now += 1000;
	pacer.succeeded();
	assert.equal(pacer.rate, 47.5 * 1.01);
	pacer.throttled();
	assert.equal(pacer.rate, 47.5 * 1.01 * 0.8);
});
