import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sessionUser} from '../../source/api/types.js';
import {sanitize} from '../../source/format/sanitize.js';
import {
	firstAccount,
	keys,
	openAllSessions,
	type RenderedApp,
	renderApp,
	rowOf,
	rowPositionPattern,
} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

async function selectSession(app: RenderedApp, sessionId: string, selectedAfter: number) {
	const filter = sessionId.slice(-12);
	await app.press('/', 'filter: ▏');
	await app.press(filter, `filter: ${filter}▏`);
	await app.press(
		keys.enter,
		new RegExp(
			`· 1 of \\d+ sessions · filter: ${filter} · sort: started${rowPositionPattern}$`,
			'm',
		),
	);
	const selectedBefore = Number(/^(\d+) selected/m.exec(app.frame())?.[1]);
	if (selectedBefore === selectedAfter) {
		// Space on a row that cannot be selected changes nothing.
		await app.pressNoChange(keys.space);
	} else {
		await app.press(keys.space, new RegExp(`^${selectedAfter} selected`, 'm'));
	}

	await app.press(
		keys.escape,
		new RegExp(
			`^${selectedAfter} selected · \\d+ sessions · sort: started${rowPositionPattern}$`,
			'm',
		),
	);
}

/** Two sessions of the first account closed before the app opens: one production, one not; still closing. */
async function appWithClosingSessions(t: Parameters<typeof renderApp>[0]) {
	const app = await renderApp(t, {accounts: 1, sessions: 12, closeDelayMs: 3_600_000});
	const production = openSessionIds(app.sim, app.accountId, 'production');
	const others = openSessionIds(app.sim, app.accountId).filter((id) => !production.includes(id));
	const [closingProduction] = production;
	const [closingOther] = others;
	assert.ok(closingProduction && closingOther && production.length > 1 && others.length > 2);
	for (const id of [closingProduction, closingOther]) {
		await app.client.closeSession(app.accountId, id);
	}

	assert.deepEqual(
		app.sim
			.activeSessions(app.accountId)
			.filter((session) => session.state === 'closing')
			.map((session) => session.id)
			.sort(),
		[closingProduction, closingOther].sort(),
		'the simulator still lists both, as closing',
	);
	app.sim.resetStats();
	return {app, production, others, closing: [closingProduction, closingOther]};
}

test('p selects exactly the production sessions; x, y closes exactly those, to 100 % and a summary', async (t) => {
	const app = await renderApp(t, {latencyMs: 5});
	const accountId = app.accountId;
	const production = openSessionIds(app.sim, accountId, 'production');
	const others = openSessionIds(app.sim, accountId).filter((id) => !production.includes(id));
	// How many production sessions each production pool has, as the confirmation should count them.
	const shares = app.sim
		.pools(accountId)
		.filter((pool) => pool.kind === 'production')
		.map((pool) => ({
			name: pool.name,
			sessions: app.sim.activeSessions(accountId).filter((s) => s.pool_id === pool.external_id)
				.length,
		}))
		.filter((share) => share.sessions > 0);
	const count = await openAllSessions(app);
	await app.press('p', `${production.length} selected · ${count} sessions`);
	const users = new Set(
		app.sim
			.activeSessions(accountId)
			.filter((s) => production.includes(s.id))
			.map(sessionUser),
	);
	const account = sanitize(firstAccount(app).name);
	await app.press(
		'x',
		`Close ${production.length} sessions of ${users.size} users in ${shares.length} production pools of ${account}?`,
	);
	for (const share of shares) {
		assert.ok(app.frame().includes(`${share.name} (production) ${share.sessions}`), app.frame());
	}

	assert.equal(app.sim.stats().byMethod.DELETE, undefined, 'nothing closes before y');
	await app.press('y', `Finished in`);
	assert.match(
		app.frame(),
		new RegExp(
			`^Overall +█+ ${production.length}/${production.length} {2}${production.length} closed`,
			'm',
		),
	);
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
	const count = await openAllSessions(app);
	await app.press(keys.space, '1 selected');
	for (const key of [keys.enter, keys.escape, 'n']) {
		await app.press('x', 'Close 1 session of 1 user in 1 ');
		// Its footer has every key the question hears: y, n, and help and quit as everywhere.
		assert.match(
			app.frame(),
			/^ y close them {1,2}n\/Enter\/Esc keep them {1,2}\? help {1,2}q quit *$/m,
		);
		await app.press(key, `1 selected · ${count} sessions`);
	}

	assert.equal(app.sim.stats().byMethod.DELETE, undefined);
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
	await openAllSessions(app);
	await app.press('p', `${production.length} selected`);
	await app.press('x', `Close ${production.length} sessions`);
	await app.press('y', 'Finished in');
	const counts = `${production.length - 3} closed, 0 already closed, 3 failed, 0 not attempted`;
	assert.ok(app.frame().includes(counts), app.frame());
	assert.match(app.frame(), /^✗ 3 × request rejected \(HTTP 409\): session is being moved$/m);
	assert.equal(app.sim.stats().byMethod.DELETE, production.length);

	await app.press('r', 'Retry 3 sessions of');
	await app.press(
		'y',
		`: ${production.length} closed, 0 already closed, 0 failed, 0 not attempted`,
	);
	assert.equal(
		app.sim.stats().byMethod.DELETE,
		production.length + 3,
		'exactly the three failed ones again',
	);
	assert.deepEqual(openSessionIds(app.sim, accountId, 'production'), []);
});

