import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Simulator} from '../../source/simulator/server.js';
import {waitFor} from '../helpers/cli.js';
import {appOnSimulator, closeAllOnScreen, openFirstAccountSessions} from '../helpers/terminal.js';

/** How many of the account's sessions the simulator has closed. */
function closedOnServer(sim: Simulator, accountId: string): number {
	return sim.sessions(accountId).filter((session) => session.state === 'closed').length;
}

test('quitting after a close prints what it did, in the words of the headless close', async (t) => {
	const {sim, session, accountId} = await appOnSimulator(t, {sessions: 12});
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

test('q on a window too small, while a close runs, still stops it and prints every count', async (t) => {
	const {sim, session, accountId} = await appOnSimulator(t, {sessions: 40, latencyMs: 100}, [
		'--concurrency',
		'2',
	]);
	await openFirstAccountSessions(session, 40);
	await closeAllOnScreen(session, 40);
	await waitFor(() => closedOnServer(sim, accountId) >= 4, 'the first closes');
	session.resize(40, 10);
	await session.waitForScreen('The window is too small.');
	session.type('q');

	assert.equal(await session.exited, 1, 'not every session was closed');
	const closed = closedOnServer(sim, accountId);
	const record = session.screen().join('\n').replace(/\n/g, '');
	const [, shownClosed, notAttempted] =
		/closed in this session: (\d+) closed, 0 already closed, 0 failed, (\d+) not attempted/.exec(
			record,
		) ?? [];
	assert.equal(Number(shownClosed), closed, record);
	assert.equal(Number(shownClosed) + Number(notAttempted), 40);
});
