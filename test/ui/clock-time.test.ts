import assert from 'node:assert/strict';
import {test} from 'node:test';
import {clockTime} from '../../source/ui/load-status.js';

test('times of day read as before, 24-hour and local: "09:05:07", midnight "00:00:00"', () => {
	assert.equal(clockTime(new Date(2026, 11, 3, 9, 5, 7)), '09:05:07');
	assert.equal(clockTime(new Date(2026, 11, 3, 0, 0, 0)), '00:00:00');
	assert.equal(clockTime(new Date(2026, 11, 3, 23, 59, 59)), '23:59:59');
	// The same text as the locale's British time of day, which the app showed before, all day long.
	for (let second = 0; second < 86_400; second += 317) {
		const at = new Date(2026, 11, 3, 0, 0, second);
		assert.equal(clockTime(at), at.toLocaleTimeString('en-GB'));
	}
});
