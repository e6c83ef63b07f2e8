import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	firstAccount,
	firstPoolName,
	keys,
	openAllSessions,
	renderApp,
	rowOf,
	rowPositionPattern,
	tableRows,
} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

test('arrows and Enter move from accounts to pools to sessions, Esc goes back', async (t) => {
	const app = await renderApp(t);
	const [first, second] = app.sim.accounts();
	assert.ok(first && second);
	await app.waitForFrame(`❯ ${first.name}`);
	assert.match(app.frame(), /frame-tui │ TEST │ Accounts/);
	await app.press(keys.down, `❯ ${second.name}`);
	await app.press(keys.enter, `Accounts › ${second.name} › Pools`);
	await app.waitForFrame('❯ All pools');
	for (const pool of app.sim.pools(second.id)) {
		const count = app.sim
			.activeSessions(second.id)
			.filter((s) => s.pool_id === pool.external_id).length;
		assert.match(
			app.frame(),
			new RegExp(`${pool.name}\\s+${pool.kind}\\s+${pool.external_id}\\s+${count}`),
		);
	}

	const [pool] = app.sim.pools(second.id);
	assert.ok(pool);
	await app.press(keys.down, `❯ ${pool.name}`);
	await app.press(keys.enter, `Accounts › ${second.name} › Pools › ${pool.name}`);
	const inPool = app.sim.activeSessions(second.id).filter((s) => s.pool_id === pool.external_id);
	await app.waitForFrame(`0 selected · ${inPool.length} sessions`);
	assert.ok(app.frame().includes(inPool[0]?.id.slice(0, 20) ?? '?'));
	// Back on the pools screen the row last opened is highlighted again.
	await app.press(keys.escape, `❯ ${pool.name}`);
	await app.press(keys.backspace, `❯ ${second.name}`);
});

test('Space selects and moves down; v marks a range; a selects all, then none', async (t) => {
	const app = await renderApp(t);
	const count = await openAllSessions(app);
	await app.press(keys.space, `1 selected · ${count} sessions`);
	assert.match(app.frame(), /^ \[x\] /m);
	assert.match(app.frame(), /^›\[ \] /m);
	await app.press('v', '2 selected');
	await app.press(keys.down, '3 selected');
	await app.press(keys.down, '4 selected');
	await app.press(
		'v',
		new RegExp(`4 selected · ${count} sessions · sort: started${rowPositionPattern}$`, 'm'),
	);
	await app.press(keys.down, /^›\[ \] /m);
	assert.match(app.frame(), /4 selected/);
	await app.press('a', new RegExp(`^${count} selected`, 'm'));
	await app.press('a', /^0 selected/m);
});

test('/ narrows the rows by text; Enter keeps the filter, Esc clears it, a second Esc goes back', async (t) => {
	const app = await renderApp(t);
	const accountId = app.accountId;
	const testPool = app.sim.pools(accountId).find((pool) => pool.kind === 'test');
	const inTest = openSessionIds(app.sim, accountId, 'test');
	assert.ok(testPool && inTest.length > 0);
	const count = await openAllSessions(app);
	await app.press('/', 'filter: ▏');
	for (const character of 'tes') {
		app.view.stdin.write(character);
	}

	await app.press('t', `of ${count} sessions · filter: test▏ · sort: started`);
	await app.press(
		keys.enter,
		new RegExp(
			`^0 selected · ${inTest.length} of ${count} sessions · filter: test · sort: started${rowPositionPattern}$`,
			'm',
		),
	);
	const rows = tableRows(app);
	assert.equal(rows.length, inTest.length);
	assert.ok(
		rows.every((line) => line.includes(`${testPool.name} (test)`)),
		`only ${testPool.name} rows:\n${rows.join('\n')}`,
	);
	await app.press('a', `${inTest.length} selected`);
	await app.press(keys.escape, new RegExp(`${inTest.length} selected · ${count} sessions`));
	await app.press('/', 'filter: ▏');
	// Letters bound to moves elsewhere are text here; ← has no use in the line, and does nothing.
	await app.press('j', 'filter: j▏');
	await app.press('g', 'filter: jg▏');
	await app.pressNoChange(keys.left);
	await app.press(keys.backspace, 'filter: j▏');
	await app.press(keys.backspace, 'filter: ▏');
	await app.press('#', /No sessions match the filter\./);
	await app.press(keys.escape, `${inTest.length} selected · ${count} sessions`);
	await app.press(keys.escape, '❯ All pools');
});

