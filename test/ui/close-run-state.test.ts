import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Pool, Session} from '../../source/api/types.js';
import type {CloseEvent, FinalStatus} from '../../source/ops/close-sessions.js';
import {indexPools} from '../../source/ops/select.js';
import {barGlyphs, barParts, barWidths, runLayout} from '../../source/ui/close/close-bars.js';
import {closeDialog} from '../../source/ui/close/close-dialogs.js';
import {closeRunReducer, initialRunState} from '../../source/ui/close/close-run-state.js';
import {
	etaMs,
	failureLines,
	listRows,
	overallLine,
	retryingText,
	retryQuestion,
	rowCells,
	runTitle,
	summaryLine,
} from '../../source/ui/close/close-run-text.js';
import {answerHint} from '../../source/ui/components/dialog.js';

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
		start.pools.map((pool) => [pool.pool?.name, pool.total, pool.closed]),
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
	assert.deepEqual(state.pools[0], {
		poolId: 'p-air',
		pool: pools[0],
		key: 'p-air',
		total: 3,
		closed: 1,
		alreadyClosed: 0,
		failed: 1,
		unknown: 0,
	});
	assert.equal(
		overallLine(state),
		'2/4  1 closed  0 already closed  1 failed  2 left  1.0/s  elapsed 2.0s  ETA 2.0s',
	);
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

const ended = (session: Session, status: FinalStatus): CloseEvent => ({
	session,
	status,
	result: {id: session.id, status, attempts: status === 'not_attempted' ? 0 : 1},
});

test('a retry puts back in the queue the failed, unknown and not attempted rows, and says so', () => {
	const [s0, s1, s2, s3] = sessions as [Session, Session, Session, Session];
	let state = initialRunState(sessions, indexPools(pools), 0);
	state = closeRunReducer(state, {
		type: 'events',
		now: 10,
		events: [
			finished(s0, 'closed'),
			finished(s1, 'failed'),
			ended(s2, 'unknown'),
			ended(s3, 'not_attempted'),
		],
	});
	state = closeRunReducer(state, {type: 'finished', now: 10});
	state = closeRunReducer(state, {type: 'retry', now: 20});
	assert.deepEqual(
		[...state.rows].map((row) => row.status),
		['closed', 'queued', 'queued', 'queued'],
	);
	assert.deepEqual([state.phase, state.totalThisRun, state.doneThisRun], ['running', 3, 0]);
	assert.equal(retryingText(state.retrying ?? {}), '1 failed, 1 unknown and 1 not attempted');
	assert.equal(retryingText({failed: 10}), '10 failed');
	assert.equal(retryingText({failed: 10, not_attempted: 5}), '10 failed and 5 not attempted');
});

/** A run of `count` sessions at 1 s: the first `failed` failed, the next `closed` closed. */
function runWith(count: number, failed: number, closed: number) {
	const many: Session[] = Array.from({length: count}, (_, index) => ({
		id: `gateway-prod.${index}`,
		pool_id: 'p-air',
	}));
	const events = many
		.slice(0, failed + closed)
		.map((session, index) => finished(session, index < failed ? 'failed' : 'closed'));
	return closeRunReducer(initialRunState(many, indexPools(pools), 0), {
		type: 'events',
		now: 1100,
		events,
	});
}

test('the overall line gives way in a narrow window: elapsed first, never done/total or failed', () => {
	const state = runWith(300, 3, 9);
	const full = overallLine(state);
	assert.equal(
		full,
		'12/300  9 closed  0 already closed  3 failed  288 left  10.9/s  elapsed 1.1s  ETA 26.4s',
	);
	// The text's share of the Overall line at 80, 60 and 100 columns.
	assert.equal(
		overallLine(state, barWidths(100).text),
		'12/300  9 closed  3 failed  288 left  ETA 26.4s',
	);
	assert.equal(
		overallLine(state, barWidths(80).text),
		'12/300  9 closed  3 failed  288 left  ETA 26.4s',
	);
	assert.equal(overallLine(state, barWidths(60).text), '12/300  3 failed  ETA 26.4s');
	assert.equal(overallLine(state, 10), '12/300  3 failed', 'the floor: cut no further');
});

