import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Session} from '../../source/api/types.js';
import {printResults} from '../../source/commands/close-report.js';
import {progressReporter, waitsText} from '../../source/commands/progress.js';
import {summarize} from '../../source/ops/close-outcomes.js';
import {hostileText} from '../../source/simulator/hostile.js';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {rawControl} from '../helpers/raw-controls.js';

async function hostileSimulator(t: {after: (fn: () => Promise<void>) => void}, options = {}) {
	const sim = await startSimulator({accounts: 2, sessions: 30, hostile: true, ...options});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	return {sim, accountId: account.id, env: simulatorEnvironment(sim)};
}

/** Runs frame-tui and checks that nothing it wrote carries a raw control character. */
async function runSafely(args: readonly string[], env: Record<string, string>) {
	const run = await runInProcess(args, env);
	for (const [name, text] of [
		['stdout', run.stdout],
		['stderr', run.stderr],
	] as const) {
		const found = rawControl.exec(text);
		assert.equal(
			found,
			null,
			`${name} of ${args.join(' ')} carries U+${found?.[0].charCodeAt(0).toString(16)}:\n${text}`,
		);
	}

	return run;
}

test('hostile names, users and ids reach tables, plans and results only as visible escapes', async (t) => {
	const {sim, accountId, env} = await hostileSimulator(t);
	const accounts = await runSafely(['accounts'], env);
	assert.match(accounts.stdout, /Tradeshow Demo\\x1b\]0;PWNED\\x07/);

	const pools = await runSafely(['pools', '--account', accountId], env);
	assert.match(pools.stdout, /Air 8GB\\r {2}Test \(test\): 1/);
	assert.match(pools.stdout, /研修 🖥️ Test/);

	const sessions = await runSafely(['sessions', '--account', accountId], env);
	for (const escaped of [
		'\\x1b]52;c;cHduZWQ=\\x07',
		'\\x1b[2J',
		'\\u202egnp.exe',
		'\\x9b2J\\u200b',
	]) {
		assert.ok(sessions.stdout.includes(escaped), `${escaped} is shown:\n${sessions.stdout}`);
	}

	const dryRun = await runSafely(
		['close', '--account', accountId, '--kind', 'production', '--dry-run'],
		env,
	);
	assert.match(dryRun.stdout, /^ {2}Air 8GB\\r {2}Test \(test\): 1 \(production\): \d+$/m);

	sim.inject({
		method: 'DELETE',
		status: 409,
		times: 3,
		body: {message: `moved${hostileText.title}${hostileText.overwrite}`},
	});
	const close = await runSafely(
		['close', '--account', accountId, '--kind', 'production', '--yes'],
		env,
	);
	assert.equal(close.code, 1);
	const progress = close.stderr.split('\n').filter((line) => line.startsWith('Closing: '));
	assert.equal(new Set(progress).size, progress.length, 'no progress line is printed twice');
	assert.match(progress.at(-1) ?? '', /^Closing: (\d+)\/\1 \(100%, 5 failed\) /);
	assert.match(close.stdout, /request rejected \(HTTP 409\): moved\\x1b\]0;PWNED\\x07 Test/);
	assert.match(close.stderr, /^Closing \d+ sessions in 2 pools of Tradeshow Demo\\x1b/m);
});

test('--json keeps hostile strings exact, yet writes none of them raw', async (t) => {
	const {sim, accountId, env} = await hostileSimulator(t);
	const run = await runSafely(['sessions', '--account', accountId, '--json'], env);
	const listed = JSON.parse(run.stdout) as Session[];
	assert.deepEqual(
		listed.map((session) => session.user_email).sort(),
		sim
			.activeSessions(accountId)
			.map((session) => session.user_email)
			.sort(),
	);
	assert.ok(listed.some((session) => session.user_email?.startsWith(hostileText.clipboard)));
	const accounts = JSON.parse((await runSafely(['accounts', '--json'], env)).stdout) as Array<{
		name: string;
	}>;
	assert.equal(accounts[0]?.name, sim.accounts()[0]?.name);
});

