import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sessionUser} from '../../source/api/types.js';
import {isOpen} from '../../source/ops/select.js';
import {
	firstAccount,
	keys,
	openAllSessions,
	type RenderedApp,
	renderApp,
	tableRows,
} from '../helpers/app.js';

/** From the pools screen into the pool on row `row` (0 is "All pools"); returns its name. */
async function openPool(app: RenderedApp, row: number): Promise<string> {
	const pool = app.sim.pools(app.accountId)[row - 1];
	assert.ok(pool?.name);
	// The pools screen keeps the row it was left on: Home first, unless it is already at the top.
	if (!app.frame().includes('❯ All pools')) {
		await app.press(keys.home, '❯ All pools');
	}

	for (let index = 0; index < row; index++) {
		app.view.stdin.write(keys.down);
	}

	await app.waitForFrame(`❯ ${pool.name}`);
	await app.press(keys.enter, `Pools › ${pool.name}`);
	await app.waitForFrame(/^\d+ selected/m);
	return pool.name;
}

test('the selection survives Esc to the pools and Enter back; the pools screen counts it', async (t) => {
	const app = await renderApp(t);
	const count = await openAllSessions(app);
	for (const selected of [1, 2, 3]) {
		await app.press(keys.space, `${selected} selected`);
	}

	const idOf = (line: string) => line.match(/gateway-prod\.\w+/)?.[0] ?? '?';
	const marked = tableRows(app)
		.filter((line) => /^.\[x\]/.test(line))
		.map(idOf);
	assert.equal(marked.length, 3);
	await app.press(keys.escape, /^\d+ pools · 3 selected +1\/\d+$/m);
	await app.press(keys.enter, new RegExp(`^3 selected · ${count} sessions`, 'm'));
	const markedNow = tableRows(app)
		.filter((line) => /^.\[x\]/.test(line))
		.map(idOf);
	assert.deepEqual(markedNow, marked);
});

test("the selection is the account's: it follows into another pool, and x closes all of it after one question", async (t) => {
	const app = await renderApp(t);
	const name = firstAccount(app).name;
	await openAllSessions(app);
	await app.press(keys.escape, '❯ All pools');
	// The first pool is a production pool, the third the test pool.
	const air = await openPool(app, 1);
	await app.press(keys.space, '1 selected');
	await app.press(keys.escape, /pools · 1 selected/);
	const test = await openPool(app, 3);
	assert.match(test, /test/i);
	assert.match(app.frame(), /^1 selected \(1 in other pools\) · /m);
	await app.press(keys.space, /^2 selected \(1 in other pools\) · /m);
	await app.press('x', `Close 2 sessions of 2 users in 2 pools (1 production) of ${name}?`);
	assert.match(app.frame(), new RegExp(`${air} \\(production\\) 1`));
	await app.press('y', 'Finished in');
	const closed = app.sim.sessions(app.accountId).filter((session) => session.state === 'closed');
	assert.equal(closed.length, 2, 'both sessions, the one of the other pool too');
	await app.press(keys.enter, /^0 selected · /m);
	assert.doesNotMatch(app.frame(), /have ended/, "the app's own close is no news");
});

test('p with a filter adds only the production sessions shown; a acts on the shown rows only', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 300});
	const kindOf = new Map(app.sim.pools(app.accountId).map((pool) => [pool.external_id, pool.kind]));
	const sessions = app.sim.activeSessions(app.accountId);
	const open = sessions.filter(isOpen);
	const matches = (text: string) => (s: (typeof sessions)[number]) =>
		(sessionUser(s) ?? '').toLowerCase().includes(text);
	const inTest = open.filter((s) => kindOf.get(s.pool_id ?? '') === 'test');
	const shownProduction = open.filter(
		(s) => matches('smith')(s) && kindOf.get(s.pool_id ?? '') === 'production',
	);
	const productionTotal = open.filter((s) => kindOf.get(s.pool_id ?? '') === 'production');
	assert.ok(inTest.length > 0 && shownProduction.length > 0);
	assert.ok(
		shownProduction.length < productionTotal.length,
		'the filter hides some production sessions',
	);
	const count = await openAllSessions(app);

	// First every session of the test pool, by filter and a.
	await app.press('/', 'filter: ▏');
	await app.press('test', `${inTest.length} of ${count} sessions · filter: test▏`);
	// Enter keeps the filter and ends its editing.
	await app.press(keys.enter, `${inTest.length} of ${count} sessions · filter: test · sort`);
	await app.press('a', new RegExp(`^${inTest.length} selected`, 'm'));
	await app.press(keys.escape, new RegExp(`^${inTest.length} selected · ${count} sessions`, 'm'));

	// Then p under the filter "smith": the production sessions shown are added, no others.
	const shown = sessions.filter(matches('smith')).length;
	await app.press('/', 'filter: ▏');
	await app.press('smith', `${shown} of ${count} sessions`);
	await app.press(keys.enter, /filter: smith · sort: started +\d/);
	const inTestShown = inTest.filter(matches('smith')).length;
	const total = inTest.length + shownProduction.length;
	await app.press(
		'p',
		new RegExp(`^${total} selected \\(${inTest.length - inTestShown} hidden by the filter\\)`, 'm'),
	);
	// a: every shown session open (the sandbox ones too), then none of the shown, the hidden kept.
	const openShown = open.filter(matches('smith')).length;
	await app.press('a', new RegExp(`^${inTest.length - inTestShown + openShown} selected`, 'm'));
	await app.press('a', new RegExp(`^${inTest.length - inTestShown} selected \\(`, 'm'));
});

test('the status line shows the row position, among the filtered rows when a filter is on', async (t) => {
	const app = await renderApp(t, {accounts: 3, sessions: 40});
	// The cursor starts on the first account, under "All accounts", which is a row too.
	await app.waitForFrame(/^3 accounts +2\/4$/m);
	await app.press(keys.down, /^3 accounts +3\/4$/m);
	await app.press(keys.up, /^3 accounts +2\/4$/m);
	const count = await openAllSessions(app);
	assert.match(app.frame(), new RegExp(` 1/${count}$`, 'm'));
	await app.press('G', new RegExp(` ${count}/${count}$`, 'm'));
	await app.press('/', 'filter: ▏');
	await app.press('test', 'filter: test▏');
	await app.press(keys.enter, /filter: test · sort: started +\d/);
	const shown = Number(/(\d+) of \d+ sessions/.exec(app.frame())?.[1]);
	assert.ok(shown > 1 && shown < count);
	await app.press('g', new RegExp(` 1/${shown}$`, 'm'));
	await app.press(keys.down, new RegExp(`${shown} of ${count} sessions .* 2/${shown}$`, 'm'));
});