test('--read-only shows a badge and refuses to close', async (t) => {
	const app = await renderApp(t, {}, {readOnly: true});
	await app.waitForFrame('READ-ONLY');
	await openAllSessions(app);
	await app.press('p', /[1-9]\d* selected/);
	await app.press('x', /Read-only: \w+ is disabled/);
	// The next key clears the notice; Delete, as x, brings it back.
	await app.pressHides(keys.down, /Read-only: \w+ is disabled/);
	await app.press(keys.delete, /Read-only: \w+ is disabled/);
	assert.doesNotMatch(app.frame(), /Close \d+ session/);
	assert.equal(app.sim.stats().byMethod.DELETE, undefined);
});

test('Delete opens the close confirmation; Backspace goes back', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app);
	await app.press(keys.space, '1 selected');
	await app.press(keys.delete, 'Close 1 session of 1 user in 1 ');
	await app.press('n', '1 selected');
	await app.press(keys.backspace, '❯ All pools');
});

test('read-only leaves close out of the footer and the help; its key only says why', async (t) => {
	const app = await renderApp(t, {}, {readOnly: true});
	const count = await openAllSessions(app);
	assert.doesNotMatch(app.frame(), /x\/Del close/);
	await app.press('?', 'Keys (any key closes this)');
	assert.doesNotMatch(app.frame(), /x\/Del/);
	await app.press('q', `0 selected · ${count} sessions`);
});

test('Esc during a close asks, then stops new closes; those in flight finish, none is lost', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 60, latencyMs: 30}, {concurrency: 2});
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', `Closing ${count} sessions`);
	await app.waitForFrame(new RegExp(`[1-9]\\d*/${count}`));
	await app.press(
		keys.escape,
		'y/N Stop closing? Ctrl-C stops now. Closes in flight get 5\u00A0s, then end unknown; the rest',
	);
	await app.pressHides('n', 'Stop closing?');
	assert.match(app.frame(), new RegExp(`Closing ${count} sessions`), 'the close goes on');
	await app.press(keys.ctrlC, 'Stop closing?');
	await app.press(
		'y',
		/Stopped after .*: \d+ closed, 0 already closed, 0 failed, \d+ not attempted/,
	);
	const [, closed, notAttempted] =
		app.frame().match(/: (\d+) closed, 0 already closed, 0 failed, (\d+) not attempted/) ?? [];
	assert.equal(Number(closed) + Number(notAttempted), count);
	assert.ok(Number(notAttempted) > 0);
	const closedInSimulator = app.sim
		.sessions(app.accountId)
		.filter((session) => session.state === 'closed');
	assert.equal(closedInSimulator.length, Number(closed), 'the screen and the simulator agree');
	assert.equal(app.sim.stats().byMethod.DELETE, Number(closed), 'no close started after the stop');
	// Sessions not attempted stay selected: x resumes the close.
	await app.press(
		keys.enter,
		`${count - Number(closed)} selected · ${count - Number(closed)} sessions`,
	);
});

