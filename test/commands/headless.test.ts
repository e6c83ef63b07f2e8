import assert from 'node:assert/strict';
import {test} from 'node:test';
import {demoSimulatorOptions} from '../../source/simulator/demo.js';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';
import {
	cliEnvironment,
	runCli,
	runInProcess,
	simulatorEnvironment,
	startCli,
	waitFor,
} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

type CloseJson = {
	results: Array<{id: string; pool_id?: string; status: string; attempts: number; error?: string}>;
	summary: Record<'closed' | 'already_closed' | 'failed' | 'not_attempted', number>;
};

async function simulator(t: {after: (fn: () => Promise<void>) => void}, options = {}) {
	const sim = await startSimulator({accounts: 2, sessions: 30, ...options});
	t.after(() => sim.close());
	return sim;
}

function firstAccount(sim: Simulator): string {
	const [account] = sim.accounts();
	assert.ok(account);
	return account.id;
}

/** How many pools these sessions are in. */
function poolCount(sim: Simulator, accountId: string, ids: readonly string[]): number {
	const poolOf = new Map(sim.sessions(accountId).map((session) => [session.id, session.pool_id]));
	return new Set(ids.map((id) => poolOf.get(id))).size;
}

test('close --kind production --yes closes exactly the production sessions of that account', async (t) => {
	const sim = await simulator(t);
	const [account, other] = sim.accounts();
	assert.ok(account && other);
	const production = openSessionIds(sim, account.id, 'production');
	const rest = sim.activeSessions(account.id).filter((session) => !production.includes(session.id));
	const otherBefore = sim.activeSessions(other.id).length;
	assert.ok(production.length > 0 && rest.length > 0);

	const run = await runInProcess(
		['close', '--account', account.id, '--kind', 'production', '--yes'],
		simulatorEnvironment(sim),
	);

	assert.equal(run.code, 0, run.stderr);
	const states = new Map(sim.sessions(account.id).map((session) => [session.id, session.state]));
	for (const id of production) {
		assert.equal(states.get(id), 'closed', id);
	}

	assert.deepEqual(
		sim.activeSessions(account.id).map((session) => session.id),
		rest.map((session) => session.id),
	);
	assert.equal(sim.activeSessions(other.id).length, otherBefore);
	assert.equal(sim.stats().byMethod.DELETE, production.length);
	assert.match(
		run.stdout,
		new RegExp(`^${production.length} closed, 0 already closed, 0 failed, 0 not attempted$`, 'm'),
	);
	assert.match(
		run.stderr,
		new RegExp(
			`Closing ${production.length} sessions in ${poolCount(sim, account.id, production)} pools of `,
		),
	);
});

test('--json prints one document that agrees with the simulator', async (t) => {
	const sim = await simulator(t, {failRate: 0.3});
	const accountId = firstAccount(sim);
	const production = openSessionIds(sim, accountId, 'production');
	const run = await runInProcess(
		['close', '--account', accountId, '--kind', 'production', '--yes', '--json'],
		simulatorEnvironment(sim),
	);

	assert.equal(run.code, 0, run.stderr);
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.deepEqual(
		document.results.map((result) => result.id),
		production,
	);
	assert.deepEqual(document.summary, {
		closed: production.length,
		already_closed: 0,
		failed: 0,
		not_attempted: 0,
		unknown: 0,
	});
	const states = new Map(sim.sessions(accountId).map((session) => [session.id, session.state]));
	const pools = new Map(sim.sessions(accountId).map((session) => [session.id, session.pool_id]));
	for (const result of document.results) {
		assert.equal(result.status, 'closed');
		assert.equal(states.get(result.id), 'closed');
		assert.equal(result.pool_id, pools.get(result.id));
		assert.equal(Object.hasOwn(result, 'error'), false);
	}

	const attempts = document.results.reduce((sum, result) => sum + result.attempts, 0);
	assert.equal(attempts, sim.stats().byMethod.DELETE);
	assert.ok(attempts > production.length, 'some closes were retried');
});

test('without --yes and without a terminal it exits 2 and closes nothing', async (t) => {
	// A process, for its stdin: a pipe, so not a terminal.
	const sim = await simulator(t);
	const accountId = firstAccount(sim);
	const before = sim.activeSessions(accountId).length;
	const run = await runCli(
		['close', '--account', accountId, '--kind', 'production'],
		cliEnvironment(simulatorEnvironment(sim)),
	);

	assert.equal(run.code, 2);
	assert.match(
		run.stderr,
		/^frame-tui: refusing to close \d+ sessions without confirmation: stdin is not a terminal, so pass --yes$/m,
	);
	assert.equal(sim.stats().byMethod.DELETE, undefined);
	assert.equal(sim.activeSessions(accountId).length, before);
});

