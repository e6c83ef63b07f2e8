import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Pool, Session} from '../../source/api/types.js';
import type {CloseEvent} from '../../source/ops/close-sessions.js';
import {indexPools} from '../../source/ops/select.js';
import {failureLines, overallLine, summaryLine} from '../../source/ui/close/close-run-text.js';
import {closeRunReducer, initialRunState} from '../../source/ui/close/use-close-run.js';

const pools: Pool[] = [
	{external_id: 'p-air', name: 'Air 8GB', kind: 'production'},
	{external_id: 'p-test', name: 'Test', kind: 'test'},
];
const sessions: Session[] = Array.from({length: 4}, (_, index) => ({
	id: `s${index}`,
	pool_id: index < 3 ? 'p-air' : 'p-test',
}));

const finished = (session: Session, status: 'closed' | 'failed', attempts = 1): CloseEvent => ({
	session,
	status,
	result: {
		id: session.id,
		status,
		attempts,
		...(status === 'failed'
			? {error: `DELETE /accounts/a/sessions/${session.id}: server error (HTTP 503)`}
			: {}),
	},
});

test('batched events move the counts, the per-pool bars and the rate', () => {
	const start = initialRunState(sessions, indexPools(pools), 0);
	assert.deepEqual(
		start.pools.map((pool) => [pool.pool?.name, pool.total, pool.done]),
		[
			['Air 8GB', 3, 0],
			['Test', 1, 0],
		],
	);
	const [s0, s1, s2, s3] = sessions as [Session, Session, Session, Session];
	const state = closeRunReducer(start, {
		type: 'events',
		now: 2000,
		events: [
			{session: s0, status: 'closing'},
			{session: s1, status: 'closing'},
			finished(s0, 'closed'),
			finished(s1, 'failed', 5),
			{session: s2, status: 'closing'},
		],
	});
	assert.deepEqual(state.counts, {
		queued: 1,
		closing: 1,
		closed: 1,
		already_closed: 0,
		failed: 1,
		not_attempted: 0,
		unknown: 0,
	});
	assert.deepEqual(state.pools[0], {poolId: 'p-air', pool: pools[0], total: 3, done: 2, failed: 1});
	assert.equal(overallLine(state), '2/4  50%  1.0/s  elapsed 2.0s  ETA 2.0s');
	assert.deepEqual(failureLines(state), ['✗ 1 × server error (HTTP 503)']);
	const done = closeRunReducer(
		closeRunReducer(state, {
			type: 'events',
			now: 3000,
			events: [finished(s2, 'closed'), finished(s3, 'closed')],
		}),
		{type: 'finished', now: 3000},
	);
	assert.equal(done.phase, 'done');
	assert.equal(summaryLine(done), '3 closed, 0 already closed, 1 failed, 0 not attempted');
});

test('a retry puts only the failed rows back in the queue', () => {
	const [s0, s1] = sessions as [Session, Session];
	let state = initialRunState(sessions.slice(0, 2), indexPools(pools), 0);
	state = closeRunReducer(state, {
		type: 'events',
		now: 10,
		events: [finished(s0, 'closed'), finished(s1, 'failed')],
	});
	state = closeRunReducer(state, {type: 'finished', now: 10});
	state = closeRunReducer(state, {type: 'retry', now: 20});
	assert.deepEqual(
		state.rows.map((row) => row.status),
		['closed', 'queued'],
	);
	assert.deepEqual([state.phase, state.totalThisRun, state.doneThisRun], ['running', 1, 0]);
});
