import assert from 'node:assert/strict';
import {test} from 'node:test';
import {apiPath, createFrameClient} from '../../source/api/client.js';
import {
	AuthenticationError,
	BadResponseError,
	ForbiddenError,
	FrameApiError,
	NetworkError,
	NotFoundError,
	RateLimitedError,
	RequestError,
	ServerError,
	TimeoutError,
} from '../../source/api/errors.js';
import {parseRetryAfter} from '../../source/api/retry.js';
import {startSimulator} from '../../source/simulator/server.js';
import {simulatorWithClient} from '../helpers/simulator.js';

test('lists accounts, pools and active sessions as the simulator holds them', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {accounts: 2, sessions: 25});
	assert.deepEqual(
		(await client.listAccounts()).map((account) => account.id),
		sim.accounts().map((account) => account.id),
	);
	const pools = await client.listPools(accountId);
	assert.deepEqual(
		pools.map((pool) => [pool.external_id, pool.kind]),
		sim.pools(accountId).map((pool) => [pool.external_id, pool.kind]),
	);
	const sessions = await client.listActiveSessions(accountId);
	assert.equal(sessions.length, 25);
	const poolIds = new Set(pools.map((pool) => pool.external_id));
	assert.ok(sessions.every((session) => poolIds.has(session.pool_id ?? '')));
});

test('dotted session ids reach exactly that session', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {sessions: 10});
	const [target, ...others] = sim.activeSessions(accountId);
	assert.ok(target);
	assert.ok(target.id.includes('.'));
	assert.equal((await client.getSession(accountId, target.id)).id, target.id);
	assert.deepEqual(await client.closeSession(accountId, target.id), {
		outcome: 'closed',
		attempts: 1,
		status: 202,
	});
	assert.equal(
		sim.sessions(accountId).find((session) => session.id === target.id)?.state,
		'closed',
	);
	assert.deepEqual(
		sim.activeSessions(accountId).map((session) => session.id),
		others.map((session) => session.id),
	);
	assert.equal(
		apiPath('GET')`/accounts/${'a/b c'}/sessions/${'x.y?z'}`,
		'/accounts/a%2Fb%20c/sessions/x.y%3Fz',
	);
});

test('closing a session that is already gone reports already_closed', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t);
	const [target] = sim.activeSessions(accountId);
	assert.ok(target);
	await client.closeSession(accountId, target.id);
	assert.deepEqual(await client.closeSession(accountId, target.id), {
		outcome: 'already_closed',
		attempts: 1,
		status: 404,
	});
	assert.deepEqual(await client.closeSession(accountId, 'gateway-prod.nosuchsession'), {
		outcome: 'already_closed',
		attempts: 1,
		status: 404,
	});
});

test('a closing session stays listed until the close delay is over', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {closeDelayMs: 60_000});
	const [target] = sim.activeSessions(accountId);
	assert.ok(target);
	await client.closeSession(accountId, target.id);
	const listed = (await client.listActiveSessions(accountId)).find((s) => s.id === target.id);
	assert.equal(listed?.state, 'closing');
	assert.equal((await client.closeSession(accountId, target.id)).outcome, 'closed');
});

for (const listShape of ['data', 'items'] as const) {
	test(`lists wrapped as {${listShape}: [...]} parse like bare arrays`, async (t) => {
		const {sim, client, accountId} = await simulatorWithClient(t, {listShape});
		assert.equal((await client.listAccounts()).length, sim.accounts().length);
		assert.equal((await client.listPools(accountId)).length, 4);
		assert.equal((await client.listActiveSessions(accountId)).length, 40);
	});
}

test('unknown fields are kept, and missing, null or mistyped ones never crash', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t);
	sim.inject({
		path: `/accounts/${accountId}/active_sessions`,
		body: [
			{id: 'gateway-prod.a', pool_id: null, state: null, user: {name: 'Ann'}, gpu: true},
			{id: 42, started_at: 7},
			{pool_id: 'no id, so not a session'},
			'garbage',
			null,
		],
	});
	assert.deepEqual(await client.listActiveSessions(accountId), [
		{id: 'gateway-prod.a', user: {name: 'Ann'}, gpu: true},
		{id: '42', started_at: '7'},
	]);
	sim.inject({path: '/accounts', body: {data: [{id: 'x', name: null, active: 'yes', tier: 3}]}});
	assert.deepEqual(await client.listAccounts(), [{id: 'x', tier: 3}]);
});