test('a wrong secret exits 1 saying authentication failed, and the secret is in no output', async (t) => {
	const sim = await simulator(t);
	const accountId = firstAccount(sim);
	const before = sim.activeSessions(accountId).length;
	const secret = 'wrong-secret-5f2a9c81d7';
	for (const args of [
		['accounts'],
		['close', '--account', accountId, '--all', '--yes', '--json'],
	]) {
		const run = await runInProcess(args, simulatorEnvironment(sim, secret));
		assert.equal(run.code, 1);
		assert.equal(
			run.stderr,
			'frame-tui: GET /accounts: authentication failed (HTTP 401): invalid signature; check FRAME_CLIENT_ID and FRAME_CLIENT_SECRET (Frame console: Users → API)\n',
		);
		assert.equal(run.stdout, '');
		assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret));
	}

	assert.equal(sim.activeSessions(accountId).length, before);
});

test('the process exits with the code of the outcome: 1 when a call fails, 2 for bad input', async (t) => {
	// The exit code as a shell sees it, and stderr with nothing but the one line (no trace, no warning).
	const sim = await simulator(t);
	const [failed, bad] = await Promise.all([
		runCli(['accounts'], cliEnvironment(simulatorEnvironment(sim, 'wrong-secret-5f2a9c81d7'))),
		runCli(['accounts', '--frobnicate=hunter2'], cliEnvironment(simulatorEnvironment(sim))),
	]);
	assert.equal(failed.code, 1, failed.stderr);
	assert.match(
		failed.stderr,
		/^frame-tui: GET \/accounts: authentication failed \(HTTP 401\)[^\n]*\n$/,
	);
	assert.equal(bad.code, 2, bad.stderr);
	assert.equal(bad.stderr, 'frame-tui: unknown flag --frobnicate: see frame-tui --help\n');
});

test('closes that fail exit 1 and report each failure', async (t) => {
	const sim = await simulator(t, {
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret', role: 'read-only'}],
	});
	const accountId = firstAccount(sim);
	const test = openSessionIds(sim, accountId, 'test');
	const run = await runInProcess(
		['close', '--account', accountId, '--kind', 'test', '--yes', '--json'],
		simulatorEnvironment(sim),
	);

	assert.equal(run.code, 1);
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.equal(document.summary.failed, test.length);
	for (const result of document.results) {
		assert.equal(result.status, 'failed');
		assert.match(result.error ?? '', /forbidden/);
	}
});

test("demo mode: close --kind production --yes closes exactly that account's production sessions", async (t) => {
	// The demo simulator is seeded, so one started here with the same options holds the same data.
	const twin = await startSimulator(demoSimulatorOptions);
	t.after(() => twin.close());
	const [account] = twin.accounts();
	assert.ok(account);
	const production = openSessionIds(twin, account.id, 'production');

	// No credentials in the environment: demo mode.
	const run = await runInProcess(
		['close', '--account', account.id, '--kind', 'production', '--yes', '--json'],
		{},
	);

	assert.equal(run.code, 0, run.stderr);
	assert.match(
		run.stderr,
		/^frame-tui: demo mode: FRAME_CLIENT_ID and FRAME_CLIENT_SECRET are not set/,
	);
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.deepEqual(document.results.map((result) => result.id).sort(), production.sort());
	assert.equal(document.summary.closed, production.length);
});

