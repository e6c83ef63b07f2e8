import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys, openAllSessions, renderApp} from '../helpers/app.js';
import {rawControl} from '../helpers/raw-controls.js';

test('d (and Enter) opens every field of the session, those the app does not model too, sanitized; Esc closes it', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 2});
	const [session, other] = app.sim.activeSessions(app.accountId);
	const pool = app.sim.pools(app.accountId).find((each) => each.external_id === session?.pool_id);
	assert.ok(session && other && pool);
	// The API sends fields the app has no use for, a hostile one, and a state it cannot read.
	app.sim.inject({
		path: `/accounts/${app.accountId}/active_sessions`,
		times: 10,
		body: [
			{
				...session,
				gpu_hours: 3.5,
				region: {name: 'eu-west', zone: 2},
				note: 'see \u001B]0;pwned\u0007 here',
				state: {code: 3},
			},
			other,
		],
	});
	await openAllSessions(app);
	// The cursor to the row of the session with the extra fields.
	const onCursor = new RegExp(`^›.*${session.id.slice(0, 20)}`, 'm');
	if (!onCursor.test(app.frame())) {
		await app.press(keys.down, onCursor);
	}

	await app.press('d', `Session ${session.id}`);
	const frame = app.frame();
	for (const line of [
		`pool       ${pool.name} (${pool.external_id})`,
		`kind       ${pool.kind}`,
		`user_email ${session.user_email}`,
		'gpu_hours  3.5',
		'region     {"name":"eu-west","zone":2}',
		'note       see \\x1b]0;pwned\\x07 here',
		'state      {"code":3}',
	]) {
		assert.ok(frame.includes(line), `${line}\n${frame}`);
	}

	assert.doesNotMatch(app.view.lastFrame() ?? '', rawControl);
	await app.press(keys.escape, /^0 selected · 2 sessions/m);
	await app.press(keys.enter, `Session ${session.id}`);
	await app.press(keys.escape, /^0 selected · 2 sessions/m);
});

test('the help scrolls when it is taller than the window: ↓ more, then j/PgDn, any other key closes it', async (t) => {
	const app = await renderApp(t);
	await openAllSessions(app);
	app.resize(60, 15);
	await app.waitForFrame(/^ ↑↓ move .* \? help q quit *$/m);
	await app.press('?', 'Keys (↑↓ PgUp/PgDn scroll, any other key closes this)');
	assert.match(app.frame(), /↓ more/);
	assert.doesNotMatch(app.frame(), /q\/Ctrl-C/);
	await app.press('j', /↑ more {2}↓ more/);
	await app.press(keys.pageDown, /q\/Ctrl-C +quit/);
	assert.doesNotMatch(app.frame(), /↓ more/);
	// At the end already: PgDn again moves nothing.
	await app.pressNoChange(keys.pageDown);
	await app.press('x', /^0 selected/m);
});
