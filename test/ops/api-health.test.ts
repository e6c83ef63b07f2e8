import assert from 'node:assert/strict';
import {test} from 'node:test';
import {type ApiState, createApiHealth} from '../../source/ops/api-health.js';

/** A clock that moves only when told, and sleeps that end when it passes their time. */
function fakeTime() {
	let now = 0;
	const timers: {at: number; resolve: () => void}[] = [];
	return {
		now: () => now,
		sleep: (ms: number) =>
			new Promise<void>((resolve) => {
				timers.push({at: now + ms, resolve});
			}),
		/** Moves the clock on and ends the sleeps it passes, then lets their continuations run. */
		async advance(ms: number) {
			now += ms;
			for (const timer of timers.filter((candidate) => candidate.at <= now)) {
				timers.splice(timers.indexOf(timer), 1);
				timer.resolve();
			}

			await new Promise((resolve) => setImmediate(resolve));
		},
	};
}

function monitor(patienceMs: number) {
	const time = fakeTime();
	const states: ApiState[] = [];
	const gaveUp: string[] = [];
	const health = createApiHealth({
		patienceMs,
		now: time.now,
		sleep: time.sleep,
		onChange: (state) => states.push(state),
		onGiveUp: (reason) => gaveUp.push(reason),
	});
	return {time, states, gaveUp, health};
}

/** Three closes in flight, each failing once: the API counts as unavailable. */
function failAll(health: ReturnType<typeof createApiHealth>, ids: readonly string[]) {
	for (const id of ids) {
		health.attempt(id, 'transient', '503');
	}
}

test('one failing close among answered ones is not an outage; all of them failing is', () => {
	const {states, health} = monitor(10_000);
	for (const id of ['a', 'b', 'c']) {
		health.started(id);
	}

	health.attempt('a', 'transient', '503');
	health.attempt('a', 'transient', '503');
	health.attempt('b', 'answered');
	health.attempt('a', 'transient', '503');
	assert.deepEqual(states, [], 'b answered in between');
	failAll(health, ['b', 'c']);
	assert.deepEqual(states, [{status: 'unavailable', since: 0, reason: '503'}]);
});

test('while the API is unavailable one close at a time probes it, and the first answer lets all go', async () => {
	const {time, states, health} = monitor(60_000);
	const ids = ['a', 'b', 'c'];
	for (const id of ids) {
		health.started(id);
	}

	failAll(health, ids);
	const turns = new Map<string, string>();
	const stop = new AbortController();
	for (const id of ids) {
		void health.gate(id, stop.signal).then((turn) => turns.set(id, turn));
	}

	await time.advance(999);
	assert.equal(turns.size, 0, 'the first probe waits a second');
	await time.advance(1);
	assert.deepEqual([...turns], [['a', 'probe']]);
	health.attempt('a', 'transient', '503');
	await time.advance(1999);
	assert.equal(turns.size, 1, 'the next probe waits longer');
	await time.advance(1);
	assert.deepEqual(
		[...turns],
		[
			['a', 'probe'],
			['b', 'probe'],
		],
	);
	health.attempt('b', 'answered');
	await time.advance(0);
	assert.deepEqual(
		[...turns],
		[
			['a', 'probe'],
			['b', 'probe'],
			['c', 'go'],
		],
	);
	assert.deepEqual(
		states.map((state) => state.status),
		['unavailable', 'up'],
	);
});

test('the patience counts each outage on its own: a second outage gets the whole patience again', async () => {
	const {time, gaveUp, health} = monitor(10_000);
	const ids = ['a', 'b', 'c'];
	for (const id of ids) {
		health.started(id);
	}

	failAll(health, ids);
	await time.advance(8000);
	health.attempt('a', 'answered');
	await time.advance(1000);
	failAll(health, ids);
	await time.advance(5000);
	assert.deepEqual(gaveUp, [], 'the first outage’s timer does not end the second');
	await time.advance(5000);
	assert.deepEqual(gaveUp, [
		'the API was unavailable for 10 s (503), longer than the patience of 10 s',
	]);
});

test('a patience of 0 gives up as soon as the API is unavailable', () => {
	const {gaveUp, health} = monitor(0);
	health.started('a');
	failAll(health, ['a', 'a', 'a']);
	assert.deepEqual(gaveUp, ['the API was unavailable (503), and the patience is 0']);
});