test('a wrong secret is an AuthenticationError that never shows the secret', async (t) => {
	const {sim} = await simulatorWithClient(t);
	const secret = 'not-the-secret-0123456789';
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: secret},
	});
	t.after(() => client.close());
	const error = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(error instanceof AuthenticationError);
	assert.ok(error instanceof FrameApiError);
	assert.equal(error.message, 'GET /accounts: authentication failed (HTTP 401): invalid signature');
	assert.equal(error.attempts, 1, '401 is not retried');
	assert.ok(!`${error.message} ${error.stack} ${JSON.stringify(error)}`.includes(secret));
});

test('a 401 with a server clock far from ours says the clock is off', async (t) => {
	const {sim} = await simulatorWithClient(t);
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		now: () => Date.now() + 10 * 60_000,
	});
	t.after(() => client.close());
	const error = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(error instanceof AuthenticationError);
	assert.ok(Math.abs((error.clockSkewSeconds ?? 0) - 600) <= 2);
	assert.match(
		error.message,
		/this machine's clock is 60\d s ahead of the server's; fix the clock/,
	);
});

test('read-only credentials get a ForbiddenError when closing', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret', role: 'read-only'}],
	});
	assert.equal(sim.clientId, 'viewer');
	const [target] = sim.activeSessions(accountId);
	assert.ok(target);
	const error = await client.closeSession(accountId, target.id).catch((caught: unknown) => caught);
	assert.ok(error instanceof ForbiddenError);
	assert.match(error.message, /^DELETE \/accounts\/.+\/sessions\/gateway-prod\..+: forbidden/);
	assert.equal(sim.activeSessions(accountId).length, 40);
});

test('an unknown account is a NotFoundError carrying the server message', async (t) => {
	const {client} = await simulatorWithClient(t);
	const error = await client.listPools('gateway-prod.0').catch((caught: unknown) => caught);
	assert.ok(error instanceof NotFoundError);
	assert.equal(
		error.message,
		'GET /accounts/gateway-prod.0/pools: not found (HTTP 404): account gateway-prod.0 not found',
	);
});

test('a 429 is waited out for its Retry-After, then retried', async (t) => {
	// The wait is recorded, not slept: what matters is how long the client asks to wait, and
	// that it asks before the retry.
	const waits: Array<{ms: number; requestsBefore: number}> = [];
	const {sim, client} = await simulatorWithClient(
		t,
		{},
		{
			sleep: async (ms) => {
				waits.push({ms, requestsBefore: sim.stats().requests});
			},
		},
	);
	sim.inject({
		path: '/accounts',
		status: 429,
		headers: {'retry-after': '1'},
		body: {message: 'slow down'},
	});
	assert.deepEqual(
		(await client.listAccounts()).map((account) => account.id),
		sim.accounts().map((account) => account.id),
	);
	assert.deepEqual(waits, [{ms: 1000, requestsBefore: 1}], 'one wait of 1 s, after the 429');
	assert.equal(sim.stats().requests, 2, 'the 429, then the retry');
});

test('a Retry-After longer than the client waits is a RateLimitedError at once', async (t) => {
	const {sim, client} = await simulatorWithClient(t);
	sim.inject({path: '/accounts', status: 429, headers: {'retry-after': '3600'}});
	const error = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(error instanceof RateLimitedError);
	assert.equal(error.retryAfterMs, 3_600_000);
	assert.match(error.message, /rate limited \(HTTP 429\): retry after 3600 s$/);
	assert.equal(sim.stats().requests, 1);
});

test('the simulator rate limit answers 429s that the client rides out', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(
		t,
		{rateLimit: 5},
		{
			retry: {limit: 10, maxDelayMs: 5},
		},
	);
	const ids = sim
		.activeSessions(accountId)
		.slice(0, 8)
		.map((session) => session.id);
	const outcomes = await Promise.all(ids.map((id) => client.closeSession(accountId, id)));
	assert.ok(outcomes.every((outcome) => outcome.outcome === 'closed'));
	assert.ok(sim.stats().rateLimited > 0);
	assert.equal(sim.activeSessions(accountId).length, 32);
});

