import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import type {LookupFunction} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';
import tls from 'node:tls';
import {trustedRoots} from '../../source/api/ca-file.js';
import {type ClientOptions, createFrameClient} from '../../source/api/client.js';
import {ClientConfigError, NetworkError} from '../../source/api/errors.js';
import {describeError} from '../../source/errors.js';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';
import {makeCertificates, type TestCertificates} from '../helpers/certificates.js';
import {cliEnvironment, runCli, runInProcess, startCli} from '../helpers/cli.js';
import {profileTable, toml, writeConfig} from '../helpers/profiles.js';
import {startProxy, type TestProxy} from '../helpers/proxy.js';

const host = 'api.frame.test';
let certificates: TestCertificates;
let sim: Simulator;
let folder: string;
let caFile: string;

/** The simulator's port: a made-up host name is mapped to 127.0.0.1 at it. */
const port = () => new URL(sim.url).port;
const apiUrl = () => `https://${host}:${port()}/v1`;

/** DNS for the test: the made-up name is this machine, so nothing leaves it. */
const toLoopback: LookupFunction = (name, options, callback) => {
	assert.equal(name, host);
	if (options.all) {
		callback(null, [{address: '127.0.0.1', family: 4}]);
	} else {
		callback(null, '127.0.0.1', 4);
	}
};

before(async () => {
	// One CA and server certificate for the whole file: key generation is the slow part.
	certificates = await makeCertificates(host);
	sim = await startSimulator({tls: {key: certificates.key, cert: certificates.cert}});
	folder = mkdtempSync(join(tmpdir(), 'frame-tui-proxy-'));
	caFile = join(folder, 'ca.pem');
	writeFileSync(caFile, certificates.caCert);
});

after(async () => {
	await sim.close();
	rmSync(folder, {recursive: true, force: true});
});

/** A proxy tunnelling the made-up host to the simulator, closed after the test. */
async function proxy(t: {after: (fn: () => Promise<void>) => void}, refuse?: number) {
	const started: TestProxy = await startProxy([host], {refuse});
	t.after(() => started.close());
	return started;
}

/** A client for the simulator under its made-up HTTPS name, closed after the test. */
function client(t: {after: (fn: () => void) => void}, options: Partial<ClientOptions>) {
	const created = createFrameClient({
		baseUrl: apiUrl(),
		credentials: {clientId: sim.clientId, clientSecret: sim.clientSecret},
		retry: {baseDelayMs: 1, maxDelayMs: 5},
		...options,
	});
	t.after(() => created.close());
	return created;
}

const untrusted =
	/^GET \/accounts: network error: the server's certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): add its CA with ca_file in the profile or NODE_EXTRA_CA_CERTS$/;

test('through HTTPS_PROXY: one CONNECT to the host, TLS verified against the ca_file, kept alive', async (t) => {
	const tunnel = await proxy(t);
	const frame = client(t, {env: {HTTPS_PROXY: tunnel.url}, caFile});
	const [account] = sim.accounts();
	assert.ok(account);

	const accounts = await frame.listAccounts();
	const sessions = await frame.listActiveSessions(account.id);
	const [first] = sessions;
	assert.ok(first);
	assert.deepEqual(await frame.closeSession(account.id, first.id), {
		outcome: 'closed',
		attempts: 1,
		status: 202,
	});

	assert.deepEqual(
		accounts.map((entry) => entry.id),
		sim.accounts().map((entry) => entry.id),
	);
	assert.equal(sim.sessions(account.id).find((s) => s.id === first.id)?.state, 'closed');
	// Three requests, one tunnel: keep-alive holds through the proxy.
	assert.deepEqual(tunnel.connects, [`${host}:${port()}`]);
});

