import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {hostileText} from '../../source/simulator/hostile.js';
import {keys, openAllSessions, renderApp} from '../helpers/app.js';
import {rawControl} from '../helpers/raw-controls.js';

/** The frame as Ink wrote it: styles aside, nothing from the data may act on the terminal. */
function assertInert(rawFrame: string): void {
	assert.ok(!rawFrame.includes('\u001B]'), 'no OSC sequence');
	const found = rawControl.exec(stripVTControlCharacters(rawFrame));
	assert.equal(found, null, `U+${found?.[0].charCodeAt(0).toString(16)} in:\n${rawFrame}`);
}

test('hostile names, users and pools show as escapes on every screen; the filter matches the original', async (t) => {
	const app = await renderApp(t, {hostile: true, sessions: 12});
	await app.waitForFrame('❯ Tradeshow Demo\\x1b]0;PWNED');
	assertInert(app.view.lastFrame() ?? '');
	await app.press(keys.enter, 'Accounts › Tradeshow Demo\\x1b]0;PWNED\\x07 › Pools');
	await app.waitForFrame('Air 8GB\\r  Test (test): 1');
	assert.match(app.frame(), /研修 🖥️ /);
	assertInert(app.view.lastFrame() ?? '');
	await app.press(keys.enter, '0 selected · 14 sessions');
	// The user column is 17 cells at 100 columns: the longest escape shows its start.
	for (const shown of ['\\x1b]52;c;cHduZW', '\\x1b[2J', '\\u202egnp.exe', '\\x9b2J\\u200b']) {
		assert.ok(app.frame().includes(shown), `${shown} is on screen:\n${app.frame()}`);
	}

	assertInert(app.view.lastFrame() ?? '');
	// The filter is matched against the data as it is, not as it is shown.
	await app.press('/', 'filter: ▏');
	await app.press('gnp.exe', '1 of 14 sessions');
	assert.ok(app.frame().includes(hostileText.rightToLeft.replace('\u202E', '\\u202e')));
	await app.press(keys.escape, '0 selected · 14 sessions');
	// "x1b" is on screen (the escape shown for ESC) but in no user's data.
	await app.press('/', 'filter: ▏');
	await app.press('x1b', '0 of 14 sessions');
	assert.match(app.frame(), /No sessions match the filter\./);
	await app.press(keys.escape, '0 selected · 14 sessions');

	await app.press('p', /[1-9]\d* selected · 14 sessions/);
	await app.press('x', 'Close ');
	assert.match(app.frame(), /Air 8GB\\r {2}Test \(test\): 1 \(production\) \d+/);
	// The account is named in the question, as an escape.
	assert.match(app.frame(), /Close \d+ sessions? of .* of Tradeshow Demo\\x1b\]0;PWNED\\x07\?/);
	assertInert(app.view.lastFrame() ?? '');
});

test('a session waiting to retry says so in the close view', async (t) => {
	const app = await renderApp(
		t,
		{sessions: 3, accounts: 1},
		{},
		{retry: {baseDelayMs: 60_000, maxDelayMs: 60_000}},
	);
	app.sim.inject({method: 'DELETE', status: 503, body: {message: 'busy'}});
	assert.equal(await openAllSessions(app), 3);
	await app.press('a', '3 selected');
	await app.press('x', 'Close 3 sessions');
	await app.press('y', /retry in \d+ s · 503 \(attempt 2\/13\)/);
	await app.waitForFrame(/^Overall +█+░+ 2\/3 {2}2 closed/m);
});

test('a close in flight that is cancelled shows as unknown, not closed or failed', async (t) => {
	// A grace of 0.2 s, not 5: what the test shows is what happens when it runs out.
	const app = await renderApp(t, {sessions: 4, accounts: 1}, {graceMs: 200});
	app.sim.inject({method: 'DELETE', hang: true});
	assert.equal(await openAllSessions(app), 4);
	await app.press('a', '4 selected');
	await app.press('x', 'Close 4 sessions');
	await app.press('y', '3/4');
	// Esc, y: stop; the hanging close gets its grace, then is cancelled.
	await app.press(keys.escape, 'Closes in flight get 0.2\u00A0s, then end unknown');
	await app.press('y', 'Stopping');
	await app.waitForFrame('Stopped after');
	assert.match(app.frame(), /3 closed, 0 already closed, 1 unknown, 0 failed, 0 not attempted/);
	assert.match(app.frame(), /\? .*unknown: cancelled in flight/);
});

test('when the breaker stops a close, the close view says why, once', async (t) => {
	const app = await renderApp(t, {
		sessions: 12,
		accounts: 1,
		clients: [{clientId: 'viewer', clientSecret: 'viewer-secret-0123', role: 'read-only'}],
	});
	assert.equal(await openAllSessions(app), 12);
	await app.press('a', '12 selected');
	await app.press('x', 'Close 12 sessions');
	await app.press('y', 'Stopped after');
	const frame = app.frame();
	assert.equal(
		frame.match(/Stopped: 5 sessions in a row were refused: forbidden/g)?.length,
		1,
		frame,
	);
	assert.match(frame, /0 closed, 0 already closed, \d+ failed, \d+ not attempted/);
});
