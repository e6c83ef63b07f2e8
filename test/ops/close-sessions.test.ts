import assert from 'node:assert/strict';
import {test} from 'node:test';
import {backoffDelay, closeRetryLimit, defaultRetryPolicy} from '../../source/api/retry.js';
import {openStates} from '../../source/api/types.js';
import type {ApiState} from '../../source/ops/api-health.js';
import {finalStatuses} from '../../source/ops/close-outcomes.js';
import {
	type CloseEvent,
	type CloseStatus,
	closeSessions,
	defaultBreakerThreshold,
} from '../../source/ops/close-sessions.js';
import {createStopper} from '../../source/ops/stopper.js';
import {waitFor} from '../helpers/cli.js';
import {simulatorWithClient} from '../helpers/simulator.js';

/** Each session's states in the order the engine reported them. */
function historyById(events: readonly CloseEvent[]): Map<string, CloseStatus[]> {
	const history = new Map<string, CloseStatus[]>();
	for (const event of events) {
		history.set(event.session.id, [...(history.get(event.session.id) ?? []), event.status]);
	}

	return history;
}

test('200 sessions with a 20 % failure rate all end closed, with their attempts counted', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		accounts: 1,
		sessions: 200,
		failRate: 0.2,
	});
	const sessions = sim.activeSessions(accountId);
	const events: CloseEvent[] = [];
	const report = await closeSessions({
		client,
		accountId,
		sessions,
		onEvent: (event) => events.push(event),
	});

	assert.equal(report.results.length, 200);
	assert.deepEqual(report.summary, {
		closed: 200,
		already_closed: 0,
		unknown: 0,
		failed: 0,
		not_attempted: 0,
	});
	assert.deepEqual(
		report.results.map((result) => result.id),
		sessions.map((session) => session.id),
	);
	const stats = sim.stats();
	const attempts = report.results.reduce((sum, result) => sum + result.attempts, 0);
	assert.equal(attempts, stats.byMethod.DELETE, 'every DELETE the simulator saw is counted once');
	assert.equal(attempts - 200, stats.failures, 'each retry answers one simulated failure');
	const retried = report.results.filter((result) => result.attempts > 1).length;
	assert.ok(retried >= 20 && retried <= 60, `about a fifth were retried, saw ${retried}`);
	assert.equal(sim.activeSessions(accountId).length, 0);
	const changes = events.filter((event) => !event.retry && event.sentAt === undefined);
	for (const [id, history] of historyById(changes)) {
		assert.deepEqual(history, ['queued', 'closing', 'closed'], id);
	}

	const retryEvents = events.filter((event) => event.retry).length;
	assert.equal(retryEvents, attempts - 200, 'every retry is told as it happens');
});

test('an abort half-way leaves every session in exactly one final state, as the simulator has it', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		accounts: 1,
		sessions: 100,
		latencyMs: 10,
	});
	const sessions = sim.activeSessions(accountId);
	const controller = new AbortController();
	const events: CloseEvent[] = [];
	let finished = 0;
	const report = await closeSessions({
		client,
		accountId,
		sessions,
		concurrency: 4,
		signal: controller.signal,
		onEvent(event) {
			events.push(event);
			if (event.result && ++finished === 50) {
				controller.abort();
			}
		},
	});

	assert.deepEqual(
		report.results.map((result) => result.id),
		sessions.map((session) => session.id),
	);
	const {closed, not_attempted} = report.summary;
	assert.equal(closed + not_attempted, 100);
	assert.ok(closed >= 50 && closed <= 54, `closes in flight at the abort finish, saw ${closed}`);
	for (const [id, history] of historyById(events)) {
		const finals = history.filter((status) => (finalStatuses as string[]).includes(status));
		assert.equal(finals.length, 1, `${id} has one final state: ${history.join(' → ')}`);
	}

	const stateInSimulator = new Map(
		sim.sessions(accountId).map((session) => [session.id, session.state]),
	);
	for (const result of report.results) {
		const state = stateInSimulator.get(result.id);
		if (result.status === 'closed') {
			assert.equal(state, 'closed', `${result.id} is closed on the simulator`);
		} else {
			assert.equal(result.status, 'not_attempted');
			assert.equal(result.attempts, 0);
			assert.ok(openStates.includes(state ?? ''), `${result.id} is still ${state}`);
		}
	}
	assert.equal(sim.stats().byMethod.DELETE, closed);
});