test('listing commands print tables, or JSON that agrees with the simulator', async (t) => {
	const sim = await simulator(t);
	const env = simulatorEnvironment(sim);
	const [account] = sim.accounts();
	assert.ok(account);
	const accountId = account.id;

	const accounts = await runInProcess(['accounts', '--json'], env);
	assert.equal(accounts.code, 0);
	assert.deepEqual(
		(JSON.parse(accounts.stdout) as Array<{id: string}>).map((listed) => listed.id),
		sim.accounts().map((listed) => listed.id),
	);

	const pools = await runInProcess(['pools', '--account', accountId], env);
	assert.equal(pools.code, 0);
	const counts = new Map<string, number>();
	for (const session of sim.activeSessions(accountId)) {
		counts.set(session.pool_id ?? '', (counts.get(session.pool_id ?? '') ?? 0) + 1);
	}

	for (const pool of sim.pools(accountId)) {
		assert.match(
			pools.stdout,
			new RegExp(
				`^${pool.name}\\s+${pool.kind}\\s+${pool.external_id}\\s+${counts.get(pool.external_id) ?? 0}$`,
				'm',
			),
		);
	}

	const sessions = await runInProcess(
		['sessions', '--account', accountId, '--kind', 'test', '--json'],
		env,
	);
	assert.equal(sessions.code, 0);
	assert.deepEqual(
		// The order (newest first) is headless-order.test.ts's; here, which sessions.
		(JSON.parse(sessions.stdout) as Array<{id: string}>).map((session) => session.id).sort(),
		[...openSessionIds(sim, accountId, 'test')].sort(),
	);

	// By name, as people type them: the account's and a pool's.
	const testPool = sim.pools(accountId).find((pool) => pool.kind === 'test');
	assert.ok(testPool?.name);
	const inPool = sim.activeSessions(accountId).filter((s) => s.pool_id === testPool.external_id);
	const byName = await runInProcess(
		['sessions', '--account', account.name, '--pool', testPool.name],
		env,
	);
	assert.equal(byName.code, 0, byName.stderr);
	assert.match(byName.stdout, new RegExp(`^${inPool.length} active sessions$`, 'm'));
});

test('an account name that several accounts share is refused: the id is needed', async (t) => {
	const sim = await simulator(t);
	const [first, ...others] = sim.accounts();
	assert.ok(first && others.length > 0);
	const env = simulatorEnvironment(sim);
	// Every account renamed to the first one's name, for the next two account listings.
	sim.inject({
		path: '/accounts',
		times: 2,
		body: sim.accounts().map((account) => ({...account, name: first.name})),
	});

	const byName = await runInProcess(['sessions', '--account', first.name], env);
	assert.equal(byName.code, 2);
	assert.equal(
		byName.stderr,
		`frame-tui: ${sim.accounts().length} accounts are named "${first.name}": use the account id\n`,
	);
	assert.equal(byName.stdout, '');

	const byId = await runInProcess(['sessions', '--account', first.id, '--json'], env);
	assert.equal(byId.code, 0, byId.stderr);
	assert.deepEqual(
		(JSON.parse(byId.stdout) as Array<{id: string}>).map((session) => session.id).sort(),
		[...openSessionIds(sim, first.id)].sort(),
	);
});

test('bad input gets one line and exit code 2, never a stack trace', async (t) => {
	const sim = await simulator(t);
	const live = simulatorEnvironment(sim);
	const cases: Array<[string[], Record<string, string>, RegExp]> = [
		[
			['close', '--account', firstAccount(sim)],
			live,
			/close needs --session, --pool, --kind, --all or --retry/,
		],
		[
			['close', '--account', firstAccount(sim), '--all', '--kind', 'test'],
			live,
			/--all cannot be combined/,
		],
		[['pools'], live, /--account is required/],
		[['pools', '--account', 'nope'], live, /no account "nope"/],
		[
			['sessions', '--account', firstAccount(sim), '--pool', 'Nope'],
			live,
			/no pool "Nope" in account/,
		],
		[['close', '--concurrency', '100'], live, /--concurrency takes a whole number from 1 to 64/],
		[['accounts', '--frobnicate=hunter2'], live, /unknown flag --frobnicate: see frame-tui --help/],
		[
			['accounts', '--client-secret', 'hunter2'],
			live,
			/read from FRAME_CLIENT_SECRET only, never from a flag/,
		],
		[['explode'], live, /unknown command "explode"/],
		[['accounts'], {FRAME_CLIENT_ID: 'x'}, /FRAME_CLIENT_SECRET is not set but FRAME_CLIENT_ID is/],
		[
			['accounts'],
			{
				FRAME_CLIENT_ID: 'x',
				FRAME_CLIENT_SECRET: 'hunter2',
				FRAME_API_URL: 'http://api.example.com/v1',
			},
			/plain http to api.example.com: only https is allowed beyond this machine/,
		],
		[
			['accounts'],
			{
				FRAME_CLIENT_ID: 'x',
				FRAME_CLIENT_SECRET: 'hunter2',
				FRAME_API_URL: 'https://api.example.com/v1',
				HTTPS_PROXY: 'http://me:hunter2@[proxy',
			},
			/HTTPS_PROXY is not a URL such as http:\/\/proxy.example:3128/,
		],
		[['accounts'], {FRAME_TUI_DEMO_DELETE_MS: 'soon'}, /FRAME_TUI_DEMO_DELETE_MS must be a number/],
	];
	for (const [args, env, message] of cases) {
		const run = await runInProcess(args, env);
		assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
		const lines = run.stderr
			.trimEnd()
			.split('\n')
			.filter((line) => !line.startsWith('frame-tui: demo mode'));
		assert.equal(lines.length, 1, run.stderr);
		assert.match(lines[0] ?? '', message);
		assert.match(lines[0] ?? '', /^frame-tui: /);
		assert.ok(!run.stderr.includes('hunter2') && !run.stdout.includes('hunter2'));
	}

	assert.equal(sim.stats().byMethod.DELETE, undefined, 'nothing was closed');
});