test('without the CA the request fails at once, on one line naming ca_file and NODE_EXTRA_CA_CERTS', async (t) => {
	const tunnel = await proxy(t);
	// A ca_file of another CA adds nothing that signed this server.
	const otherCa = join(folder, 'other.pem');
	writeFileSync(otherCa, certificates.otherCaCert);
	for (const options of [{}, {caFile: otherCa}]) {
		sim.resetStats();
		const frame = client(t, {env: {https_proxy: tunnel.url}, ...options});
		const error = await frame.listAccounts().then(
			() => assert.fail('an untrusted certificate was accepted'),
			(caught: unknown) => caught,
		);
		assert.ok(error instanceof NetworkError);
		assert.match(error.message, untrusted);
		// Not worth retrying, and nothing was sent: the handshake failed before any request.
		assert.equal(error.attempts, 1);
		assert.equal(error.neverConnected, true);
		assert.equal(sim.stats().requests, 0);
	}
});

test('NO_PROXY bypasses the proxy: it sees nothing and the request still succeeds', async (t) => {
	const tunnel = await proxy(t);
	for (const noProxy of [host, '.frame.test', `*.test:${port()}`, '*']) {
		const frame = client(t, {
			env: {HTTPS_PROXY: tunnel.url, NO_PROXY: `example.com, ${noProxy}`},
			caFile,
			lookup: toLoopback,
		});
		assert.equal((await frame.listAccounts()).length, sim.accounts().length, noProxy);
	}

	assert.deepEqual(tunnel.connects, []);

	// A name that merely ends the same, or the host on another port, is still proxied.
	const proxied = client(t, {
		env: {HTTPS_PROXY: tunnel.url, NO_PROXY: `ame.test, ${host}:1`},
		caFile,
	});
	await proxied.listAccounts();
	assert.deepEqual(tunnel.connects, [`${host}:${port()}`]);
});

test('loopback is never proxied: the simulator and demo mode work with dead proxies set', async (t) => {
	const dead = await startProxy([]);
	await dead.close();
	const proxies = {HTTPS_PROXY: dead.url, HTTP_PROXY: dead.url, ALL_PROXY: dead.url};
	const plain = await startSimulator();
	t.after(() => plain.close());
	const frame = createFrameClient({
		baseUrl: plain.url,
		credentials: {clientId: plain.clientId, clientSecret: plain.clientSecret},
		env: proxies,
	});
	t.after(() => frame.close());
	assert.equal((await frame.listAccounts()).length, plain.accounts().length);

	const demo = await runInProcess(['accounts', '--json'], proxies);
	assert.equal(demo.code, 0, demo.stderr);
	assert.equal((JSON.parse(demo.stdout) as unknown[]).length, 4);
});

test('a proxy that refuses gives one line naming it, never its credentials, and no retry', async (t) => {
	const tunnel = await proxy(t, 407);
	sim.resetStats();
	const withCredentials = tunnel.url.replace('http://', 'http://alice:s3cr3t-pass@');
	const frame = client(t, {env: {HTTPS_PROXY: withCredentials}, caFile});
	const error = await frame.listAccounts().then(
		() => assert.fail('the refusal was ignored'),
		(caught: unknown) => caught,
	);
	assert.ok(error instanceof NetworkError);
	assert.equal(
		error.message,
		`GET /accounts: network error: the proxy ${tunnel.url} refused the connection: HTTP 407 Proxy Authentication Required`,
	);
	assert.equal(error.attempts, 1);
	assert.equal(tunnel.connects.length, 1);
	assert.equal(sim.stats().requests, 0);

	// A proxy that cannot reach the server (502) may do better later: retried, still never sent.
	const lost = await startProxy([]);
	t.after(() => lost.close());
	const gateway = client(t, {env: {HTTPS_PROXY: lost.url}, caFile});
	const failed = await gateway.listAccounts().catch((caught: unknown) => caught);
	assert.ok(failed instanceof NetworkError);
	assert.equal(
		failed.message,
		`GET /accounts: network error: the proxy ${lost.url} refused the connection: HTTP 502 Bad Gateway`,
	);
	assert.equal(failed.attempts, 5);
	assert.equal(failed.neverConnected, true);
	assert.equal(sim.stats().requests, 0);

	const dead = await startProxy([]);
	await dead.close();
	const unreachable = client(t, {env: {HTTPS_PROXY: dead.url.replace('//', '//bob:pw@')}, caFile});
	const refused = await unreachable.listAccounts().catch((caught: unknown) => caught);
	assert.ok(refused instanceof NetworkError);
	assert.equal(
		refused.message,
		`GET /accounts: network error: cannot reach the proxy ${dead.url} (ECONNREFUSED)`,
	);
	assert.equal(refused.neverConnected, true);
});

