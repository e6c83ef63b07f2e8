import assert from 'node:assert/strict';
import {test} from 'node:test';
import {checkApiUrl, defaultApiUrl} from '../source/api-url.js';
import {UsageError} from '../source/errors.js';
import {resolveConnection} from '../source/settings.js';

test('no credentials means demo mode; --demo forces it', () => {
	assert.deepEqual(resolveConnection({}), {kind: 'demo', reason: 'no-credentials'});
	assert.deepEqual(
		resolveConnection({FRAME_CLIENT_ID: 'id', FRAME_CLIENT_SECRET: 's'}, {demo: true}),
		{
			kind: 'demo',
			reason: 'flag',
		},
	);
});

test('credentials go to the public API unless FRAME_API_URL says otherwise', () => {
	assert.deepEqual(resolveConnection({FRAME_CLIENT_ID: 'id', FRAME_CLIENT_SECRET: 's'}), {
		kind: 'live',
		baseUrl: defaultApiUrl,
		credentials: {clientId: 'id', clientSecret: 's'},
	});
	const custom = resolveConnection({
		FRAME_CLIENT_ID: 'id',
		FRAME_CLIENT_SECRET: 's',
		FRAME_API_URL: 'https://api.frame.example.org/v1/',
	});
	assert.equal(custom.kind === 'live' && custom.baseUrl, 'https://api.frame.example.org/v1');
});

test('one credential without the other is a usage error that shows neither value', () => {
	for (const env of [{FRAME_CLIENT_ID: 'id-123'}, {FRAME_CLIENT_SECRET: 'secret-456'}]) {
		assert.throws(
			() => resolveConnection(env),
			(error: unknown) =>
				error instanceof UsageError &&
				/is not set but FRAME_CLIENT_(ID|SECRET) is/.test(error.message) &&
				!/id-123|secret-456/.test(error.message),
		);
	}
});

test('plain http only to loopback; no credentials inside the URL', () => {
	for (const url of [
		'http://127.0.0.1:8080/v1',
		'http://localhost/v1',
		'http://[::1]:9/v1',
		'https://x.example/v1',
	]) {
		assert.equal(checkApiUrl(url), url);
	}

	assert.throws(
		() => checkApiUrl('http://10.0.0.5/v1'),
		/only https is allowed beyond this machine/,
	);
	assert.throws(() => checkApiUrl('ftp://x.example/v1'), /must be an https URL/);
	assert.throws(() => checkApiUrl('not a url'), /is not a URL/);
	assert.throws(
		() => checkApiUrl('https://me:pa55word@x.example/v1'),
		(error: unknown) => error instanceof UsageError && !error.message.includes('pa55word'),
	);
});