test('--help and --version print and exit 0', async () => {
	const help = await runInProcess(['--help'], {});
	assert.equal(help.code, 0);
	assert.match(help.stdout, /frame-tui close {4}--account ID/);
	const version = await runInProcess(['--version'], {});
	assert.equal(version.code, 0);
	assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('simulate prints exports that another frame-tui can use, and stops on Ctrl-C', async () => {
	const simulate = startCli(
		['simulate', '--accounts', '2', '--organizations', '2', '--sessions', '12', '--seed', '9'],
		cliEnvironment(),
	);
	simulate.stdin.end();
	await waitFor(
		() => simulate.output.stdout.includes('Ctrl-C stops it.'),
		'the simulator to start',
	);
	const exports = Object.fromEntries(
		[...simulate.output.stdout.matchAll(/^ {2}export (FRAME_\w+)=(\S+)$/gm)].map((match) => [
			match[1],
			match[2],
		]),
	);
	assert.deepEqual(Object.keys(exports).sort(), [
		'FRAME_API_URL',
		'FRAME_CLIENT_ID',
		'FRAME_CLIENT_SECRET',
	]);
	assert.match(simulate.output.stdout, /: 2 accounts in 2 organizations, 12 sessions each\./);

	const accounts = await runInProcess(['accounts', '--json'], exports as Record<string, string>);
	assert.equal(accounts.code, 0, accounts.stderr);
	assert.equal((JSON.parse(accounts.stdout) as unknown[]).length, 2);
	assert.doesNotMatch(accounts.stderr, /demo mode/);

	simulate.kill('SIGINT');
	const stopped = await simulate.exited;
	assert.equal(stopped.code, 0);
	assert.match(stopped.stderr, /Simulator stopped\./);
});

test('a close at high concurrency warns of nothing: stderr has the plan and the progress only', async (t) => {
	// A process, because Node prints its warnings on the process's own stderr.
	const sim = await simulator(t, {accounts: 1, sessions: 80});
	const run = await runCli(
		['close', '--account', firstAccount(sim), '--all', '--yes', '--concurrency', '64'],
		cliEnvironment(simulatorEnvironment(sim)),
	);
	assert.equal(run.code, 0, run.stderr);
	assert.doesNotMatch(run.stderr, /Warning/);
	assert.deepEqual(
		run.stderr.split('\n').filter((line) => !/^(Closing| {2}\S.*: \d+$)/.test(line) && line !== ''),
		[],
	);
});

test('a reader that goes away ends the output quietly: the close still finishes, with its exit code', async (t) => {
	const sim = await simulator(t, {accounts: 1, sessions: 1000});
	const account = firstAccount(sim);
	const env = cliEnvironment(simulatorEnvironment(sim));

	// More than a pipe holds, so the program is still writing when the reader leaves.
	const listing = startCli(['sessions', '--account', account], env);
	listing.stdin.end();
	listing.stdout.once('data', () => listing.stdout.destroy());
	const listed = await listing.exited;
	assert.equal(listed.code, 0, listed.stderr);
	assert.doesNotMatch(listed.stderr, /EPIPE|Error/);

	const close = startCli(['close', '--account', account, '--all', '--yes', '--json'], env);
	close.stdin.end();
	close.stdout.destroy();
	const closed = await close.exited;
	assert.equal(closed.code, 0, closed.stderr);
	assert.doesNotMatch(closed.stderr, /EPIPE|Error/);
	assert.deepEqual(openSessionIds(sim, account), []);
});