test('at 60 columns the filter being typed shows on the status line; the sort gives way first', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app);
	app.resize(60, 15);
	await app.waitForFrame(/^ ↑↓ move .* \? help q quit *$/m);
	await app.press('/', 'filter: ▏');
	await app.press('smi', /^0 selected · \d+ of \d+ sessions · filter: smi▏ .*\d+\/\d+$/m);
	await app.press(keys.enter, /^0 selected · \d+ of \d+ sessions · filter: smi .*\d+\/\d+$/m);
});

test('the filter reads fields, age and -: the status line says how, and names a term it cannot read', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 80, spreadHours: 48});
	const count = await openAllSessions(app);
	const pools = new Map(app.sim.pools(app.accountId).map((pool) => [pool.external_id, pool]));
	const dayAgo = Date.now() - 86_400_000;
	const expected = app.sim.activeSessions(app.accountId).filter((session) => {
		const pool = pools.get(session.pool_id ?? '');
		return (
			pool?.kind === 'production' &&
			!pool.name?.toLowerCase().includes('air') &&
			Date.parse(session.started_at ?? '') < dayAgo
		);
	});
	assert.ok(expected.length > 0 && expected.length < count);
	// Wide enough for the whole status line.
	app.resize(160, 30);
	await app.press('/', 'filter: ▏');
	await app.press(
		'kind:prod age>1d -air',
		`${expected.length} of ${count} sessions · filter: kind:prod age>1d -air▏ (kind prod, older than 1d, not "air")`,
	);
	await app.press(keys.enter, `filter: kind:prod age>1d -air (kind prod`);
	const rows = tableRows(app);
	assert.equal(rows.length, expected.length);
	for (const session of expected) {
		assert.ok(rowOf(app, session.id), `${session.id} shown`);
	}

	await app.press('/', 'filter: kind:prod age>1d -air▏');
	// A term it cannot read is named first, and the filter keeps nothing: a table wider than meant
	// is one a and x could close.
	await app.press(
		' age>2x',
		`0 of ${count} sessions · filter (age>2x: not a duration (30m, 2h, 7d)): kind:prod age>1d -air age>2x▏`,
	);
	assert.equal(tableRows(app).length, 0);
	await app.press(keys.escape, `0 selected · ${count} sessions · sort`);
});

test('the selection count says how many the filter hides', async (t) => {
	const app = await renderApp(t);
	// A kind other than production: filtering by it hides every production session.
	const other = app.sim.pools(app.accountId).find((pool) => pool.kind !== 'production');
	assert.ok(other?.kind);
	await openAllSessions(app);
	await app.press('p', /[1-9]\d* selected/);
	await app.press('/', 'filter: ▏');
	await app.press(other.kind, /\d+ selected \(\d+ hidden by the filter\)/);
	const production = openSessionIds(app.sim, app.accountId, 'production').length;
	assert.match(
		app.frame(),
		new RegExp(`${production} selected \\(${production} hidden by the filter\\)`),
	);
});

test('s cycles the sort: started, user, pool', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app);
	await app.press('s', 'sort: user');
	const users = tableRows(app).map((line) => line.slice(5).split(' ')[0] ?? '');
	const natural = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
	for (let index = 1; index < users.length; index++) {
		assert.ok(natural.compare(users[index - 1] ?? '', users[index] ?? '') <= 0, users.join('\n'));
	}

	await app.press('s', 'sort: pool');
	await app.press('s', 'sort: started');
});

test('a refresh keeps the cursor and the selection on the same sessions', async (t) => {
	const app = await renderApp(t);
	const count = await openAllSessions(app);
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
	await app.press('r', `1 selected · ${count - 1} sessions`);
	assert.equal(sessionOnRow(/^›/), cursorBefore);
});