test("ca_file adds to Node's roots rather than replacing them", () => {
	const roots = trustedRoots(caFile);
	assert.deepEqual(roots.slice(0, tls.rootCertificates.length), [...tls.rootCertificates]);
	assert.equal(roots.at(-1), certificates.caCert.trim());
});

test('an unreadable or non-PEM ca_file, or a proxy variable that is no URL, is a configuration error (exit 2)', () => {
	const notPem = join(folder, 'not.pem');
	writeFileSync(
		notPem,
		'hello\n-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n',
	);
	const cases: Array<[Partial<ClientOptions>, RegExp]> = [
		[{caFile: join(folder, 'missing.pem')}, /^ca_file \S+missing\.pem cannot be read \(ENOENT\)$/],
		[{caFile: notPem}, /^ca_file \S+not\.pem is not a PEM file of certificates/],
		[{caFile: folder}, /^ca_file \S+ is not a regular file$/],
		[{env: {HTTPS_PROXY: 'http://user:hunter22@[bad'}}, /^HTTPS_PROXY is not a URL/],
		[{env: {https_proxy: 'socks5://127.0.0.1:1080'}}, /^https_proxy uses socks5:/],
	];
	for (const [options, expected] of cases) {
		const error = (() => {
			try {
				createFrameClient({
					baseUrl: apiUrl(),
					credentials: {clientId: 'id', clientSecret: 'secret'},
					...options,
				});
			} catch (caught) {
				return caught;
			}

			return assert.fail('the client was created');
		})();
		assert.ok(error instanceof ClientConfigError);
		const {line, code} = describeError(error);
		assert.match(line, expected);
		assert.doesNotMatch(line, /hunter22/);
		assert.equal(code, 2);
	}
});

test('a ca_file that is a FIFO or a device is refused at once (exit 2), not read for ever', {
	skip: process.platform === 'win32',
	timeout: 60_000,
}, async (t) => {
	const fifo = join(folder, 'ca.fifo');
	execFileSync('mkfifo', [fifo]);
	for (const path of [fifo, '/dev/zero']) {
		const config = await writeConfig(
			t,
			`default_profile = "p"\n${profileTable('p', sim, {api_url: toml(apiUrl()), ca_file: toml(path)})}`,
		);
		// A process of its own: the read this guards against would block this one for good.
		const child = startCli(['accounts'], cliEnvironment({FRAME_TUI_CONFIG: config}));
		t.after(() => child.kill('SIGKILL'));
		child.stdin.end();
		const run = await child.exited;
		assert.equal(run.code, 2, path);
		assert.equal(run.stderr, `frame-tui: ca_file ${path} is not a regular file\n`);
	}
});

test('the program through a proxy: an untrusted certificate is one line and exit 1; NODE_EXTRA_CA_CERTS trusts it', async (t) => {
	const tunnel = await proxy(t);
	const env = cliEnvironment({
		FRAME_API_URL: apiUrl(),
		FRAME_CLIENT_ID: sim.clientId,
		FRAME_CLIENT_SECRET: sim.clientSecret,
		HTTPS_PROXY: tunnel.url,
	});
	delete env.NODE_EXTRA_CA_CERTS;
	sim.resetStats();

	const refused = await runCli(['accounts'], env);
	assert.equal(refused.code, 1);
	assert.equal(
		refused.stderr,
		"frame-tui: GET /accounts: network error: the server's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): add its CA with ca_file in the profile or NODE_EXTRA_CA_CERTS\n",
	);
	assert.equal(sim.stats().requests, 0);

	const trusted = await runCli(['accounts', '--json'], {...env, NODE_EXTRA_CA_CERTS: caFile});
	assert.equal(trusted.code, 0, trusted.stderr);
	assert.deepEqual(
		(JSON.parse(trusted.stdout) as Array<{id: string}>).map((entry) => entry.id),
		sim.accounts().map((entry) => entry.id),
	);
	assert.deepEqual(tunnel.connects, [`${host}:${port()}`, `${host}:${port()}`]);
});
