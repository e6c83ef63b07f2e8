import assert from 'node:assert/strict';
import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import {test} from 'node:test';
import {createFrameClient} from '../../source/api/client.js';
import {signRequest} from '../../source/api/signing.js';

// The vector from shared/frame-api.md, computed outside this project with openssl.
const vectorSignature = '405bc305ba9df12921c2ce82abf6f83f9af7ed20030630ae09d75ee6325ce8fd';

test('signs the documented test vector', () => {
	assert.deepEqual(signRequest({clientId: 'my-client', clientSecret: 'my-secret'}, 1_700_000_000), {
		'X-Frame-ClientId': 'my-client',
		'X-Frame-Timestamp': '1700000000',
		'X-Frame-Signature': vectorSignature,
	});
});

test('uses whole seconds: a fractional time signs like its floor', () => {
	const headers = signRequest({clientId: 'my-client', clientSecret: 'my-secret'}, 1_700_000_000.9);
	assert.equal(headers['X-Frame-Timestamp'], '1700000000');
	assert.equal(headers['X-Frame-Signature'], vectorSignature);
});

test('every request is signed afresh at the time it is sent, and the secret is never sent', async (t) => {
	const seen: IncomingHttpHeaders[] = [];
	const server = createServer((request, response) => {
		seen.push(request.headers);
		response.writeHead(200, {'content-type': 'application/json'}).end('[]');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	t.after(() => {
		server.closeAllConnections();
		server.close();
	});

	let clock = 1_700_000_000_000;
	const client = createFrameClient({
		baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
		credentials: {clientId: 'my-client', clientSecret: 'my-secret'},
		now: () => clock,
	});
	t.after(() => client.close());

	await client.listAccounts();
	clock += 100_000;
	await client.listAccounts();

	assert.equal(seen.length, 2);
	const [first, second] = seen;
	assert.equal(first?.['x-frame-clientid'], 'my-client');
	assert.equal(first?.['x-frame-timestamp'], '1700000000');
	assert.equal(first?.['x-frame-signature'], vectorSignature);
	assert.equal(second?.['x-frame-timestamp'], '1700000100');
	assert.notEqual(second?.['x-frame-signature'], first?.['x-frame-signature']);
	assert.match(String(second?.['x-frame-signature']), /^[0-9a-f]{64}$/);
	for (const headers of seen) {
		assert.ok(!JSON.stringify(headers).includes('my-secret'));
	}
});