test('Retry-After as an HTTP date or seconds', () => {
	const now = Date.parse('2026-11-23T10:00:00Z');
	assert.equal(parseRetryAfter('Mon, 23 Nov 2026 10:00:05 GMT', now), 5000);
	assert.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0);
	assert.equal(parseRetryAfter('2', now), 2000);
	assert.equal(parseRetryAfter('soon', now), undefined);
	assert.equal(parseRetryAfter(null, now), undefined);
});

test('5xx responses are retried, then a ServerError counts every attempt', async (t) => {
	const {sim, client} = await simulatorWithClient(t, {failRate: 1});
	const error = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(error instanceof ServerError);
	assert.equal(error.attempts, 5);
	assert.equal(sim.stats().failures, 5);
	assert.match(error.message, /^GET \/accounts: server error \(HTTP 50[023]\): simulated failure$/);
});

test('a transient 5xx and a dropped connection are retried to success', async (t) => {
	const {sim, client} = await simulatorWithClient(t);
	sim.inject({path: '/accounts', status: 503, body: 'Service Unavailable'});
	sim.inject({path: '/accounts', destroy: true});
	assert.equal((await client.listAccounts()).length, 3);
	assert.equal(sim.stats().requests, 3);
});

test('a refused connection is a NetworkError after every retry', async () => {
	const sim = await startSimulator();
	await sim.close();
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		retry: {limit: 2, baseDelayMs: 1},
	});
	const error = await client.listAccounts().catch((caught: unknown) => caught);
	client.close();
	assert.ok(error instanceof NetworkError);
	assert.equal(error.attempts, 3);
	assert.match(error.message, /^GET \/accounts: network error: .*ECONNREFUSED/);
});

test('a response slower than the timeout is a TimeoutError', async (t) => {
	const {client} = await simulatorWithClient(
		t,
		{latencyMs: 2000},
		{timeoutMs: 50, retry: {limit: 1, baseDelayMs: 1}},
	);
	const error = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(error instanceof TimeoutError);
	assert.equal(error.attempts, 2);
	assert.equal(error.message, 'GET /accounts: timed out: no response within 50 ms');
});

test('a body that is not JSON, or not a list, is a BadResponseError', async (t) => {
	const {sim, client} = await simulatorWithClient(t);
	sim.inject({path: '/accounts', body: '<html>oops</html>'});
	const notJson = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(notJson instanceof BadResponseError);
	assert.equal(
		notJson.message,
		'GET /accounts: unreadable response (HTTP 200): the body is not JSON',
	);
	sim.inject({path: '/accounts', body: {accounts: 'none'}});
	const notList = await client.listAccounts().catch((caught: unknown) => caught);
	assert.ok(notList instanceof BadResponseError);
	assert.match(notList.message, /expected a list$/);
});

test('other 4xx are a RequestError with the server message on one line', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t);
	sim.inject({
		method: 'DELETE',
		status: 409,
		body: {error: {message: 'session is\n  being moved'}},
	});
	const error = await client
		.closeSession(accountId, 'gateway-prod.x')
		.catch((caught: unknown) => caught);
	assert.ok(error instanceof RequestError);
	assert.equal(
		error.message,
		`DELETE /accounts/${accountId}/sessions/gateway-prod.x: request rejected (HTTP 409): session is being moved`,
	);
});

test('a list answered as the last time is that list again; a changed or hostile answer is read anew', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {accounts: 1, sessions: 30});
	const first = await client.listActiveSessions(accountId);
	const again = await client.listActiveSessions(accountId);
	assert.equal(again, first, 'the same answer, the same list: not parsed and checked again');
	assert.equal(again.length, 30);

	const [closing] = first;
	assert.ok(closing);
	await client.closeSession(accountId, closing.id);
	const changed = await client.listActiveSessions(accountId);
	assert.notEqual(changed, first);
	assert.equal(changed.length, 29);
	assert.ok(!changed.some((session) => session.id === closing.id), 'the closed one is gone');

	// The same path answered with something else entirely is read, and refused, as such.
	sim.inject({method: 'GET', path: `/accounts/${accountId}/active_sessions`, body: {oops: 1}});
	await assert.rejects(client.listActiveSessions(accountId), BadResponseError);
	assert.equal((await client.listActiveSessions(accountId)).length, changed.length);
});
