import assert from 'node:assert/strict';
import {test} from 'node:test';
import {firstAccount, keys, openAllSessions, renderApp, tableRows} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

/** Waits long enough between attempts (200 to 400 ms) for the screen to show each retry. */
const slowRetries = {retry: {baseDelayMs: 400, maxDelayMs: 400}};
const time = String.raw`\d\d:\d\d:\d\d`;

/** The time the header says the data was refreshed. */
function refreshedAt(frame: string): string {
	const found = new RegExp(`refreshed (${time})`).exec(frame)?.[1];
	assert.ok(found, `a refresh time in:\n${frame}`);
	return found;
}

test('r on the accounts with the API down says it is retrying, then why it failed; the rows stay', async (t) => {
	const app = await renderApp(t, {}, {}, slowRetries);
	const accounts = app.sim.accounts();
	await app.waitForFrame(`❯ ${firstAccount(app).name}`);
	await app.waitForFrame(new RegExp(`refreshed ${time}`));
	const lastGood = refreshedAt(app.frame());
	app.sim.configure({failRate: 1});

	await app.press('r', new RegExp(`^retrying… [2-5]/5 \\(50\\d\\) · last good ${lastGood}`, 'm'));
	await app.waitForFrame(
		new RegExp(
			`^refresh failed: server error \\(HTTP 50\\d\\).* · last good ${lastGood} · r retries`,
			'm',
		),
	);
	for (const account of accounts) {
		assert.ok(app.frame().includes(account.name), `${account.name} is still listed`);
	}

	// The header no longer says the data is fresh.
	await app.waitForFrame(new RegExp(`│ Accounts +last good ${lastGood}$`, 'm'));
	assert.doesNotMatch(app.frame(), /refreshed/);
	assert.equal(app.sim.stats().failures, 5, 'one load: the first attempt and 4 retries');

	app.sim.configure({failRate: 0});
	await app.press('r', new RegExp(`│ Accounts +refreshed ${time}$`, 'm'));
	assert.doesNotMatch(app.frame(), /refresh failed|retrying/);
});

test('a failed load tries again by itself when the refresh is on, and says when', async (t) => {
	t.mock.timers.enable({apis: ['setInterval']});
	const app = await renderApp(t, {}, {refreshSeconds: 10});
	await app.waitForFrame(`❯ ${firstAccount(app).name}`);
	await app.waitForFrame(new RegExp(`refreshed ${time}`));
	const lastGood = refreshedAt(app.frame());
	app.sim.configure({failRate: 1});
	await app.press(
		'r',
		new RegExp(`^refresh failed: .* · last good ${lastGood} · next try ${time}`, 'm'),
	);

	app.sim.configure({failRate: 0});
	const gets = app.sim.stats().byMethod.GET ?? 0;
	t.mock.timers.tick(10_000);
	await app.waitForFrame(new RegExp(`│ Accounts +refreshed ${time}$`, 'm'));
	assert.doesNotMatch(app.frame(), /refresh failed/);
	assert.equal((app.sim.stats().byMethod.GET ?? 0) - gets, 1, 'one load, on the timer');
});

test('with --refresh, ticks while a load is retrying do not cancel it: its failure shows, the rows stay', async (t) => {
	t.mock.timers.enable({apis: ['setInterval']});
	const period = 2000;
	const app = await renderApp(t, {}, {refreshSeconds: period / 1000}, slowRetries);
	const count = await openAllSessions(app);
	const rowsBefore = tableRows(app);
	// The next five lists of sessions answer 503: every attempt of one load.
	app.sim.inject({
		path: `/accounts/${app.accountId}/active_sessions`,
		status: 503,
		body: {message: 'maintenance'},
		times: 5,
	});
	const before = app.sim.stats().requests;

	t.mock.timers.tick(period);
	await app.waitForFrame(/^retrying… 2\/5 \(503\)/m);
	// Ticks on the old code cancelled the load here and started another, which got past the 503s.
	t.mock.timers.tick(period);
	t.mock.timers.tick(period);
	await app.waitForFrame(/^retrying… [3-5]\/5 \(503\)/m);
	t.mock.timers.tick(period);
	await app.waitForFrame(
		/^refresh failed: server error \(HTTP 503\): maintenance · last good \d\d:\d\d:\d\d · next try/m,
	);
	assert.equal(app.sim.stats().requests - before, 1 + 5, 'the pools once, the sessions 5 times');
	assert.match(app.frame(), new RegExp(`^0 selected · ${count} sessions`, 'm'));
	const rowsNow = tableRows(app);
	// The failure's line takes one row of the table.
	assert.deepEqual(rowsNow, rowsBefore.slice(0, rowsNow.length), 'the rows stay');

	await app.waitForFrame(new RegExp(`│ .* All pools +last good ${time}$`, 'm'));
	// The next tick loads again, and this time it works.
	t.mock.timers.tick(period);
	await app.waitForFrame(new RegExp(`refreshed ${time}$`, 'm'));
	assert.doesNotMatch(app.frame(), /refresh failed/);
});

