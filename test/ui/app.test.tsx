import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys, renderApp} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

/** From the accounts screen to the first account's sessions across all its pools. */
async function openAllSessions(app: Awaited<ReturnType<typeof renderApp>>, count: number) {
	await app.waitForFrame('❯ Tradeshow Demo');
	await app.press(keys.enter, 'Accounts › Tradeshow Demo › Pools');
	await app.waitForFrame('❯ All pools');
	await app.press(keys.enter, `0 selected · ${count} sessions`);
}

test('arrows and Enter move from accounts to pools to sessions, Esc goes back', async (t) => {
	const app = await renderApp(t);
	await app.waitForFrame('❯ Tradeshow Demo');
	assert.match(app.frame(), /frame-tui │ TEST │ Accounts/);
	await app.press(keys.down, '❯ Training Lab');
	await app.press(keys.enter, 'Accounts › Training Lab › Pools');
	await app.waitForFrame('❯ All pools');
	const [, training] = app.sim.accounts();
	assert.ok(training);
	for (const pool of app.sim.pools(training.id)) {
		const count = app.sim
			.activeSessions(training.id)
			.filter((s) => s.pool_id === pool.external_id).length;
		assert.match(
			app.frame(),
			new RegExp(`${pool.name}\\s+${pool.kind}\\s+${pool.external_id}\\s+${count}`),
		);
	}

	await app.press(keys.down, '❯ Air 8GB');
	await app.press(keys.enter, 'Accounts › Training Lab › Pools › Air 8GB');
	const air = app.sim.pools(training.id).find((pool) => pool.name === 'Air 8GB');
	const inAir = app.sim.activeSessions(training.id).filter((s) => s.pool_id === air?.external_id);
	await app.waitForFrame(`0 selected · ${inAir.length} sessions`);
	assert.ok(app.frame().includes(inAir[0]?.id.slice(0, 20) ?? '?'));
	// Back on the pools screen the row last opened is highlighted again.
	await app.press(keys.escape, '❯ Air 8GB');
	await app.press(keys.backspace, '❯ Training Lab');
});

test('Space selects and moves down; v marks a range; a selects all, then none', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	await app.press(keys.space, '1 selected · 40 sessions');
	assert.match(app.frame(), /^ \[x\] /m);
	assert.match(app.frame(), /^›\[ \] /m);
	await app.press('v', '2 selected');
	await app.press(keys.down, '3 selected');
	await app.press(keys.down, '4 selected');
	await app.press('v', /4 selected · 40 sessions · sort: started$/m);
	await app.press(keys.down, /^›\[ \] /m);
	assert.match(app.frame(), /4 selected/);
	await app.press('a', '40 selected');
	await app.press('a', '0 selected');
});

test('p selects exactly the production sessions; x, y closes exactly those, to 100 % and a summary', async (t) => {
	const app = await renderApp(t, {latencyMs: 5});
	const accountId = app.accountId;
	const production = openSessionIds(app.sim, accountId, 'production');
	const others = openSessionIds(app.sim, accountId).filter((id) => !production.includes(id));
	await openAllSessions(app, 40);
	await app.press('p', `${production.length} selected · 40 sessions`);
	await app.press('x', `Close ${production.length} sessions in 2 pools: `);
	assert.match(app.frame(), /Air 8GB \(production\) \d+, Pro 16GB GPU \(production\) \d+\?/);
	assert.equal(app.sim.stats().byMethod.DELETE, undefined, 'nothing closes before y');
	await app.press('y', `Finished in`);
	assert.match(app.frame(), new RegExp(`${production.length}/${production.length}\\s+100%`));
	assert.match(
		app.frame(),
		new RegExp(`${production.length} closed, 0 already closed, 0 failed, 0 not attempted`),
	);

	const states = new Map(app.sim.sessions(accountId).map((session) => [session.id, session.state]));
	for (const id of production) {
		assert.equal(states.get(id), 'closed', id);
	}

	assert.deepEqual(openSessionIds(app.sim, accountId), others);
	assert.equal(app.sim.stats().byMethod.DELETE, production.length);
	await app.press(keys.enter, `0 selected · ${others.length} sessions`);
});