for (const concurrency of [1, 5, 16]) {
	test(`the simulator never sees more than ${concurrency} closes in flight`, async (t) => {
		const {sim, client, accountId} = await simulatorWithClient(t, {
			accounts: 1,
			sessions: 60,
			latencyMs: 5,
		});
		const report = await closeSessions({
			client,
			accountId,
			sessions: sim.activeSessions(accountId),
			concurrency,
		});
		assert.equal(report.summary.closed, 60);
		const peak = sim.stats().peakInFlight;
		assert.ok(peak <= concurrency, `${peak} in flight`);
		// Once a close has succeeded the run uses what it is given; before, no more than the breaker's 5.
		assert.ok(peak >= Math.min(concurrency, defaultBreakerThreshold + 1), `${peak} in flight`);
	});
}

test('a session listed twice is closed and reported once', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 3});
	const sessions = sim.activeSessions(accountId);
	const report = await closeSessions({client, accountId, sessions: [...sessions, ...sessions]});
	assert.equal(report.results.length, 3);
	assert.equal(sim.stats().byMethod.DELETE, 3);
});

test('closes the credentials may not make end failed, with the reason', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		sessions: 5,
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret', role: 'read-only'}],
	});
	const report = await closeSessions({client, accountId, sessions: sim.activeSessions(accountId)});
	assert.deepEqual(report.summary, {
		closed: 0,
		already_closed: 0,
		unknown: 0,
		failed: 5,
		not_attempted: 0,
	});
	for (const result of report.results) {
		assert.equal(result.attempts, 1);
		assert.match(result.error ?? '', /forbidden.*cannot close sessions$/);
	}

	assert.equal(sim.activeSessions(accountId).length, 5);
});

test('a session closed by someone else meanwhile ends already_closed', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 4});
	const sessions = sim.activeSessions(accountId);
	await client.closeSession(accountId, sessions[1]?.id ?? '');
	const report = await closeSessions({client, accountId, sessions});
	assert.deepEqual(
		report.results.map((result) => result.status),
		['closed', 'already_closed', 'closed', 'closed'],
	);
});

test('refuses a concurrency outside 1 to 64 before closing anything', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 3});
	const sessions = sim.activeSessions(accountId);
	for (const concurrency of [0, 65, 2.5]) {
		await assert.rejects(closeSessions({client, accountId, sessions, concurrency}), RangeError);
	}

	assert.equal(sim.stats().requests, 0);
});

test('under a rate limit every session closes, none fails, and the client paces itself', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(
		t,
		{accounts: 1, sessions: 60, rateLimit: 20},
		{retry: {}},
	);
	const report = await closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		concurrency: 16,
	});
	assert.deepEqual(report.summary, {
		closed: 60,
		already_closed: 0,
		unknown: 0,
		failed: 0,
		not_attempted: 0,
	});
	const {rateLimited, byMethod} = sim.stats();
	assert.ok(rateLimited > 0, 'the limit was reached');
	assert.equal(byMethod.DELETE, 60 + rateLimited);
	assert.ok(rateLimited < 60, `paced: ${rateLimited} requests were refused`);
});

test('credentials without the close role stop the run after five refusals in a row', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		sessions: 30,
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret', role: 'read-only'}],
	});
	const report = await closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		concurrency: 1,
	});
	assert.equal(report.summary.failed, defaultBreakerThreshold);
	assert.equal(report.summary.not_attempted, 30 - defaultBreakerThreshold);
	assert.equal(
		sim.stats().byMethod.DELETE,
		defaultBreakerThreshold,
		'one 403 per session, then none',
	);
	assert.match(
		report.halt?.reason ?? '',
		/^5 sessions in a row were refused: forbidden \(HTTP 403\): the API role of these credentials cannot close sessions; the credential's role may not do this/,
	);
	assert.ok(
		report.results
			.filter((result) => result.status === 'not_attempted')
			.every((result) => result.error === undefined),
		'the reason is given once, not on every session',
	);
});

test('a server failing every request is probed one request at a time, and the run stops after the patience', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		accounts: 1,
		sessions: 200,
		failRate: 1,
	});
	const concurrency = 8;
	const states: ApiState[] = [];
	const report = await closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		concurrency,
		patienceMs: 1500,
		onApi: (state) => states.push(state),
	});
	const deletes = sim.stats().byMethod.DELETE ?? 0;
	// A few failures each before the API counts as down, then a probe a second or so.
	assert.ok(deletes <= concurrency * 4 + 3, `${deletes} DELETEs for 200 sessions`);
	assert.equal(report.results.length, 200);
	assert.equal(report.summary.closed, 0);
	assert.equal(
		report.summary.unknown + report.summary.not_attempted,
		200,
		'those hit by the outage may have been acted on (a 5xx); the rest were never sent',
	);
	assert.ok(report.summary.unknown <= concurrency);
	assert.equal(report.halt?.by, 'unavailable');
	assert.match(
		report.halt?.reason ?? '',
		/^the API was unavailable for \d+ s \(50[023]\), longer than the patience of 1\.5 s$/,
	);
	assert.equal(states[0]?.status, 'unavailable');
});

