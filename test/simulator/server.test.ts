import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createFrameClient} from '../../source/api/client.js';
import {demoSimulatorOptions} from '../../source/simulator/demo.js';
import {startSimulator} from '../../source/simulator/server.js';

// The vector from shared/frame-api.md: my-client / my-secret at 1700000000.
const vector = {
	'X-Frame-ClientId': 'my-client',
	'X-Frame-Timestamp': '1700000000',
	'X-Frame-Signature': '405bc305ba9df12921c2ce82abf6f83f9af7ed20030630ae09d75ee6325ce8fd',
};

async function vectorSimulator(
	t: {after: (fn: () => Promise<void>) => void},
	clockMs = 1_700_000_000_000,
) {
	const sim = await startSimulator({
		clients: [{clientId: 'my-client', clientSecret: 'my-secret', role: 'admin'}],
		now: () => clockMs,
	});
	t.after(() => sim.close());
	return sim;
}

test('accepts the documented signature and answers a bare JSON array', async (t) => {
	const sim = await vectorSimulator(t);
	const response = await fetch(`${sim.url}/accounts`, {headers: vector});
	assert.equal(response.status, 200);
	const body = (await response.json()) as Array<{id: string}>;
	assert.ok(Array.isArray(body));
	assert.deepEqual(
		body.map((account) => account.id),
		sim.accounts().map((account) => account.id),
	);
});

test('answers 401 with a JSON message for each way a signature can be wrong', async (t) => {
	const sim = await vectorSimulator(t);
	const cases: Array<[string, Record<string, string>, string]> = [
		['no headers', {}, 'missing X-Frame-ClientId, X-Frame-Timestamp or X-Frame-Signature'],
		['unknown client', {...vector, 'X-Frame-ClientId': 'someone-else'}, 'unknown client id'],
		[
			'wrong signature',
			{...vector, 'X-Frame-Signature': vector['X-Frame-Signature'].replace('4', '5')},
			'invalid signature',
		],
		[
			'signature of another time',
			{...vector, 'X-Frame-Timestamp': '1700000001'},
			'invalid signature',
		],
		[
			'timestamp not a number',
			{...vector, 'X-Frame-Timestamp': '17e8'},
			'the timestamp is not a whole number of seconds',
		],
	];
	for (const [name, headers, message] of cases) {
		const response = await fetch(`${sim.url}/accounts`, {headers});
		assert.equal(response.status, 401, name);
		assert.match(String(response.headers.get('content-type')), /application\/json/);
		assert.deepEqual(await response.json(), {message}, name);
	}

	assert.equal(sim.stats().unauthorized, cases.length);
});

test('rejects a timestamp more than 300 s from its clock, accepts one within', async (t) => {
	const late = await vectorSimulator(t, 1_700_000_301_000);
	const rejected = await fetch(`${late.url}/accounts`, {headers: vector});
	assert.equal(rejected.status, 401);
	assert.deepEqual(await rejected.json(), {message: 'the timestamp is outside the allowed window'});
	const early = await vectorSimulator(t, 1_699_999_700_000);
	assert.equal((await fetch(`${early.url}/accounts`, {headers: vector})).status, 200);
});

test('seeds the same data for the same seed, with realistic ids, kinds and sessions', async (t) => {
	const a = await startSimulator({seed: 7, accounts: 3, sessions: 50});
	const b = await startSimulator({seed: 7, accounts: 3, sessions: 50});
	const c = await startSimulator({seed: 8, accounts: 3, sessions: 50});
	t.after(async () => {
		await Promise.all([a.close(), b.close(), c.close()]);
	});
	const ids = (sim: typeof a) =>
		sim.accounts().flatMap((account) => sim.sessions(account.id).map((s) => s.id));
	assert.deepEqual(ids(a), ids(b));
	assert.notDeepEqual(ids(a), ids(c));
	assert.equal(ids(a).length, 150);
	for (const account of a.accounts()) {
		assert.deepEqual([...new Set(a.pools(account.id).map((pool) => pool.kind))].sort(), [
			'production',
			'sandbox',
			'test',
		]);
		for (const session of a.sessions(account.id)) {
			assert.match(session.id, /^gateway-prod\.[A-Za-z0-9]{16}$/);
			assert.match(session.user_email ?? '', /^[a-z]+\.[a-z]+\d+@example\.com$/);
			assert.ok(['open', 'init', 'reserved'].includes(session.state ?? ''));
			assert.ok(Date.parse(session.started_at ?? '') < Date.now());
		}
	}
});

test('a rate limit answers 429 with a Retry-After in whole seconds', async (t) => {
	const sim = await vectorSimulator(t);
	sim.configure({rateLimit: 3});
	const statuses: number[] = [];
	let retryAfter: string | null = null;
	for (let index = 0; index < 5; index++) {
		const response = await fetch(`${sim.url}/accounts`, {headers: vector});
		statuses.push(response.status);
		retryAfter ??= response.headers.get('retry-after');
	}

	// The injected clock stands still, so the bucket never refills.
	assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
	assert.equal(retryAfter, '1');
	assert.equal(sim.stats().rateLimited, 2);
});

test('counts requests and the most ever in flight at once', async (t) => {
	const sim = await startSimulator({latencyMs: 30});
	t.after(() => sim.close());
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
	});
	t.after(() => client.close());
	await Promise.all(Array.from({length: 6}, () => client.listAccounts()));
	await client.listAccounts();
	const stats = sim.stats();
	assert.equal(stats.requests, 7);
	assert.equal(stats.peakInFlight, 6);
	assert.equal(stats.inFlight, 0);
	sim.resetStats();
	assert.equal(sim.stats().requests, 0);
});

test('serves the API under /v1 only, and unknown routes as JSON 404s', async (t) => {
	const sim = await vectorSimulator(t);
	const root = sim.url.replace(/\/v1$/, '');
	assert.equal((await fetch(`${root}/accounts`, {headers: vector})).status, 404);
	const missing = await fetch(`${sim.url}/accounts/${sim.accounts()[0]?.id}/nothing`, {
		headers: vector,
	});
	assert.equal(missing.status, 404);
	assert.deepEqual(await missing.json(), {message: 'no such endpoint'});
	const post = await fetch(`${sim.url}/accounts`, {method: 'POST', headers: vector});
	assert.equal(post.status, 405);
});

test('demo mode closes take 300 ms or more, so a close can be watched', async (t) => {
	const sim = await startSimulator(demoSimulatorOptions);
	t.after(() => sim.close());
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
	});
	t.after(() => client.close());
	const [account] = sim.accounts();
	assert.ok(account);
	const [first, second] = sim.activeSessions(account.id);
	assert.ok(first && second);

	const timed = async (call: () => Promise<unknown>) => {
		const start = performance.now();
		await call();
		return performance.now() - start;
	};
	const closes = await Promise.all(
		[first, second].map((session) => timed(() => client.closeSession(account.id, session.id))),
	);
	// Lower bounds only: a loaded machine makes anything slower, never quicker.
	for (const close of closes) {
		assert.ok(close >= 300, `a close took ${close} ms`);
	}
	assert.equal(sim.stats().byMethod.DELETE, 2);
});