test('selected sessions that end between two refreshes leave the selection, and one line says so', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 20});
	const count = await openAllSessions(app);
	for (const selected of [1, 2, 3, 4]) {
		await app.press(keys.space, `${selected} selected`);
	}

	// Three of the four end, closed elsewhere: through the API, not through the app.
	const picked = tableRows(app)
		.slice(0, 4)
		.map((line) => line.match(/gateway-prod\.\w+/)?.[0] ?? '?');
	const ended = openSessionIds(app.sim, app.accountId).filter((id) =>
		picked.slice(0, 3).some((prefix) => id.startsWith(prefix)),
	);
	assert.equal(ended.length, 3);
	for (const id of ended) {
		await app.client.closeSession(app.accountId, id);
	}

	await app.press('r', /^3 selected sessions have ended: they left the selection\.$/m);
	assert.match(app.frame(), new RegExp(`^1 selected · ${count - 3} sessions`, 'm'));
	// The line lasts until the next key.
	await app.press(keys.down, /↑↓ move/);
	assert.doesNotMatch(app.frame(), /have ended/);
});

test('a failed first load of the pools names both lists, says what comes next, and offers no Enter', async (t) => {
	const app = await renderApp(t, {}, {}, slowRetries);
	const account = firstAccount(app);
	await app.waitForFrame(`❯ ${account.name}`);
	const sessionsFail = () =>
		app.sim.inject({
			path: `/accounts/${app.accountId}/active_sessions`,
			status: 503,
			body: {message: 'maintenance'},
			times: 5,
		});
	sessionsFail();
	await app.press(keys.enter, `Could not load the pools and sessions of ${account.name}`);
	assert.match(app.frame(), /Press r to retry\./);
	// Nothing to move over or open: the footer offers neither.
	assert.doesNotMatch(app.frame(), /Enter sessions|↑↓ move/);
	assert.match(app.frame(), /Esc\/← back {1,2}r refresh/);

	// While the app retries, the panel says so and does not ask for r.
	sessionsFail();
	await app.press('r', /Retrying now: attempt [2-5] of 5\./);
	assert.doesNotMatch(app.frame(), /Press r to retry/);
	await app.waitForFrame(/Press r to retry\./);

	await app.press('r', '❯ All pools');
	assert.match(app.frame(), /↑↓ move {1,2}Enter sessions/);
});

test('a failed first load with the refresh on says when the next try is, and that r is there too', async (t) => {
	t.mock.timers.enable({apis: ['setInterval']});
	const app = await renderApp(t, {}, {refreshSeconds: 10});
	await app.waitForFrame(`❯ ${firstAccount(app).name}`);
	app.sim.configure({failRate: 1});
	await app.press(keys.enter, 'Could not load the pools and sessions of');
	await app.waitForFrame(new RegExp(`Next try at ${time}, or press r\\.`));
	assert.doesNotMatch(app.frame(), /Press r to retry/);
});

test('a session whose close failed, which then ends on its own, is said to have ended', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 6});
	const count = await openAllSessions(app);
	const [first] = tableRows(app).map((line) => line.match(/gateway-prod\.\w+/)?.[0] ?? '?');
	const id = openSessionIds(app.sim, app.accountId).find((each) => each.startsWith(first ?? '?'));
	assert.ok(id);
	// The app's close of it is refused; the refresh after finds it there still, unchanged.
	app.sim.configure({refuse: [id]});
	await app.press(keys.space, '1 selected');
	await app.press('x', 'Close 1 session');
	await app.press('y', /Finished in .*: 0 closed, 0 already closed, 1 failed/);
	await app.press(keys.enter, new RegExp(`^1 selected · ${count} sessions`, 'm'));
	// A refresh that finds it there still: the spinner in some frame drawn since the key, then the
	// time of the refresh again.
	const drawn = app.view.frames.length;
	app.view.stdin.write('r');
	await waitFor(
		() => app.view.frames.slice(drawn).some((frame) => /[⠋⠙⠸⠴]/.test(frame)),
		'the refresh to start',
	);
	await app.waitForFrame(/refreshed \d/);
	// Then it ends, closed elsewhere.
	app.sim.configure({refuse: []});
	await app.client.closeSession(app.accountId, id);
	await app.press('r', /^1 selected session has ended: it left the selection\.$/m);
});