test('sessions refresh by themselves, and not while a confirmation is open', async (t) => {
	// The refresh runs on setInterval, and only that is mocked: HTTP and the waits keep real timers.
	t.mock.timers.enable({apis: ['setInterval']});
	const period = 10_000;
	const app = await renderApp(t, {}, {refreshSeconds: period / 1000});
	const count = await openAllSessions(app);
	const gets = () => app.sim.stats().byMethod.GET ?? 0;
	const closeOne = async () => {
		const [session] = openSessionIds(app.sim, app.accountId);
		await app.client.closeSession(app.accountId, session ?? '');
	};

	// A session closed elsewhere leaves the list when a period has passed, with no key pressed.
	await closeOne();
	const beforeRefresh = gets();
	t.mock.timers.tick(period);
	await app.waitForFrame(new RegExp(`^0 selected · ${count - 1} sessions`, 'm'));
	const perRefresh = gets() - beforeRefresh;
	assert.ok(perRefresh > 0);

	await app.press(keys.space, '1 selected');
	await app.press('x', 'Close 1 session');
	const underConfirmation = gets();
	t.mock.timers.tick(period * 3);
	await app.press('n', /^1 selected/m);
	assert.equal(gets(), underConfirmation, 'no refresh under the confirmation');

	// Back at the table the refresh runs again: one, for one period.
	await closeOne();
	t.mock.timers.tick(period);
	await app.waitForFrame(new RegExp(` · ${count - 2} sessions`));
	assert.equal(
		gets() - underConfirmation,
		perRefresh,
		'exactly one refresh, after the confirmation',
	);
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
	await openAllSessions(app);
	assert.match(app.frame(), /No active sessions in this account\./);
	await app.press(keys.escape, '❯ All pools');
	await app.press(keys.down, `❯ ${firstPoolName(app)}`);
	await app.press(keys.enter, 'No active sessions in this pool.');
});

test('? shows the keys of the screen underneath and of every screen; any key closes it', async (t) => {
	const app = await renderApp(t);
	const {name} = firstAccount(app);
	await app.waitForFrame(`❯ ${name}`);
	await app.press('?', 'Keys (any key closes this)');
	for (const text of [/This screen/, /Enter +pools/, /Everywhere/, /PgUp\/PgDn/]) {
		assert.match(app.frame(), text);
	}

	assert.ok(!app.frame().includes('Space'), 'no key of another screen');
	assert.equal(app.frame().match(/ quit/g)?.length, 1, 'quit is listed once');
	await app.press('x', `❯ ${name}`);
	const count = await openAllSessions(app);
	await app.press('?', 'Keys (any key closes this)');
	for (const text of [
		/Space +select/,
		/range/,
		/production/,
		/filter/,
		/x\/Del +close/,
		/d\/Enter +details/,
	]) {
		assert.match(app.frame(), text);
	}

	// Enter opens details here, so no line of the help says it opens something.
	assert.doesNotMatch(app.frame(), /Enter +open/);
	await app.press('q', `0 selected · ${count} sessions`);
});

test('PgDn, End, Home and g/G move through a long list, drawing only the rows that fit', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 300});
	const count = await openAllSessions(app);
	const rows = () => tableRows(app);
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
	await app.press('G', new RegExp(` ${count}/${count}$`, 'm'));
	await app.press(keys.space, '1 selected');
	assert.match(rows().at(-1) ?? '', /^›\[x\]/, 'End reaches the last row');
	assert.equal(rows().length, height);
	await app.press('g', new RegExp(`^›.*${first}`, 'm'));
	await app.press(keys.end, /^›\[x\]/m);
	await app.press(keys.home, new RegExp(`^›.*${first}`, 'm'));
});

