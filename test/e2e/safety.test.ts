import assert from 'node:assert/strict';
import {test} from 'node:test';
import {appOnSimulator, closeAllOnScreen, openFirstAccountSessions} from '../helpers/terminal.js';

const keys = {enter: '\r'};

test('in a real terminal, hostile data neither retitles the window nor reaches the clipboard', async (t) => {
	const {session} = await appOnSimulator(t, {sessions: 12, hostile: true});
	await session.waitForScreen('❯ Tradeshow Demo\\x1b]0;PWNED\\x07');
	session.type(keys.enter);
	// The whole frame: the terminal may have drawn its first rows only.
	await session.waitForScreen(/❯ All pools[\s\S]*Sandbox +sandbox[\s\S]*q quit/);
	// Columns line up as the terminal draws them, wide characters and all.
	const kindColumn = session.cellOf(/Sandbox/, 'sandbox');
	assert.ok(kindColumn > 0);
	assert.equal(session.cellOf(/研修/, 'test'), kindColumn, session.screen().join('\n'));
	assert.equal(session.cellOf(/Pro 16GB/, 'production'), kindColumn);
	session.type(keys.enter);
	await session.waitForScreen('\\x1b]52;c;cHduZWQ=');
	session.type('q');
	assert.equal(await session.exited, 0);

	const raw = session.raw();
	for (const payload of ['\u001B]0;PWNED', '\u001B]52;', '\u009B', '\u202E', '\u001B[2J']) {
		assert.ok(!raw.includes(payload), `${JSON.stringify(payload)} was written raw`);
	}

	assert.equal(session.title(), '', 'the window title is untouched');
});

test('SIGTERM during a close in the app stops it, restores the screen, then says what became of every session', async (t) => {
	// The hanging closes get a grace of 0.3 s (FRAME_TUI_STOP_GRACE_MS), not 5.
	const {sim, session, accountId} = await appOnSimulator(
		t,
		{sessions: 20, latencyMs: 20},
		[],
		undefined,
		{FRAME_TUI_STOP_GRACE_MS: '300'},
	);
	sim.inject({method: 'DELETE', hang: true, times: 2});
	await openFirstAccountSessions(session, 20);
	await closeAllOnScreen(session, 20);
	await session.waitForScreen(/18\/20/);
	session.kill('SIGTERM');

	assert.equal(await session.exited, 143);
	assert.equal(session.buffer(), 'normal', 'the alternate screen is left');
	const screen = session.screen().join('\n');
	assert.match(
		screen,
		/frame-tui: SIGTERM stopped the close: 18 closed, 0 already closed, 2 unknown, 0 failed, 0 not attempted/,
	);
	const unknown = [...screen.matchAll(/^unknown (\S+)$/gm)].map((match) => match[1]);
	assert.equal(unknown.length, 2);
	const open = new Set(sim.activeSessions(accountId).map((s) => s.id));
	assert.deepEqual(
		unknown.filter((id) => id !== undefined && open.has(id)),
		unknown,
		'the unknown ones are those the server never answered',
	);
});