test('q during a close asks first; its help names its keys; n or q keeps it running', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 60, latencyMs: 30}, {concurrency: 1});
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', `Closing ${count} sessions`);
	await app.press('q', 'y/N Quit? Ctrl-C quits now. Closes in flight get 5\u00A0s first, then end');
	// The help lists the question's keys and, of the app's, only the help: q here answers no.
	await app.press('?', 'Keys (any key closes this)');
	const help = app.frame();
	assert.match(help, /^ +y +quit *$/m);
	assert.match(help, /^ +n\/Enter\/Esc +go on *$/m);
	assert.match(help, /^ +Ctrl-C +stop now *$/m);
	assert.match(help, /^ +\? +help *$/m);
	assert.doesNotMatch(help, /^ +q +quit *$/m);
	await app.press('x', 'Quit?');
	await app.pressHides('q', 'Quit?');
	assert.match(app.frame(), new RegExp(`Closing ${count} sessions`), 'the close goes on');
	await app.waitForFrame('Finished in');
	assert.match(
		app.frame(),
		new RegExp(`${count} closed, 0 already closed, 0 failed, 0 not attempted`),
	);
});

test('a session already closing shows as closing, cannot be selected, and gets no second close', async (t) => {
	const {app, others, closing} = await appWithClosingSessions(t);
	await openAllSessions(app);
	for (const id of closing) {
		assert.match(rowOf(app, id) ?? '', /\sclosing\s/, `${id} on screen:\n${app.frame()}`);
	}

	const [, open] = others;
	assert.ok(open);
	// Space on a closing row selects nothing.
	await selectSession(app, closing[1] ?? '', 0);
	await selectSession(app, open, 1);
	await app.press('x', 'Close 1 session of 1 user in 1 ');
	await app.press('y', 'Finished in');
	assert.equal(app.sim.stats().byMethod.DELETE, 1, 'only the open session is closed');
});

test('p and a pick only sessions still open: none already closing is closed again', async (t) => {
	const {app, production, others, closing} = await appWithClosingSessions(t);
	const count = await openAllSessions(app);
	const openProduction = production.length - 1;
	await app.press('p', new RegExp(`^${openProduction} selected · ${count} sessions`, 'm'));
	await app.press('x', `Close ${openProduction} session`);
	await app.press('y', 'Finished in');
	assert.equal(app.sim.stats().byMethod.DELETE, openProduction);
	await app.press(keys.enter, new RegExp(` sessions · sort: started${rowPositionPattern}$`, 'm'));
	await waitFor(
		() => production.every((id) => /\sclosing\s/.test(rowOf(app, id) ?? '')),
		() => `every production session shown as closing:\n${app.frame()}`,
	);

	// Now every production session is closing too: a takes the others still open.
	const openOthers = others.filter((id) => !closing.includes(id));
	app.view.stdin.write('a');
	await waitFor(
		() => openOthers.every((id) => /^.\[x\]/.test(rowOf(app, id) ?? '')),
		() => `the open sessions selected:\n${app.frame()}`,
	);
	await app.press('x', `Close ${openOthers.length} session`);
	await app.press('y', 'Finished in');
	assert.equal(
		app.sim.stats().byMethod.DELETE,
		count - closing.length,
		'each session open at the start closed once, those closing never',
	);
});