test('the help keeps the screen underneath: the selection and the filter survive it', async (t) => {
	const app = await renderApp(t);
	const count = await openAllSessions(app);
	const status = new RegExp(
		`^1 selected · ${count} sessions · filter: gateway · sort: started${rowPositionPattern}$`,
		'm',
	);
	await app.press(keys.space, '1 selected');
	await app.press('/', 'filter: ▏');
	// Every session id starts gateway-, as Frame's ids do: the filter keeps every row.
	await app.press('gateway', 'filter: gateway▏');
	await app.press(keys.enter, status);
	await app.press('?', 'Keys (any key closes this)');
	assert.doesNotMatch(app.frame(), /selected/);
	await app.press(keys.escape, status);
	assert.match(app.frame(), /^ \[x\] /m);
});

/**
 * Selects the row of this session: the end of its id typed as a filter narrows the table to
 * it, Space selects it, Esc clears the filter.
 */

test('a slow load overtaken by a newer one never replaces the newer data', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 10});
	const count = await openAllSessions(app);
	const older = app.sim.activeSessions(app.accountId);
	const [gone] = older;
	assert.ok(gone && rowOf(app, gone.id), 'every session is on screen');
	// The next list of sessions answers slowly, with the list as it is before this close.
	app.sim.inject({
		path: `/accounts/${app.accountId}/active_sessions`,
		delayMs: 300,
		body: older,
	});
	await app.client.closeSession(app.accountId, gone.id);
	const before = app.sim.stats().requests;

	app.view.stdin.write('r');
	await waitFor(
		() => app.sim.stats().requests >= before + 2,
		'the first load to reach the simulator',
	);
	await app.press('r', new RegExp(`^0 selected · ${count - 1} sessions`, 'm'));
	// The slow answer is sent, or dropped if the app let go of it; one more round trip on the
	// same client lets the app take in anything that had arrived.
	await waitFor(() => app.sim.stats().inFlight === 0, 'the slow answer');
	await app.client.listAccounts();
	assert.match(app.frame(), new RegExp(`^0 selected · ${count - 1} sessions`, 'm'));
	assert.equal(rowOf(app, gone.id), undefined, 'the closed session stays gone');
});

test('every screen shows its keys at the bottom; a notice takes the line until the next key', async (t) => {
	const app = await renderApp(t);
	const {name} = firstAccount(app);
	await app.waitForFrame(`❯ ${name}`);
	assert.match(app.frame(), /^ ↑↓ move {2}Enter pools {2}r refresh {2}\? help {2}q quit/m);
	const count = await openAllSessions(app);
	// At 100 columns the words shorten so that every key shows, ? and q included.
	const footer =
		/^ ↑↓ move Space select v range a all p prod \/ filter s sort x close d details r e Esc \? help q quit *$/m;
	assert.match(app.frame(), footer);
	await app.press('x', 'Nothing selected: Space selects a row');
	assert.doesNotMatch(app.frame(), footer);
	await app.press('j', footer);
	assert.match(app.frame(), new RegExp(`0 selected · ${count} sessions`));
});

test("the tests' own presses can fail: a wait already met, a key that changes what it should not", async (t) => {
	const app = await renderApp(t);
	const count = await openAllSessions(app);
	// "0 selected" is on screen before the key: waiting for it would prove nothing.
	await assert.rejects(app.press(keys.down, /\d+ selected/), /shows .* before the key/);
	// ↓ moves the cursor, and Esc goes back to the pools (after Ink's wait for a longer sequence).
	await assert.rejects(app.pressNoChange(keys.down), /changed the screen/);
	await assert.rejects(app.pressNoChange(keys.escape), /changed the screen/);
	assert.match(app.frame(), /❯ All pools/);
	await assert.rejects(app.pressHides(keys.down, `${count} sessions`), /does not show/);
});

test('Esc then ↓ in one write, as tmux sends them, goes back and moves', async (t) => {
	const app = await renderApp(t, {accounts: 3});
	const [first, second] = app.sim.accounts();
	assert.ok(first && second);
	await app.waitForFrame(`❯ ${first.name}`);
	await app.press(keys.enter, `Accounts › ${first.name} › Pools`);
	await app.waitForFrame('❯ All pools');
	await app.press(`${keys.escape}${keys.down}`, `❯ ${second.name}`);
	assert.doesNotMatch(app.frame(), /› Pools/);
});
