import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sanitize} from '../../source/format/sanitize.js';
import {firstAccount, keys, openAllSessions, type RenderedApp, renderApp} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';

/** The rows of the close view's list: a mark, then the user and the session (not "✗ 3 × why"). */
function runRows(app: RenderedApp): string[] {
	return app
		.frame()
		.split('\n')
		.filter((line) => /^[✓✗?–·⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /.test(line) && !/^✗ \d+ × /.test(line));
}

/** Every session of the first account selected, and their close confirmed. */
async function closeAll(app: RenderedApp): Promise<number> {
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', /Closing \d+ sessions|Finished in/);
	return count;
}

/** How many of the account's sessions the simulator has closed. */
function closedOnServer(app: RenderedApp): number {
	return app.sim.sessions(app.accountId).filter((session) => session.state === 'closed').length;
}

test('during a close the Overall line counts each outcome and what is left; bars stack; f shows those not closed; they come first at the end', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 40, latencyMs: 30}, {concurrency: 2});
	// The first three closes are refused, the next two find their sessions gone.
	app.sim.inject({method: 'DELETE', status: 403, body: {message: 'not yours'}, times: 3});
	app.sim.inject({method: 'DELETE', status: 404, times: 2});
	const count = await closeAll(app);
	await app.waitForFrame(
		/^Overall +█+▓+✗+░+ \d+\/40 {2}[1-9]\d* closed {2}2 already closed {2}3 failed {2}[1-9]\d* left/m,
	);

	// f: the rows not closed alone (the failed first, then those still to close), while the run
	// goes on; f again: every row.
	await app.press('f', 'f all rows');
	const marks = runRows(app).map((row) => row.slice(0, 2));
	assert.deepEqual(marks.slice(0, 3), ['✗ ', '✗ ', '✗ ']);
	assert.ok(marks.length > 3 && !marks.includes('✓ '), marks.join(''));
	await app.press('f', 'f not closed');
	await app.waitForFrame('Finished in');
	assert.match(app.frame(), new RegExp(`^Overall +█+▓+✗+ ${count}/${count} {2}35 closed`, 'm'));
	assert.deepEqual(
		runRows(app)
			.slice(0, 4)
			.map((row) => row.slice(0, 2)),
		['✗ ', '✗ ', '✗ ', '✓ '],
		'the failed rows first',
	);
});

test('a pool whose every close failed shows its failures, not a full bar', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 40});
	const pool = app.sim.pools(app.accountId).find((candidate) => candidate.kind === 'test');
	const ids = app.sim
		.activeSessions(app.accountId)
		.filter((session) => session.pool_id === pool?.external_id)
		.map((session) => session.id);
	assert.ok(pool && ids.length > 1);
	// 409 is neither retried nor counted by the breaker: every close of the pool fails for good.
	app.sim.inject({
		method: 'DELETE',
		path: new RegExp(`/sessions/(${ids.join('|')})$`),
		status: 409,
		body: {message: 'busy'},
		times: ids.length,
	});
	await closeAll(app);
	await app.waitForFrame('Finished in');
	assert.match(
		app.frame(),
		new RegExp(`^${pool.name} \\(test\\) +✗+ 0/${ids.length} closed {2}${ids.length} failed$`, 'm'),
	);
});

test('a close waiting to retry says when and why: "retry in 1 s · 429"', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 3});
	app.sim.inject({method: 'DELETE', status: 429, headers: {'Retry-After': '1'}, times: 1});
	await closeAll(app);
	await app.waitForFrame(/ retry in 1 s · 429 \(attempt 2\/13\)$/m);
	await app.waitForFrame(': 3 closed, 0 already closed, 0 failed, 0 not attempted');
});