test('the bars stack closed, already closed, unknown and failed; each outcome that happened shows', () => {
	const glyphs = (outcomes: Parameters<typeof barParts>[0], total: number, width: number) =>
		barParts(outcomes, total, width)
			.map(({part, cells}) => barGlyphs[part].repeat(cells))
			.join('');
	assert.equal(
		glyphs({closed: 5, alreadyClosed: 2, unknown: 0, failed: 3}, 20, 20),
		'█████▓▓✗✗✗░░░░░░░░░░',
	);
	// A fully failed pool is all failures, not a full bar of closes.
	assert.equal(glyphs({closed: 0, alreadyClosed: 0, unknown: 0, failed: 6}, 6, 10), '✗✗✗✗✗✗✗✗✗✗');
	// One failure in a thousand still takes a cell, from the empty part, then from the widest.
	assert.equal(
		glyphs({closed: 400, alreadyClosed: 0, unknown: 0, failed: 1}, 1000, 10),
		'████✗░░░░░',
	);
	assert.equal(
		glyphs({closed: 999, alreadyClosed: 0, unknown: 0, failed: 1}, 1000, 10),
		'█████████✗',
	);
});

test('f lists every session not closed: the failed, the unknown, those not attempted, then those still to close', () => {
	const state = runWith(6, 0, 0);
	const [a, b, c, d, e, f] = [...state.rows].map((row) => row.session) as Session[] as [
		Session,
		Session,
		Session,
		Session,
		Session,
		Session,
	];
	const running = closeRunReducer(state, {
		type: 'events',
		now: 10,
		events: [
			finished(a, 'closed'),
			ended(b, 'unknown'),
			finished(c, 'failed'),
			ended(d, 'not_attempted'),
			finished(e, 'failed'),
		],
	});
	const ids = (rows: ReturnType<typeof listRows>) => rows.slice().map((row) => row.session.id);
	assert.deepEqual(ids(listRows(running, false)), ids(running.rows), 'in order while it runs');
	assert.deepEqual(
		ids(listRows(running, true)),
		[c.id, e.id, b.id, d.id, f.id],
		'while it runs, the queued one too',
	);
	const done = closeRunReducer(
		closeRunReducer(running, {type: 'events', now: 20, events: [finished(f, 'closed')]}),
		{type: 'finished', now: 20},
	);
	assert.deepEqual(ids(listRows(done, false)).slice(0, 4), [c.id, e.id, b.id, d.id]);
	assert.deepEqual(ids(listRows(done, true)), [c.id, e.id, b.id, d.id]);
});

test('a run that ended by itself has "Finished in"; one stopped by the operator or the breaker, "Stopped after"', () => {
	const [s0, s1] = sessions as [Session, Session];
	const ran = closeRunReducer(initialRunState([s0, s1], indexPools(pools), 0), {
		type: 'events',
		now: 2500,
		events: [finished(s0, 'closed'), ended(s1, 'not_attempted')],
	});
	const sentence = '1 closed, 0 already closed, 0 failed, 1 not attempted';
	assert.equal(
		runTitle(closeRunReducer(ran, {type: 'finished', now: 2500})),
		`Finished in 2.5s: ${sentence}`,
	);
	assert.equal(
		runTitle(closeRunReducer(ran, {type: 'finished', now: 2500, stopped: true})),
		`Stopped after 2.5s: ${sentence}`,
	);
	assert.equal(
		runTitle(closeRunReducer(ran, {type: 'finished', now: 2500, halted: 'too many 403'})),
		`Stopped after 2.5s: ${sentence}`,
	);
	// A retry that then ends by itself is finished again.
	const retried = closeRunReducer(
		closeRunReducer(closeRunReducer(ran, {type: 'finished', now: 2500, stopped: true}), {
			type: 'retry',
			now: 3000,
		}),
		{type: 'events', now: 3500, events: [finished(s1, 'closed')]},
	);
	assert.match(runTitle(closeRunReducer(retried, {type: 'finished', now: 3500})), /^Finished in/);
});