test('a listed id of "." or ".." fails as invalid and is never sent', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 10, hostile: true});
	const sessions = sim.activeSessions(accountId);
	assert.ok(sessions.some((session) => session.id === '..'));
	const report = await closeSessions({client, accountId, sessions});
	const invalid = report.results.filter((result) => result.id === '.' || result.id === '..');
	assert.deepEqual(
		invalid.map((result) => [result.status, result.attempts]),
		[
			['failed', 0],
			['failed', 0],
		],
	);
	assert.ok(invalid.every((result) => /invalid id/.test(result.error ?? '')));
	assert.equal(sim.stats().byMethod.DELETE, sessions.length - 2);
	assert.equal(report.summary.closed, sessions.length - 2);
	assert.ok(sim.accounts().some((account) => account.id === accountId));
});

test('a stop lets no new close start; a cancel ends those in flight as unknown', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 10});
	sim.inject({method: 'DELETE', hang: true, times: 2});
	const stop = new AbortController();
	const cancel = new AbortController();
	const running = closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		concurrency: 2,
		signal: stop.signal,
		cancel: cancel.signal,
	});
	await waitFor(() => sim.stats().inFlight === 2, 'two DELETEs hanging');
	stop.abort();
	cancel.abort();
	const report = await running;
	assert.deepEqual(
		report.results.map((result) => result.status),
		['unknown', 'unknown', ...Array.from({length: 8}, () => 'not_attempted')],
	);
	assert.match(report.results[0]?.error ?? '', /the server may or may not have acted/);
	assert.equal(sim.activeSessions(accountId).length, 10);
});

test('after a stop, closes in flight get the grace period, then end unknown; none starts meanwhile', async (t) => {
	// Closes of 100 ms beside the hanging one: the run lasts long enough to be caught with two in
	// flight, and the one answered finishes well within the grace.
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 10, latencyMs: 100});
	sim.inject({method: 'DELETE', hang: true, times: 1});
	const stopper = createStopper(1000);
	t.after(() => stopper.dispose());
	const events: CloseEvent[] = [];
	const running = closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		concurrency: 2,
		signal: stopper.signal,
		cancel: stopper.cancel,
		onEvent: (event) => events.push(event),
	});
	await waitFor(() => sim.stats().inFlight === 2, 'one hanging close beside another');
	stopper.stop();
	const report = await running;
	const unknown = report.results.filter((result) => result.status === 'unknown');
	assert.equal(unknown.length, 1, 'the hanging one, after the grace');
	assert.ok(report.summary.closed >= 1, 'the other finished within the grace');
	const started = events.filter(
		(event) => event.status === 'closing' && !event.retry && event.sentAt === undefined,
	).length;
	assert.equal(started, report.summary.closed + report.summary.unknown, 'nothing started after');
	assert.equal(report.summary.not_attempted, 10 - started);
});

/** Ten sessions from the middle of the account's, which the simulator will refuse to close. */
function middleTen(sessions: readonly {readonly id: string}[]): string[] {
	return sessions.slice(100, 110).map((session) => session.id);
}

test('refusals of single sessions mixed with successes fail those sessions, and the run goes on', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {accounts: 1, sessions: 300});
	const sessions = sim.activeSessions(accountId);
	const refused = middleTen(sessions);
	sim.configure({refuse: refused});
	const report = await closeSessions({client, accountId, sessions, concurrency: 8});
	assert.deepEqual(report.summary, {
		closed: 290,
		already_closed: 0,
		unknown: 0,
		failed: 10,
		not_attempted: 0,
	});
	assert.equal(report.halt, undefined);
	assert.deepEqual(
		report.results.filter((result) => result.status === 'failed').map((result) => result.id),
		refused,
	);
	assert.deepEqual(
		sim
			.activeSessions(accountId)
			.map((session) => session.id)
			.sort(),
		[...refused].sort(),
		'nothing else is left open',
	);

	// Tried again on their own, as a retry does: the credential is proven, so each is tried once.
	sim.resetStats();
	const again = await closeSessions({
		client,
		accountId,
		sessions: sessions.filter((session) => refused.includes(session.id)),
		credentialProven: true,
	});
	assert.deepEqual(again.summary, {
		closed: 0,
		already_closed: 0,
		unknown: 0,
		failed: 10,
		not_attempted: 0,
	});
	assert.equal(again.halt, undefined, 'the run ends by itself, not stopped');
	assert.equal(sim.stats().byMethod.DELETE, 10);
});