test('the confirmation defaults to No: Enter and Esc close nothing', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	await app.press(keys.space, '1 selected');
	for (const key of [keys.enter, keys.escape, 'n']) {
		await app.press('x', 'Close 1 session in 1 pool');
		await app.press(key, '1 selected · 40 sessions');
	}

	assert.equal(app.sim.stats().byMethod.DELETE, undefined);
});

test('/ narrows the rows by text; Enter keeps the filter, Esc clears it, a second Esc goes back', async (t) => {
	const app = await renderApp(t);
	const accountId = app.accountId;
	const testPool = app.sim.pools(accountId).find((pool) => pool.kind === 'test');
	const inTest = openSessionIds(app.sim, accountId, 'test');
	await openAllSessions(app, 40);
	await app.press('/', 'filter: ▏');
	for (const character of 'tes') {
		app.view.stdin.write(character);
	}

	await app.press('t', `of 40 sessions · sort: started · filter: test▏`);
	await app.press(
		keys.enter,
		new RegExp(
			`^0 selected · ${inTest.length} of 40 sessions · sort: started · filter: test$`,
			'm',
		),
	);
	const rows = app
		.frame()
		.split('\n')
		.filter((line) => /^.\[[ x]\]/.test(line));
	assert.equal(rows.length, inTest.length);
	assert.ok(
		rows.every((line) => line.includes('Test (test)')),
		`only ${testPool?.name} rows:\n${rows.join('\n')}`,
	);
	await app.press('a', `${inTest.length} selected`);
	await app.press(keys.escape, new RegExp(`${inTest.length} selected · 40 sessions`));
	await app.press('/', 'filter: ▏');
	await app.press('#', /No sessions match the filter\./);
	await app.press(keys.escape, `${inTest.length} selected · 40 sessions`);
	await app.press(keys.escape, '❯ All pools');
});

test('the selection count says how many the filter hides', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	await app.press('p', /\d+ selected/);
	await app.press('/', 'filter: ▏');
	await app.press('sandbox', /\d+ selected \(\d+ hidden by the filter\)/);
	const production = openSessionIds(app.sim, app.accountId, 'production').length;
	assert.match(
		app.frame(),
		new RegExp(`${production} selected \\(${production} hidden by the filter\\)`),
	);
});

test('with failures injected, r retries only the failed sessions', async (t) => {
	const app = await renderApp(t);
	const accountId = app.accountId;
	const production = openSessionIds(app.sim, accountId, 'production');
	// 409 is not retried by the client, so the first three closes fail for good.
	app.sim.inject({
		method: 'DELETE',
		status: 409,
		body: {message: 'session is being moved'},
		times: 3,
	});
	await openAllSessions(app, 40);
	await app.press('p', `${production.length} selected`);
	await app.press('x', `Close ${production.length} sessions`);
	await app.press('y', 'Finished in');
	const counts = `${production.length - 3} closed, 0 already closed, 3 failed, 0 not attempted`;
	assert.ok(app.frame().includes(counts), app.frame());
	assert.match(app.frame(), /^✗ 3 × request rejected \(HTTP 409\): session is being moved$/m);
	assert.equal(app.sim.stats().byMethod.DELETE, production.length);

	await app.press(
		'r',
		`: ${production.length} closed, 0 already closed, 0 failed, 0 not attempted`,
	);
	assert.equal(
		app.sim.stats().byMethod.DELETE,
		production.length + 3,
		'exactly the three failed ones again',
	);
	assert.deepEqual(openSessionIds(app.sim, accountId, 'production'), []);
});

test('s cycles the sort: started, user, pool', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	await app.press('s', 'sort: user');
	const users = app
		.frame()
		.split('\n')
		.filter((line) => /^.\[[ x]\]/.test(line))
		.map((line) => line.slice(5).split(' ')[0] ?? '');
	const natural = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
	for (let index = 1; index < users.length; index++) {
		assert.ok(natural.compare(users[index - 1] ?? '', users[index] ?? '') <= 0, users.join('\n'));
	}

	await app.press('s', 'sort: pool');
	await app.press('s', 'sort: started');
});

