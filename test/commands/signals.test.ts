import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stopGraceMs} from '../../source/ops/stopper.js';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';
import {
	cliEnvironment,
	simulatorEnvironment,
	startCli,
	startInProcessCli,
	waitFor,
} from '../helpers/cli.js';

type CloseJson = {
	results: Array<{id: string; status: string; attempts: number; error?: string}>;
	summary: Record<'closed' | 'already_closed' | 'unknown' | 'failed' | 'not_attempted', number>;
	stopped?: {by: string};
};

async function simulator(t: {after: (fn: () => Promise<void>) => void}, options = {}) {
	const sim = await startSimulator({accounts: 1, sessions: 200, ...options});
	t.after(() => sim.close());
	const accountId = sim.accounts()[0]?.id;
	assert.ok(accountId);
	return {sim, accountId};
}

/** The arguments of `close --all --yes --json` at this concurrency. */
const closeAll = (accountId: string, concurrency: number) => [
	'close',
	'--account',
	accountId,
	'--all',
	'--yes',
	'--json',
	'--concurrency',
	String(concurrency),
];

/** `close --all --yes --json` of the built program, against the simulator. */
function startClose(
	sim: Simulator,
	accountId: string,
	concurrency: number,
	env: Record<string, string> = {},
) {
	const child = startCli(
		closeAll(accountId, concurrency),
		cliEnvironment({...simulatorEnvironment(sim), ...env}),
	);
	child.stdin.end();
	return child;
}

/**
 * The same close run in this process, its signals handed to the run's stop listeners as
 * cli/main.ts hands them a real one: for how a close stops, which a process does not change.
 */
function startCloseInProcess(
	sim: Simulator,
	accountId: string,
	concurrency: number,
	env: Record<string, string> = {},
) {
	return startInProcessCli(closeAll(accountId, concurrency), {
		...simulatorEnvironment(sim),
		...env,
	});
}

/**
 * Every session has exactly one result, and the results agree with the simulator: what it closed
 * is reported closed, already closed or unknown, and nothing reported closed is still open.
 */
function assertAccountedFor(sim: Simulator, accountId: string, document: CloseJson): void {
	const ids = document.results.map((result) => result.id);
	assert.equal(new Set(ids).size, ids.length, 'no session is reported twice');
	assert.equal(ids.length, sim.sessions(accountId).length, 'no session is lost');
	const states = new Map(sim.sessions(accountId).map((session) => [session.id, session.state]));
	for (const result of document.results) {
		const closedOnServer = states.get(result.id) === 'closed';
		if (closedOnServer) {
			assert.match(result.status, /^(closed|already_closed|unknown)$/, result.id);
		} else {
			assert.match(result.status, /^(unknown|failed|not_attempted)$/, result.id);
		}
	}

	const counted = Object.values(document.summary).reduce((sum, count) => sum + count, 0);
	assert.equal(counted, ids.length);
}

for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143],
	['SIGHUP', 129],
] as const) {
	test(`${signal} during a close stops it, prints every result and exits ${code}`, async (t) => {
		const {sim, accountId} = await simulator(t, {latencyMs: 20});
		const child = startClose(sim, accountId, 2);
		await waitFor(() => (sim.stats().byMethod.DELETE ?? 0) >= 6, 'the first closes');
		child.kill(signal);
		const run = await child.exited;

		assert.equal(run.code, code, run.stderr);
		assert.match(run.stderr, new RegExp(`${signal}: stopping\\. No new closes start`));
		const document = JSON.parse(run.stdout) as CloseJson;
		assert.equal(document.stopped?.by, signal);
		assertAccountedFor(sim, accountId, document);
		assert.ok(document.summary.closed >= 5 && document.summary.not_attempted > 0);
	});
}

/** A close of 20 sessions whose first `hanging` DELETEs never get an answer. */
async function startHangingClose(
	t: {after: (fn: () => Promise<void>) => void},
	hanging: number,
	env: Record<string, string> = {},
) {
	const {sim, accountId} = await simulator(t, {sessions: 20});
	sim.inject({method: 'DELETE', hang: true, times: hanging});
	const child = startCloseInProcess(sim, accountId, hanging, env);
	await waitFor(() => sim.stats().inFlight === hanging, `${hanging} hanging closes`);
	return {sim, accountId, child};
}