/** A run of 35 with `closed` done, whose last session waits at 1.5 s to retry until `until`. */
function lastWaiting(closed: number, retry: {readonly attempt: number; readonly until: number}) {
	const state = runWith(35, 0, closed);
	const [last] = state.rows.slice(-1).map((row) => row.session) as [Session];
	return closeRunReducer(state, {
		type: 'events',
		now: 1500,
		events: [
			{
				session: last,
				status: 'closing',
				retry: {...retry, maxAttempts: 13, reason: '503', retryAfter: false},
			},
		],
	});
}

test('the ETA is never shorter than the longest retry wait of a session left', () => {
	// 34 done in 1.1 s: the last one alone would take 32 ms, but it waits 2 s to retry.
	const waiting = lastWaiting(34, {attempt: 4, until: 3500});
	assert.equal(etaMs(waiting), 2000);
	assert.match(overallLine(waiting), / ETA 2\.0s$/);
	// Once the wait is over and the request sent, the rate alone.
	const sent = closeRunReducer(waiting, {type: 'events', now: 3600, events: []});
	assert.ok((etaMs(sent) ?? 0) < 200, String(etaMs(sent)));
	assert.equal(etaMs(initialRunState(sessions, indexPools(pools), 0)), undefined);
});

test('while the API is unavailable the title says so, the ETA promises nothing, and closes past their wait wait for the API', () => {
	const waiting = lastWaiting(20, {attempt: 2, until: 1400});
	const row = waiting.rows.at(-1);
	assert.ok(row);
	assert.equal(rowCells(row, 1500).cells[3], 'retrying 3/13 · 503');
	assert.match(overallLine(waiting), / ETA \d/);
	const down = closeRunReducer(waiting, {
		type: 'api',
		api: {status: 'unavailable', since: 500, reason: '503'},
	});
	assert.equal(runTitle(down), 'API unavailable for 1 s (503): waiting · Esc stops');
	assert.equal(etaMs(down), undefined);
	assert.match(overallLine(down), / ETA —$/);
	assert.equal(rowCells(row, 1500, true).cells[3], 'waiting for the API · 503');
	const up = closeRunReducer(down, {type: 'api', api: {status: 'up'}});
	assert.match(runTitle(up), /^Closing 35 sessions/);
});

test('the retry asks with the account, how many and of what, and that users are disconnected', () => {
	const [s0, s1, s2, s3] = sessions as [Session, Session, Session, Session];
	const done = closeRunReducer(
		closeRunReducer(initialRunState(sessions, indexPools(pools), 0), {
			type: 'events',
			now: 10,
			events: [
				finished(s0, 'closed'),
				finished(s1, 'failed'),
				ended(s2, 'not_attempted'),
				ended(s3, 'not_attempted'),
			],
		}),
		{type: 'finished', now: 10, stopped: true},
	);
	assert.deepEqual(retryQuestion(done, 'Tradeshow Demo'), [
		'Retry 3 sessions of Tradeshow Demo (1 failed, 2 not attempted)?',
		'Users are disconnected at once.',
	]);
	const answers: boolean[] = [];
	const dialog = closeDialog({
		question: 'retry',
		state: done,
		graceMs: 5000,
		where: () => 'Tradeshow Demo',
		send: (event) => answers.push(event.type === 'answer' && event.yes),
	});
	// Its keys come from the key map, as the box draws them.
	assert.equal(dialog && answerHint(dialog), 'y retry them · N (Enter, Esc) leave them');
	dialog?.onAnswer(true);
	assert.deepEqual(answers, [true]);
});