test('a refresh keeps the cursor and the selection on the same sessions', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	const sessionOnRow = (pattern: RegExp) =>
		app
			.frame()
			.split('\n')
			.find((line) => pattern.test(line))
			?.match(/gateway-prod\.\w+/)?.[0];
	await app.press(keys.space, '1 selected');
	await app.press(keys.space, '2 selected');
	const cursorBefore = sessionOnRow(/^›/);
	const firstRow = app
		.frame()
		.split('\n')
		.find((line) => /^.\[x\]/.test(line));
	const gone = firstRow?.match(/gateway-prod\.(\w+)/)?.[1] ?? '';
	const goneId =
		openSessionIds(app.sim, app.accountId).find((id) => id.startsWith(`gateway-prod.${gone}`)) ??
		'';
	await app.client.closeSession(app.accountId, goneId);
	await app.press('r', '1 selected · 39 sessions');
	assert.equal(sessionOnRow(/^›/), cursorBefore);
});

test('sessions refresh by themselves, and not while a confirmation is open', async (t) => {
	const app = await renderApp(t, {}, {refreshSeconds: 1});
	await openAllSessions(app, 40);
	const [first] = openSessionIds(app.sim, app.accountId);
	await app.client.closeSession(app.accountId, first ?? '');
	await app.waitForFrame('0 selected · 39 sessions');
	await app.press(keys.space, '1 selected');
	await app.press('x', 'Close 1 session');
	const requests = app.sim.stats().requests;
	await new Promise((resolve) => setTimeout(resolve, 2500));
	assert.equal(app.sim.stats().requests, requests, 'no refresh under the confirmation');
	await app.press('n', '1 selected');
});

test('--read-only shows a badge and refuses to close', async (t) => {
	const app = await renderApp(t, {}, {readOnly: true});
	await app.waitForFrame('READ-ONLY');
	await openAllSessions(app, 40);
	await app.press('p', /\d+ selected/);
	await app.press('x', 'Read-only: closing is disabled');
	await app.press(keys.delete, 'Read-only: closing is disabled');
	assert.doesNotMatch(app.frame(), /Close \d+ session/);
	assert.equal(app.sim.stats().byMethod.DELETE, undefined);
});

test('Delete opens the close confirmation; Backspace goes back', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	await app.press(keys.space, '1 selected');
	await app.press(keys.delete, 'Close 1 session in 1 pool');
	await app.press('n', '1 selected');
	await app.press(keys.backspace, '❯ All pools');
});

test('a failed load shows the one-line error and how to fix the credentials; r retries', async (t) => {
	const app = await renderApp(
		t,
		{},
		{},
		{credentials: {clientId: 'nobody', clientSecret: 'wrong'}},
	);
	await app.waitForFrame('Could not load accounts');
	assert.match(
		app.frame(),
		/GET \/accounts: authentication failed \(HTTP 401\): unknown client id/,
	);
	assert.match(app.frame(), /Set FRAME_CLIENT_ID and FRAME_CLIENT_SECRET/);
	assert.match(app.frame(), /Press r to retry\./);
	assert.doesNotMatch(app.frame(), /\s+at /, 'no stack trace');
	const before = app.sim.stats().unauthorized;
	app.view.stdin.write('r');
	await waitFor(() => app.sim.stats().unauthorized > before, 'a retry');
});

test('empty lists say so', async (t) => {
	const app = await renderApp(t, {sessions: 0});
	await openAllSessions(app, 0);
	assert.match(app.frame(), /No active sessions in this account\./);
	await app.press(keys.escape, '❯ All pools');
	await app.press(keys.down, '❯ Air 8GB');
	await app.press(keys.enter, 'No active sessions in this pool.');
});

test('? opens the help with every key; any key closes it', async (t) => {
	const app = await renderApp(t);
	await app.waitForFrame('❯ Tradeshow Demo');
	await app.press('?', 'Keys (any key closes this)');
	for (const text of [
		'Space',
		'select',
		'range',
		'production',
		'filter',
		'retry failed',
		'PgUp/PgDn',
	]) {
		assert.ok(app.frame().includes(text), text);
	}

	await app.press('x', '❯ Tradeshow Demo');
});