test('a close hanging when SIGTERM comes gets the grace period, then ends unknown', async (t) => {
	// A grace of 0.8 s (FRAME_TUI_STOP_GRACE_MS), not 5: long enough to be told from none.
	const graceMs = 800;
	const {sim, accountId, child} = await startHangingClose(t, 4, {
		FRAME_TUI_STOP_GRACE_MS: String(graceMs),
	});
	const signalled = performance.now();
	child.kill('SIGTERM');
	const run = await child.exited;
	const took = performance.now() - signalled;

	assert.equal(run.code, 143, run.stderr);
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.deepEqual(document.summary, {
		closed: 0,
		already_closed: 0,
		unknown: 4,
		failed: 0,
		not_attempted: 16,
	});
	assertAccountedFor(sim, accountId, document);
	assert.ok(took >= graceMs - 100, `waited out the grace, took ${Math.round(took)} ms`);
	assert.ok(took < stopGraceMs, `then stopped, not after 5 s, took ${Math.round(took)} ms`);
});

test('a second Ctrl-C cancels closes in flight at once, and still prints every result', async (t) => {
	const {sim, accountId, child} = await startHangingClose(t, 3);
	const signalled = performance.now();
	child.kill('SIGINT');
	await waitFor(() => child.output.stderr.includes('SIGINT: stopping.'), 'the first stop');
	child.kill('SIGINT');
	const run = await child.exited;

	assert.equal(run.code, 130, run.stderr);
	assert.ok(performance.now() - signalled < stopGraceMs, 'without waiting out the grace');
	assert.match(run.stderr, /SIGINT: stopping now; closes in flight are reported unknown\./);
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.equal(document.summary.unknown, 3);
	assert.equal(document.summary.not_attempted, 17);
	assertAccountedFor(sim, accountId, document);
});

test('Ctrl-C cancels a Retry-After wait at once: those sessions were refused, not attempted', async (t) => {
	const {sim, accountId} = await simulator(t, {sessions: 10});
	sim.inject({method: 'DELETE', status: 429, headers: {'retry-after': '45'}, times: 2});
	const child = startCloseInProcess(sim, accountId, 2);
	await waitFor(
		() => /2 waiting 4\d s \(Retry-After\)/.test(child.output.stderr),
		() => `the progress line to show the wait; stderr:\n${child.output.stderr}`,
	);
	const signalled = performance.now();
	child.kill('SIGINT');
	const run = await child.exited;

	assert.equal(run.code, 130, run.stderr);
	assert.ok(performance.now() - signalled < stopGraceMs, 'no wait for the Retry-After');
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.deepEqual(document.summary, {
		closed: 0,
		already_closed: 0,
		unknown: 0,
		failed: 0,
		not_attempted: 10,
	});
	assert.equal(sim.stats().byMethod.DELETE, 2);
});

test('after a listing fails, the process ends at once rather than retrying beside it', async (t) => {
	const {sim, accountId} = await simulator(t, {sessions: 5});
	sim.inject({path: `/accounts/${accountId}/pools`, status: 400, body: {message: 'bad pools'}});
	sim.inject({path: `/accounts/${accountId}/active_sessions`, status: 503, times: 100});
	const child = startCli(
		['sessions', '--account', accountId],
		cliEnvironment(simulatorEnvironment(sim)),
	);
	child.stdin.end();
	const run = await child.exited;

	assert.equal(run.code, 1);
	assert.equal(
		run.stderr,
		`frame-tui: GET /accounts/${accountId}/pools: request rejected (HTTP 400): bad pools\n`,
	);
	// Retried to its end, the listing of sessions alone would be five GETs (a read's four retries).
	assert.ok(
		(sim.stats().byMethod.GET ?? 0) < 5,
		`the listing beside it was not retried on: ${sim.stats().byMethod.GET} GETs`,
	);
});

test('a signal while the results are printed lets them all out, then exits with its code', async (t) => {
	// 2,000 results are about 290 KB of JSON: several times what the pipe and this end hold unread.
	const {sim, accountId} = await simulator(t, {sessions: 2000});
	const child = startClose(sim, accountId, 32);
	// Nobody reads stdout for now, so the results wait in the pipe when the signal comes.
	child.stdout.pause();
	await waitFor(
		() => /^Closing: 2000\/2000 \(100%\)/m.test(child.output.stderr),
		'every close to end',
	);
	child.kill('SIGTERM');
	await waitFor(
		() =>
			child.output.stderr.includes('SIGTERM: every close has ended; printing their results first.'),
		'the signal to be taken',
	);
	child.stdout.resume();
	const run = await child.exited;

	assert.equal(run.code, 143, run.stderr);
	assert.doesNotMatch(run.stderr, /stopping/, 'nothing was left to stop');
	const document = JSON.parse(run.stdout) as CloseJson;
	assert.equal(document.summary.closed, 2000);
	assertAccountedFor(sim, accountId, document);
});