test('after a stop, r retries the failed and those never attempted, and says so; then r is gone', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 40, latencyMs: 30}, {concurrency: 2});
	app.sim.inject({method: 'DELETE', status: 403, body: {message: 'not yours'}, times: 2});
	const count = await closeAll(app);
	await app.waitForFrame(/ 2 failed {2}[1-9]\d* left/);
	await app.press(keys.escape, 'Stop closing?');
	// A stopped close does not read as one that finished.
	await app.press('y', /^Stopped after \d/m);
	assert.doesNotMatch(app.frame(), /Finished in/);
	const [, closed, notAttempted] =
		/: (\d+) closed, 0 already closed, 2 failed, (\d+) not attempted/.exec(app.frame()) ?? [];
	const retried = 2 + Number(notAttempted);
	assert.equal(Number(closed) + retried, count, app.frame());
	assert.match(app.frame(), new RegExp(`r retry ${retried}`));

	// f lists what is still open: the failed first, then those never attempted.
	await app.press('f', 'f all rows');
	assert.deepEqual(
		runRows(app)
			.slice(0, 3)
			.map((row) => row.slice(0, 2)),
		['✗ ', '✗ ', '– '],
	);
	await app.press('f', 'f not closed');

	// r closes again, so it asks as the first close did; n, Enter and Esc keep the sessions.
	const question = `Retry ${retried} sessions of ${sanitize(firstAccount(app).name)} (2 failed, ${notAttempted} not attempted)?`;
	for (const no of ['n', keys.enter, keys.escape]) {
		await app.press('r', question);
		assert.match(app.frame(), /Users are disconnected at once\./);
		await app.press(no, `r retry ${retried}`);
		assert.doesNotMatch(app.frame(), /Retry \d+ sessions/);
	}

	assert.equal(closedOnServer(app), Number(closed), 'no session closed by r without a yes');
	await app.press('r', question);
	await app.press('y', `Retrying 2 failed and ${notAttempted} not attempted`);
	await app.waitForFrame(`: ${count} closed, 0 already closed, 0 failed, 0 not attempted`);
	assert.equal(closedOnServer(app), count);
	assert.equal(
		app.sim.stats().byMethod.DELETE,
		count + 2,
		'each one closed once; the two refused twice',
	);

	// Nothing left to retry: r is not offered and does nothing; f says every session is closed.
	assert.doesNotMatch(app.frame(), /r retry/);
	await app.pressNoChange('r');
	await app.press('f', /f all rows/);
	assert.match(app.frame(), /Every session is closed\./);
	assert.equal(app.sim.stats().byMethod.DELETE, count + 2);
	assert.match(app.frame(), /^Finished in/m);
});

test('a second Ctrl-C at the stop question stops now: closes in flight are cancelled and end unknown', async (t) => {
	// The first two closes never answer and the grace is a minute: a plain stop would wait it out.
	const app = await renderApp(
		t,
		{accounts: 1, sessions: 10, latencyMs: 20},
		{concurrency: 2, graceMs: 60_000},
	);
	app.sim.inject({method: 'DELETE', hang: true, times: 2});
	await closeAll(app);
	await waitFor(() => app.sim.stats().inFlight >= 2, 'two closes in flight');
	await app.press(keys.ctrlC, 'Stop closing? Ctrl-C stops now.');
	await app.press(
		keys.ctrlC,
		/Stopped after .*: 0 closed, 0 already closed, 2 unknown, 0 failed, 8 not attempted/,
	);
	// An unknown close is safe to send again (DELETE is idempotent; a 404 reads as already closed).
	await app.press('r', 'Retry 10 sessions of');
	await app.press('y', 'Retrying 2 unknown and 8 not attempted');
	await app.waitForFrame(/: \d+ closed, \d+ already closed, 0 failed, 0 not attempted/);
	assert.equal(closedOnServer(app), 10);
});

test('a stop or quit question left open when the close ends goes away: the done view answers the keys', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 4, latencyMs: 400}, {concurrency: 4});
	await closeAll(app);
	await app.press(keys.escape, 'Stop closing?');
	// Nothing is answered: the four closes in flight finish on their own.
	await app.waitForFrame('Finished in');
	assert.doesNotMatch(app.frame(), /Stop closing\?/);
	assert.match(app.frame(), /Enter back/);
	// Enter is the done view's (back to the list), not a "no" to a question about nothing.
	await app.press(keys.enter, /\d+\/\d+$/m);
	assert.doesNotMatch(app.frame(), /Finished in/);
});

test('with the help open during a close, a window too small for it hands q to the close: the first q asks', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 20, latencyMs: 300}, {concurrency: 2});
	await closeAll(app);
	await app.press('?', 'Keys (');
	app.resize(40, 10);
	await app.waitForFrame('The window is too small.');
	await app.press('q', 'y/N Quit?');
	// n keeps the close going, its keys in the notice.
	await app.press('n', /Esc\/Ctrl-C stop/);
});

test('at 60×15 the stop question keeps "5 s" on one line', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 20, latencyMs: 300}, {concurrency: 2});
	await closeAll(app);
	app.resize(60, 15);
	await app.press(keys.escape, 'Stop closing?');
	const lines = app.frame().split('\n');
	assert.ok(
		lines.some((line) => line.includes('5\u00A0s, then end unknown')),
		app.frame(),
	);
	assert.ok(!lines.some((line) => /\b5$/.test(line.trimEnd())), app.frame());
	await app.press('n', /Esc\/Ctrl-C stop/);
});

test('at 40×10 a finished close keeps its result in the small-window notice', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 4});
	await closeAll(app);
	await app.waitForFrame('Finished in');
	app.resize(40, 10);
	await app.waitForFrame('The window is too small.');
	assert.match(
		app.frame().replace(/\s+/g, ' '),
		/Finished in \S+: 4 closed, 0 already closed, 0 failed, 0 not attempted/,
	);
	assert.match(app.frame(), /q quit/);
});