test('PgDn, End, Home and g/G move through a long list, drawing only the rows that fit', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 300});
	await openAllSessions(app, 300);
	const rows = () =>
		app
			.frame()
			.split('\n')
			.filter((line) => /^.\[[ x]\]/.test(line));
	const cursorId = () =>
		rows()
			.find((line) => line.startsWith('›'))
			?.match(/gateway-prod\.\w+/)?.[0] ?? '';
	const first = cursorId();
	// 24 rows: one kept free, the header, the table's header, its status line and the footer.
	const height = 24 - 1 - 1 - 3;
	assert.equal(rows().length, height, 'only the rows that fit are drawn');
	await app.press(
		keys.pageDown,
		new RegExp(`^›.*${rows()[height - 1]?.match(/gateway-prod\.\w+/)?.[0]}`, 'm'),
	);
	await app.press('G', /^›/m);
	await app.press(keys.space, '1 selected');
	assert.match(rows().at(-1) ?? '', /^›\[x\]/, 'End reaches the last row');
	assert.equal(rows().length, height);
	await app.press('g', new RegExp(`^›.*${first}`, 'm'));
	await app.press(keys.end, /^›\[x\]/m);
	await app.press(keys.home, new RegExp(`^›.*${first}`, 'm'));
});

test('Esc during a close asks, then stops new closes; those in flight finish, none is lost', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 60, latencyMs: 30}, {concurrency: 2});
	await openAllSessions(app, 60);
	await app.press('a', '60 selected');
	await app.press('x', 'Close 60 sessions');
	await app.press('y', /Closing 60 sessions/);
	await app.waitForFrame(/[1-9]\d*\/60/);
	await app.press(
		keys.escape,
		'Stop closing? Closes in flight get 5 s, then end unknown; the rest are not attempted. y/N',
	);
	await app.press('n', /Closing 60 sessions/);
	await app.press(keys.ctrlC, 'Stop closing?');
	await app.press('y', /Finished in .*: \d+ closed, 0 already closed, 0 failed, \d+ not attempted/);
	const [, closed, notAttempted] =
		app.frame().match(/: (\d+) closed, 0 already closed, 0 failed, (\d+) not attempted/) ?? [];
	assert.equal(Number(closed) + Number(notAttempted), 60);
	assert.ok(Number(notAttempted) > 0);
	const closedInSimulator = app.sim
		.sessions(app.accountId)
		.filter((session) => session.state === 'closed');
	assert.equal(closedInSimulator.length, Number(closed), 'the screen and the simulator agree');
	assert.equal(app.sim.stats().byMethod.DELETE, Number(closed), 'no close started after the stop');
	// Sessions not attempted stay selected: x resumes the close.
	await app.press(keys.enter, `${60 - Number(closed)} selected · ${60 - Number(closed)} sessions`);
});

test('q during a close asks first; n keeps it running', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 30, latencyMs: 30}, {concurrency: 1});
	await openAllSessions(app, 30);
	await app.press('a', '30 selected');
	await app.press('x', 'Close 30 sessions');
	await app.press('y', /Closing 30 sessions/);
	await app.press('q', 'Quit? Closes in flight get 5 s first, then end unknown; the rest are');
	await app.press('n', /Closing 30 sessions|Finished in/);
	await app.waitForFrame('Finished in');
	assert.match(app.frame(), /30 closed, 0 already closed, 0 failed, 0 not attempted/);
});

test('the help keeps the screen underneath: the selection and the filter survive it', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app, 40);
	await app.press(keys.space, '1 selected');
	await app.press('/', 'filter: ▏');
	await app.press('gateway', 'filter: gateway▏');
	await app.press(keys.enter, /^1 selected · 40 sessions · sort: started · filter: gateway$/m);
	await app.press('?', 'Keys (any key closes this)');
	assert.doesNotMatch(app.frame(), /selected/);
	await app.press(keys.escape, /^1 selected · 40 sessions · sort: started · filter: gateway$/m);
	assert.match(app.frame(), /^ \[x\] /m);
});
