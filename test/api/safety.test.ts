import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createFrameClient} from '../../source/api/client.js';
import {BadResponseError, CancelledError, InvalidIdError} from '../../source/api/errors.js';
import type {RetryEvent} from '../../source/api/transport.js';
import {waitFor} from '../helpers/cli.js';
import {simulatorWithClient} from '../helpers/simulator.js';

test('an empty, "." or ".." id is refused before anything is sent', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t);
	for (const id of ['', '.', '..']) {
		for (const call of [
			() => client.closeSession(accountId, id),
			() => client.closeSession(id, 'gateway-prod.x'),
			() => client.getSession(accountId, id),
			() => client.listPools(id),
			() => client.listActiveSessions(id),
		]) {
			const error = await call().catch((caught: unknown) => caught);
			assert.ok(error instanceof InvalidIdError, `${JSON.stringify(id)}: ${String(error)}`);
			assert.match(error.message, /invalid id: .* cannot be placed in a URL path$/);
		}
	}

	assert.equal(sim.stats().requests, 0, 'no request reached the server');
	assert.equal(sim.activeSessions(accountId).length, 40);
});

test('a DELETE answered 2xx is closed, whatever its body is, even one broken off', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t);
	const [html, empty, broken] = sim.activeSessions(accountId);
	assert.ok(html && empty && broken);
	sim.inject({
		method: 'DELETE',
		status: 200,
		body: '<html><body>Session closed</body></html>',
		headers: {'content-type': 'text/html'},
	});
	assert.deepEqual(await client.closeSession(accountId, html.id), {
		outcome: 'closed',
		attempts: 1,
		status: 200,
	});
	sim.inject({method: 'DELETE', status: 204});
	assert.deepEqual(await client.closeSession(accountId, empty.id), {
		outcome: 'closed',
		attempts: 1,
		status: 204,
	});
	sim.inject({method: 'DELETE', status: 202, body: {state: 'closing'}, breakBody: true});
	assert.deepEqual(await client.closeSession(accountId, broken.id), {
		outcome: 'closed',
		attempts: 1,
		status: 202,
	});
	assert.equal(sim.stats().byMethod.DELETE, 3, 'none was sent twice');
});

test('a list whose body breaks off half-way is retried, not taken as it is', async (t) => {
	const {sim, client} = await simulatorWithClient(t);
	sim.inject({path: '/accounts', breakBody: true, body: sim.accounts()});
	assert.equal((await client.listAccounts()).length, sim.accounts().length);
	assert.equal(sim.stats().requests, 2);
});

test('a request that hangs times out on each attempt, and the retries are told', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {}, {timeoutMs: 100});
	sim.inject({method: 'DELETE', hang: true, times: 2});
	const retries: RetryEvent[] = [];
	const [target] = sim.activeSessions(accountId);
	assert.ok(target);
	const outcome = await client.closeSession(accountId, target.id, {
		onRetry: (event) => retries.push(event),
	});
	assert.deepEqual(outcome, {outcome: 'closed', attempts: 3, status: 202});
	assert.deepEqual(
		retries.map((event) => [event.attempt, event.maxAttempts, event.error.kind]),
		[
			[1, 5, 'timeout'],
			[2, 5, 'timeout'],
		],
	);
});

test('cancelling a request in flight says the server may have acted', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t);
	sim.inject({method: 'DELETE', hang: true});
	const [target] = sim.activeSessions(accountId);
	assert.ok(target);
	const cancel = new AbortController();
	const closing = client.closeSession(accountId, target.id, {signal: cancel.signal});
	await waitFor(() => sim.stats().inFlight === 1, 'the DELETE to be in flight');
	cancel.abort();
	const error = await closing.catch((caught: unknown) => caught);
	assert.ok(error instanceof CancelledError, String(error));
	assert.equal(error.mayHaveActed, true);
	assert.equal(error.attempts, 1);
});