test('a close waiting to retry says why and when; once it is sent, that it is retrying', () => {
	const [s0] = sessions as [Session];
	const waiting = closeRunReducer(initialRunState([s0], indexPools(pools), 0), {
		type: 'events',
		now: 1000,
		events: [
			{
				session: s0,
				status: 'closing',
				retry: {attempt: 1, maxAttempts: 5, reason: '429', until: 2600, retryAfter: true},
			},
		],
	});
	const [row] = waiting.rows;
	assert.ok(row);
	assert.equal(rowCells(row, 1000).cells[3], 'retry in 2 s · 429 (attempt 2/5)');
	assert.equal(rowCells(row, 2700).cells[3], 'retrying 2/5 · 429');
});

test('a flush changes only the rows its events touch, and its counts and bars equal a recount', () => {
	// 1,000 sessions over 7 pools, fed in random batches of random events, a retry between.
	const manyPools: Pool[] = Array.from({length: 7}, (_, index) => ({
		external_id: `p${index}`,
		name: `Pool ${index}`,
		kind: 'production',
	}));
	const many: Session[] = Array.from({length: 1000}, (_, index) => ({
		id: `s${index}`,
		pool_id: `p${(index * 7919) % 7}`,
	}));
	let seed = 17;
	const random = (below: number) => {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		return seed % below;
	};
	const statuses = ['closing', 'closed', 'failed', 'unknown', 'already_closed'] as const;
	let state = initialRunState(many, indexPools(manyPools), 0);
	for (let flush = 0; flush < 60; flush++) {
		if (flush === 30) {
			state = closeRunReducer(state, {type: 'finished', now: flush});
			state = closeRunReducer(state, {type: 'retry', now: flush});
		}

		const events: CloseEvent[] = Array.from({length: random(40)}, () => {
			const session = many[random(many.length)] as Session;
			const status = statuses[random(statuses.length)] ?? 'closing';
			return status === 'closing'
				? {session, status}
				: finished(session, status === 'closed' ? 'closed' : 'failed');
		});
		const before = state;
		const beforeRows = [...before.rows];
		state = closeRunReducer(state, {type: 'events', now: flush, events});

		// The state before the flush is untouched: React may still be drawing it.
		assert.deepEqual([...before.rows], beforeRows);
		const touched = new Set(events.map((event) => event.session.id));
		[...state.rows].forEach((row, index) => {
			if (!touched.has(row.session.id)) {
				assert.equal(row, beforeRows[index], `row ${index} is the same object`);
			}
		});

		const recount = initialRunState([], indexPools(manyPools), 0).counts;
		const counts = {...recount};
		const bars = new Map<string | undefined, {closed: number; failed: number; total: number}>();
		for (const row of state.rows) {
			counts[row.status]++;
			const bar = bars.get(row.session.pool_id) ?? {closed: 0, failed: 0, total: 0};
			bar.total++;
			bar.closed += row.status === 'closed' ? 1 : 0;
			bar.failed += row.status === 'failed' ? 1 : 0;
			bars.set(row.session.pool_id, bar);
		}

		assert.deepEqual(state.counts, counts, `counts after flush ${flush}`);
		for (const pool of state.pools) {
			const bar = bars.get(pool.poolId);
			assert.deepEqual(
				{closed: pool.closed, failed: pool.failed, total: pool.total},
				bar,
				`pool ${pool.poolId} after flush ${flush}`,
			);
		}
	}
});

