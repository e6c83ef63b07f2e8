import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Simulator} from '../../source/simulator/server.js';
import {waitFor} from '../helpers/cli.js';
import {appInProcess} from '../helpers/in-process-terminal.js';
import {closeAllOnScreen, openFirstAccountSessions} from '../helpers/terminal.js';

/** How many of the account's sessions the simulator has closed. */
function closedOnServer(sim: Simulator, accountId: string): number {
	return sim.sessions(accountId).filter((session) => session.state === 'closed').length;
}

test('quitting after a close prints what it did, in the words of the headless close', async (t) => {
	const {sim, session, accountId} = await appInProcess(t, {sessions: 12});
	await openFirstAccountSessions(session, 12);
	await closeAllOnScreen(session, 12);
	await session.waitForScreen('Finished in');
	session.type('q');

	assert.equal(await session.exited, 0);
	assert.equal(session.buffer(), 'normal');
	assert.equal(closedOnServer(sim, accountId), 12);
	assert.match(
		session.screen().join('\n'),
		/^frame-tui: closed in this session: 12 closed, 0 already closed, 0 failed, 0 not attempted$/m,
	);
});

test('at 40×10 during a close, q asks in the small-window notice; n keeps it going; y stops it and prints every count', async (t) => {
	const {sim, session, accountId} = await appInProcess(t, {sessions: 40, latencyMs: 100}, [
		'--concurrency',
		'2',
	]);
	await openFirstAccountSessions(session, 40);
	await closeAllOnScreen(session, 40);
	await waitFor(() => closedOnServer(sim, accountId) >= 4, 'the first closes');
	session.resize(40, 10);
	await session.waitForScreen('The window is too small.');
	await session.waitForScreen('Esc/Ctrl-C stop  q quit');
	session.type('q');
	await session.waitForScreen('y/N Quit? Ctrl-C quits now.');
	session.type('n');
	await session.waitForScreen('Esc/Ctrl-C stop  q quit');
	const before = closedOnServer(sim, accountId);
	await waitFor(() => closedOnServer(sim, accountId) > before, 'the close going on after n');
	session.type('q');
	await session.waitForScreen('y/N Quit?');
	session.type('y');

	assert.equal(await session.exited, 1, 'not every session was closed');
	const closed = closedOnServer(sim, accountId);
	const record = session.screen().join('\n').replace(/\n/g, '');
	const [, shownClosed, notAttempted] =
		/closed in this session, then stopped: (\d+) closed, 0 already closed, 0 failed, (\d+) not attempted/.exec(
			record,
		) ?? [];
	assert.equal(Number(shownClosed), closed, record);
	assert.equal(Number(shownClosed) + Number(notAttempted), 40);
});

test('at 40×10, n at the quit question lets the close complete; then q quits with the record', async (t) => {
	const {sim, session, accountId} = await appInProcess(t, {sessions: 20, latencyMs: 100}, [
		'--concurrency',
		'2',
	]);
	await openFirstAccountSessions(session, 20);
	await closeAllOnScreen(session, 20);
	// The close view first, then the small window: a resize that lands before the y is read
	// takes the confirmation off the screen, and its key with it.
	await session.waitForScreen('Closing 20 sessions');
	session.resize(40, 10);
	await session.waitForScreen('Esc/Ctrl-C stop  q quit');
	session.type('q');
	await session.waitForScreen('y/N Quit?');
	session.type('n');
	await waitFor(() => closedOnServer(sim, accountId) === 20, 'every session closed');
	// The notice keeps the close's result once it is done, and its keys.
	await session.waitForScreen(/^Finished in \S+: 20 closed, 0 already$/m);
	await session.waitForScreen(/^ q quit/m);
	session.type('q');

	assert.equal(await session.exited, 0);
	// The 40 columns wrap the record: read it as one line.
	assert.match(
		session.screen().join(''),
		/frame-tui: closed in this session: 20 closed, 0 already closed, 0 failed, 0 not attempted/,
	);
});

test('at 80×24 the Overall line keeps done/total, failed and the ETA, its bar in the outcome colours', async (t) => {
	const {sim, session} = await appInProcess(
		t,
		{sessions: 60, latencyMs: 100},
		['--concurrency', '2'],
		{columns: 80, rows: 24},
	);
	sim.inject({method: 'DELETE', status: 403, body: {message: 'not yours'}, times: 2});
	await openFirstAccountSessions(session, 60);
	await closeAllOnScreen(session, 60);
	await session.waitForScreen(/^Overall +█+✗+░+ \d+\/60 .* 2 failed .*ETA \d+(\.\d)?s$/m);
	const overall = /^Overall /;
	assert.equal(session.colourOf(overall, '█'), 2, 'closed in green');
	assert.equal(session.colourOf(overall, '✗'), 1, 'failed in red');
});

/** The session ids the close view's list shows: the simulator's share "gateway-prod.", so "…" and the rest. */
function listedIds(screen: readonly string[]): string[] {
	return screen.flatMap((line) => {
		const id = /^[✓✗?–·⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] .* (…[A-Za-z0-9]{16}) /.exec(line)?.[1];
		return id ? [id] : [];
	});
}

test('at 60×15 the close view keeps each pool kind whole in its colour, shows distinct ids, ? and q, and wraps the stop question', async (t) => {
	const {session} = await appInProcess(t, {sessions: 30, latencyMs: 300}, ['--concurrency', '1'], {
		columns: 60,
		rows: 15,
	});
	await openFirstAccountSessions(session, 30);
	await closeAllOnScreen(session, 30);
	await session.waitForScreen(/^Air 8GB \(production\) [█░]+ \d+\/\d+ closed/m);
	await session.waitForScreen(/^Pro 16… \(production\) [█░]+ /m);
	assert.equal(
		session.colourOf(/^Air 8GB \(production\)/, '(production)'),
		12,
		'production in its own bright blue',
	);
	assert.equal(session.colourOf(/^Air 8GB \(production\)/, 'Air'), -1, 'the name in the default');

	const ids = listedIds(session.screen());
	assert.ok(ids.length >= 4, session.screen().join('\n'));
	assert.equal(new Set(ids).size, ids.length, `distinct ids:\n${session.screen().join('\n')}`);
	assert.match(
		session.screen().join('\n'),
		/^ ↑↓ .*\? help {2}q quit *$/m,
		'the footer ends with ? and q',
	);

	// The stop question is wrapped, not cut: what happens to the rest is at its end.
	session.type('\u001B');
	await session.waitForScreen(/y\/N Stop closing\?[\s\S]*the rest are not attempted\. *$/m);
	session.type('n');
	await session.waitForScreen(/\? help {2}q quit *$/m);
});