test('a stop cancels a Retry-After wait at once; a 429 means nothing was done', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {}, {retry: {baseDelayMs: 250}});
	sim.inject({method: 'DELETE', status: 429, headers: {'retry-after': '30'}});
	const [target] = sim.activeSessions(accountId);
	assert.ok(target);
	const stop = new AbortController();
	const closing = client.closeSession(accountId, target.id, {
		waitSignal: stop.signal,
		onRetry: () => stop.abort(),
	});
	const error = await closing.catch((caught: unknown) => caught);
	assert.ok(error instanceof CancelledError, String(error));
	assert.equal(error.mayHaveActed, false);
	assert.equal(sim.stats().byMethod.DELETE, 1, 'no second attempt');
	assert.equal(sim.activeSessions(accountId).length, 40);
});

test('closing the client cancels its calls, backoff included, so nothing outlives it', async (t) => {
	const {sim, client} = await simulatorWithClient(
		t,
		{failRate: 1},
		{retry: {baseDelayMs: 60_000, maxDelayMs: 60_000}},
	);
	const retried = new Promise<void>((resolve) => {
		void client.listAccounts({onRetry: () => resolve()}).catch(() => undefined);
	});
	const listing = client.listPools(sim.accounts()[0]?.id ?? 'x');
	await retried;
	client.close();
	const error = await listing.catch((caught: unknown) => caught);
	assert.ok(error instanceof CancelledError, String(error));
});

test('Retry-After sent as an HTTP date is waited out for that long', async (t) => {
	const waits: number[] = [];
	const {client} = await simulatorWithClient(
		t,
		{rateLimit: 1, retryAfterAs: 'date'},
		{
			adaptivePacing: false,
			retry: {limit: 1},
			sleep: async (ms) => {
				waits.push(ms);
			},
		},
	);
	const retries: RetryEvent[] = [];
	const listings = [1, 2].map(() =>
		client.listAccounts({onRetry: (event) => retries.push(event)}).catch(() => undefined),
	);
	await Promise.all(listings);
	const [first] = retries;
	assert.ok(first, 'a 429 was retried');
	assert.equal(first.retryAfter, true);
	assert.equal(first.error.status, 429);
	assert.ok(first.delayMs > 0 && first.delayMs <= 2000, `waited ${first.delayMs} ms`);
	assert.equal(waits[0], first.delayMs);
});

test('a stop during the backoff after a refused connection means nothing was sent', async (t) => {
	const {sim} = await simulatorWithClient(t);
	const unreachable = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		retry: {baseDelayMs: 60_000, maxDelayMs: 60_000},
	});
	t.after(() => unreachable.close());
	await sim.close();
	const stop = new AbortController();
	const error = await unreachable
		.closeSession('gateway-prod.1', 'gateway-prod.2', {
			waitSignal: stop.signal,
			onRetry: () => stop.abort(),
		})
		.catch((caught: unknown) => caught);
	assert.ok(error instanceof CancelledError, String(error));
	assert.equal(error.mayHaveActed, false);
});

test('answers compressed with gzip, deflate or br read as the same listing', async (t) => {
	const {sim, client} = await simulatorWithClient(t);
	for (const encoding of ['gzip', 'deflate', 'br'] as const) {
		sim.inject({path: '/accounts', body: sim.accounts(), encoding});
		const accounts = await client.listAccounts();
		assert.deepEqual(
			accounts.map((account) => account.id),
			sim.accounts().map((account) => account.id),
			encoding,
		);
	}

	assert.equal(sim.stats().requests, 3, 'each read once');
});

test('a body past the limit fails a list with a clear reason, yet a close answered 2xx is closed', async (t) => {
	const {sim, accountId} = await simulatorWithClient(t);
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		maxBodyLength: 4096,
	});
	t.after(() => client.close());
	const error = await client.listActiveSessions(accountId).catch((caught: unknown) => caught);
	assert.ok(error instanceof BadResponseError, String(error));
	assert.match(error.message, /the answer is larger than the 4 KB allowed$/);
	assert.equal(sim.stats().requests, 1, 'a body too large is not asked for again');

	const [session] = sim.activeSessions(accountId);
	assert.ok(session);
	sim.inject({method: 'DELETE', status: 200, body: `<html>${'x'.repeat(10_000)}</html>`});
	assert.equal((await client.closeSession(accountId, session.id)).outcome, 'closed');
});