test('an id that is empty, "." or ".." exits 2 before any request', async (t) => {
	const {sim, accountId, env} = await hostileSimulator(t);
	for (const args of [
		['close', '--account', accountId, '--session', '..', '--yes'],
		['close', '--account', accountId, '--session', '.', '--yes'],
		['close', '--account', accountId, '--session', '', '--yes'],
		['close', '--account', '..', '--all', '--yes'],
		['sessions', '--account', '.'],
		['sessions', '--account', accountId, '--pool', '..'],
	]) {
		const run = await runSafely(args, env);
		assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
		assert.match(
			run.stderr,
			/^frame-tui: --(session|account|pool) (needs a value|".*" is not an id)/,
		);
	}

	assert.equal(sim.stats().requests, 0);
});

test('an account the server lists with the id ".." is never sent in a path', async (t) => {
	const {sim, env} = await hostileSimulator(t);
	const run = await runSafely(['close', '--account', 'Dot Account', '--all', '--yes'], env);
	assert.equal(run.code, 1);
	assert.match(
		run.stderr,
		/^frame-tui: GET \/accounts\/…\/pools: invalid id: "\.\." cannot be placed in a URL path$/m,
	);
	assert.equal(sim.stats().byMethod.DELETE, undefined);
	assert.deepEqual(Object.keys(sim.stats().byMethod), ['GET']);
	assert.equal(sim.stats().requests, 1, 'only the accounts list');
});

test('FRAME_API_URL with a query, a fragment or user info exits 2', async (t) => {
	const {sim, env} = await hostileSimulator(t);
	for (const url of [`${sim.url}?x=1`, `${sim.url}#x`, sim.url.replace('//', '//me:pw@')]) {
		const run = await runSafely(['accounts'], {...env, FRAME_API_URL: url});
		assert.equal(run.code, 2, url);
		assert.match(run.stderr, /^frame-tui: FRAME_API_URL must not (have a query|contain a user)/);
	}

	assert.equal(sim.stats().requests, 0);
});

test('a secret passed by mistake as an argument is never echoed', async (t) => {
	const {sim, env} = await hostileSimulator(t);
	const positional = await runSafely(['accounts', sim.clientSecret], env);
	assert.equal(positional.code, 2);
	assert.equal(positional.stderr, 'frame-tui: unexpected argument "***": see frame-tui --help\n');
	for (const args of [[`--${sim.clientSecret}`], ['--account', 'x', `-${sim.clientSecret}`]]) {
		const run = await runSafely(args, env);
		assert.equal(run.code, 2);
		assert.ok(!`${run.stdout}${run.stderr}`.includes(sim.clientSecret), run.stderr);
	}
});

test('a DELETE answered 200 with an HTML page counts as closed', async (t) => {
	const {sim, accountId, env} = await hostileSimulator(t, {closeAnswer: 'html'});
	const [target] = sim.activeSessions(accountId).filter((session) => session.id.length > 2);
	assert.ok(target);
	const run = await runSafely(
		['close', '--account', accountId, '--session', target.id, '--yes', '--json'],
		env,
	);
	assert.equal(run.code, 0, run.stderr);
	const document = JSON.parse(run.stdout) as {results: Array<{status: string}>};
	assert.equal(document.results[0]?.status, 'closed');
	assert.equal(
		sim.sessions(accountId).find((session) => session.id === target.id)?.state,
		'closed',
	);
});

test('refused credentials stop the close after a few sessions, with the reason said once', async (t) => {
	const sim = await startSimulator({
		accounts: 1,
		sessions: 40,
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret-0123', role: 'read-only'}],
	});
	t.after(() => sim.close());
	const accountId = sim.accounts()[0]?.id ?? '';
	const env = simulatorEnvironment(sim);
	const text = await runSafely(
		['close', '--account', accountId, '--all', '--yes', '--concurrency', '1'],
		env,
	);
	assert.equal(text.code, 1);
	assert.equal(
		text.stdout.match(/Stopped: 5 sessions in a row were refused: forbidden/g)?.length,
		1,
	);
	assert.match(text.stdout, /^0 closed, 0 already closed, 5 failed, 35 not attempted$/m);
	const json = await runSafely(
		['close', '--account', accountId, '--all', '--yes', '--json', '--concurrency', '1'],
		env,
	);
	const document = JSON.parse(json.stdout) as {stopped?: {by: string; reason: string}};
	assert.equal(document.stopped?.by, 'breaker');
	assert.match(document.stopped?.reason ?? '', /forbidden/);
	assert.equal(sim.stats().byMethod.DELETE, 10);
});