test('a credential refused on every close stops the run within a dozen requests, whatever the concurrency', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		sessions: 100,
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret', role: 'read-only'}],
	});
	const report = await closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		concurrency: 64,
	});
	const deletes = sim.stats().byMethod.DELETE ?? 0;
	assert.ok(deletes <= 12, `${deletes} DELETEs`);
	assert.equal(report.halt?.by, 'credentials');
	assert.equal(report.summary.failed, deletes);
	assert.equal(report.summary.not_attempted, 100 - deletes);
});

test('an outage in the middle of a close is ridden out: every session closes, probed one at a time meanwhile', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		accounts: 1,
		sessions: 300,
		latencyMs: 2,
	});
	const states: ApiState[] = [];
	const running = closeSessions({
		client,
		accountId,
		sessions: sim.activeSessions(accountId),
		onApi: (state) => states.push(state),
	});
	await waitFor(() => (sim.stats().byMethod.DELETE ?? 0) >= 100, '100 closes');
	sim.outage(3000);
	await waitFor(() => states.length > 0, 'the API to be seen unavailable');
	const report = await running;
	assert.deepEqual(report.summary, {
		closed: 300,
		already_closed: 0,
		unknown: 0,
		failed: 0,
		not_attempted: 0,
	});
	assert.equal(sim.activeSessions(accountId).length, 0);
	assert.deepEqual(
		states.map((state) => state.status),
		['unavailable', 'up'],
	);
	const {failures} = sim.stats();
	// Eight in flight fail a few times before the API counts as down; then about a probe a second.
	assert.ok(failures <= 8 * 3 + 6, `${failures} requests failed during a 3 s outage`);
});

test('a close rides out a short outage on its own: its retries wait at least 30 s in all', () => {
	let shortest = 0;
	for (let retry = 1; retry <= closeRetryLimit; retry++) {
		// The least the jitter can draw.
		shortest += backoffDelay(defaultRetryPolicy, retry, () => 0);
	}

	assert.ok(shortest >= 30_000, `${shortest} ms`);
});

test('five 403s before anything closed only suspect the credential: a close still in flight that succeeds proves it, and the run goes on', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {accounts: 1, sessions: 60});
	const sessions = sim.activeSessions(accountId);
	const [slow, ...rest] = sessions;
	assert.ok(slow);
	const refused = rest.slice(0, 5).map((session) => session.id);
	sim.configure({refuse: refused});
	// The first close answers late: the five refusals all come back while it is in flight.
	sim.inject({
		method: 'DELETE',
		path: `/accounts/${accountId}/sessions/${encodeURIComponent(slow.id)}`,
		delayMs: 300,
		status: 202,
	});
	const report = await closeSessions({client, accountId, sessions, concurrency: 2});
	assert.equal(report.halt, undefined);
	assert.deepEqual(report.summary, {
		closed: 55,
		already_closed: 0,
		unknown: 0,
		failed: 5,
		not_attempted: 0,
	});
});

test('401s stop the run at once, even with a close in flight', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {accounts: 1, sessions: 60});
	const sessions = sim.activeSessions(accountId);
	const [slow] = sessions;
	assert.ok(slow);
	sim.inject({
		method: 'DELETE',
		path: `/accounts/${accountId}/sessions/${encodeURIComponent(slow.id)}`,
		delayMs: 300,
		status: 202,
	});
	sim.inject({method: 'DELETE', status: 401, body: {message: 'invalid signature'}, times: 5});
	const report = await closeSessions({client, accountId, sessions, concurrency: 2});
	assert.equal(report.halt?.by, 'credentials');
	assert.match(
		report.halt?.reason ?? '',
		/^5 sessions in a row were refused: authentication failed \(HTTP 401\): invalid signature$/,
	);
	assert.equal(report.summary.failed, 5);
	assert.equal(report.summary.not_attempted, 54);
});

test('one run closes the sessions of several accounts, each at its own account, under one concurrency limit', async (t) => {
	const {sim, client} = await simulatorWithClient(t, {accounts: 3, sessions: 20, latencyMs: 5});
	const accounts = sim.accounts().map((account) => account.id);
	const accountBySession = new Map(
		accounts.flatMap((id) => sim.activeSessions(id).map((session) => [session.id, id] as const)),
	);
	const sessions = accounts.flatMap((id) => sim.activeSessions(id));
	sim.resetStats();
	const report = await closeSessions({
		client,
		accountId: 'none-of-them',
		accountOf: (session) => accountBySession.get(session.id) ?? 'none-of-them',
		sessions,
		concurrency: 4,
	});
	assert.equal(report.summary.closed, 60);
	for (const id of accounts) {
		assert.equal(sim.activeSessions(id).length, 0, `every session of ${id} closed`);
	}

	assert.ok(sim.stats().peakInFlight <= 4, `at most 4 in flight, saw ${sim.stats().peakInFlight}`);
	assert.equal(sim.stats().byMethod.DELETE, 60, 'each once, at its own account');
});