test('across accounts a bar counts an account, and its pools have bars of their own, moved by the same events', () => {
	const acme = {id: 'acc-acme', name: 'Acme Lab'};
	const beta = {id: 'acc-beta', name: 'Beta Lab'};
	// The same pool ids in both accounts would be a bug of the API; the accounts' pools differ.
	const mixed: Session[] = [
		{id: 'a0', pool_id: 'p-air'},
		{id: 'a1', pool_id: 'p-air'},
		{id: 'a2', pool_id: 'p-test'},
		{id: 'b0', pool_id: 'p-air'},
	];
	const accountOf = (session: Session) => (session.id.startsWith('a') ? acme : beta);
	const start = initialRunState(mixed, indexPools(pools), 0, accountOf);
	assert.deepEqual(
		start.pools.map((bar) => [bar.account?.name, bar.total]),
		[
			['Acme Lab', 3],
			['Beta Lab', 1],
		],
	);
	const [a0, a1, a2, b0] = mixed as [Session, Session, Session, Session];
	const state = closeRunReducer(start, {
		type: 'events',
		now: 1000,
		events: [finished(a0, 'closed'), finished(a2, 'failed'), finished(b0, 'closed')],
	});
	assert.deepEqual(
		state.pools.map((bar) => [bar.account?.name, bar.closed, bar.failed]),
		[
			['Acme Lab', 1, 1],
			['Beta Lab', 1, 0],
		],
	);
	assert.deepEqual(
		state.accountPools.map((bar) => [bar.account?.name, bar.pool?.name, bar.closed, bar.failed]),
		[
			['Acme Lab', 'Air 8GB', 1, 0],
			['Acme Lab', 'Test', 0, 1],
			['Beta Lab', 'Air 8GB', 1, 0],
		],
	);
	assert.match(runTitle(state), /in 2 accounts/);
	// The retry's question says where those it retries are: the refused one is Acme's alone.
	const question = closeDialog({
		question: 'retry',
		state: closeRunReducer(state, {type: 'finished', now: 1500}),
		graceMs: 5000,
		where: (retried) => [...new Set(retried.map((session) => accountOf(session).name))].join(', '),
		send: () => undefined,
	});
	assert.match(question?.lines[0] ?? '', /^Retry 1 session of Acme Lab \(1 failed\)\?$/);
	// Each account's pools go under its bar when they all fit in a third of the window.
	const names = (height: number) =>
		runLayout(state, height, 100).poolBars.map((bar) =>
			bar.key === bar.account?.id ? bar.account?.name : `  ${bar.pool?.name}`,
		);
	assert.deepEqual(names(30), ['Acme Lab', '  Air 8GB', '  Test', 'Beta Lab', '  Air 8GB']);
	assert.deepEqual(names(12), ['Acme Lab', 'Beta Lab']);
	// Seven accounts: a bar each in a window of 24 rows, four in one of 12.
	const seven = Array.from({length: 7}, (_, index) => ({id: `acc-${index}`, name: `Lab ${index}`}));
	const spread: Session[] = Array.from({length: 28}, (_, index) => ({
		id: `s-${index}`,
		pool_id: index % 2 === 0 ? 'p-air' : 'p-test',
	}));
	const ofSeven = (session: Session) => seven[Number(session.id.slice(2)) % 7] ?? acme;
	const wide = initialRunState(spread, indexPools(pools), 0, ofSeven);
	assert.equal(runLayout(wide, 24, 100).poolBars.length, 7);
	assert.equal(runLayout(wide, 12, 100).poolBars.length, 4);
	assert.equal(runLayout(wide, 12, 100).morePools, 3);
	// A retry counts again from the rows, by account too.
	const retried = closeRunReducer(closeRunReducer(state, {type: 'finished', now: 2000}), {
		type: 'retry',
		now: 2000,
	});
	assert.deepEqual(
		retried.pools.map((bar) => [bar.account?.name, bar.total, bar.closed, bar.failed]),
		[
			['Acme Lab', 3, 1, 0],
			['Beta Lab', 1, 1, 0],
		],
	);
	assert.equal(retried.accountPools.find((bar) => bar.pool?.name === 'Test')?.failed, 0);
	assert.equal(retried.rows.at(retried.rows.indexOf(a1.id) ?? -1)?.status, 'queued');
});