test('the progress line says what waits and why', () => {
	const now = 100_000;
	const retry = (reason: string, retryAfter: boolean, until: number) => ({
		attempt: 1,
		maxAttempts: 5,
		reason,
		until,
		retryAfter,
	});
	const retries = new Map([
		['a', retry('503', false, now + 500)],
		['b', retry('503', false, now - 10)],
		['c', retry('timeout', false, now + 10)],
		['d', retry('429', true, now + 12_000)],
	]);
	const inFlight = new Map([
		['a', now - 9000],
		['e', now - 14_200],
		['f', now - 1000],
	]);
	assert.equal(
		waitsText(retries, inFlight, now),
		'2 retrying (503), 1 retrying (timeout), 1 waiting 12 s (Retry-After), 1 with no answer for 14 s',
	);
	assert.equal(waitsText(new Map(), new Map(), now), '');
});

test('a close waiting its turn under a rate limit reads as paced, not as a server with no answer', () => {
	let now = 0;
	const lines: string[] = [];
	const output = {write: (text: string) => lines.push(text)};
	const session = {id: 'gateway-prod.1'};
	const other = {id: 'gateway-prod.2'};
	const closed = {
		session: other,
		status: 'closed',
		result: {id: other.id, status: 'closed', attempts: 1},
	} as const;
	const waiting = progressReporter(output, 2, () => now);
	waiting.onEvent({session, status: 'closing'});
	now = 9000;
	waiting.onPaced(12.4);
	waiting.onEvent(closed);
	assert.equal(lines.at(-1), 'Closing: 1/2 (50%) · paced: 12/s (rate limit) 9.0s\n');
	waiting.finish();

	now = 0;
	const silent = progressReporter(output, 2, () => now);
	silent.onEvent({session, status: 'closing'});
	silent.onEvent({session, status: 'closing', sentAt: 0});
	now = 9000;
	silent.onEvent(closed);
	assert.equal(lines.at(-1), 'Closing: 1/2 (50%) · 1 with no answer for 9 s 9.0s\n');

	silent.onApi({status: 'unavailable', since: 1000, reason: '503'});
	assert.match(lines.at(-1) ?? '', /· API unavailable for 8 s \(503\): waiting/);
	silent.finish();
	assert.doesNotMatch(lines.at(-1) ?? '', /unavailable/, 'once the run is over nothing waits');
});

// A million sessions are in the benchmark (bench/scale.ts), and the headless listing of 200,000.
test('the final report of 200,000 sessions prints whole', () => {
	const results = Array.from({length: 200_000}, (_, index) => ({
		id: `gateway-prod.${index}`,
		pool_id: 'p1',
		status: index % 10 === 0 ? ('failed' as const) : ('closed' as const),
		attempts: 1,
		...(index % 10 === 0 ? {error: 'DELETE /x: server error (HTTP 503)'} : {}),
	}));
	let lines = 0;
	let last = '';
	const stdout = {
		write(text: string) {
			lines += text.split('\n').length - 1;
			last = (last + text).slice(-1000);
			return true;
		},
	};
	printResults({stdout}, {results, summary: summarize(results)}, new Map());
	assert.equal(
		lines,
		200_006,
		'a header, a line a session, what was not closed (a title, a reason, its ids), the sums',
	);
	assert.match(
		last,
		/\n {2}20000 failed: server error \(HTTP 503\)\n {4}gateway-prod\.0, gateway-prod\.10, .* and 19990 more\n180000 closed, 0 already closed, 20000 failed, 0 not attempted\n$/,
	);
});
