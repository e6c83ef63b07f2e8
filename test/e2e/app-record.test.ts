import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {cliEnvironment, simulatorEnvironment, waitFor} from '../helpers/cli.js';
import {openFirstAccountSessions, startTerminal} from '../helpers/terminal.js';

async function appOnSimulator(
	t: {after: (fn: () => Promise<void> | void) => void},
	options: Parameters<typeof startSimulator>[0],
	args: readonly string[] = [],
) {
	const sim = await startSimulator({accounts: 1, ...options});
	const session = startTerminal(['dist/cli.js', ...args], {
		columns: 120,
		rows: 30,
		env: cliEnvironment(simulatorEnvironment(sim)),
	});
	t.after(async () => {
		session.kill();
		await sim.close();
	});
	const accountId = sim.accounts()[0]?.id ?? '';
	const closedOnServer = () => sim.sessions(accountId).filter((s) => s.state === 'closed').length;
	return {sim, session, closedOnServer};
}

test('quitting after a close prints what it did, in the words of the headless close', async (t) => {
	const {session, closedOnServer} = await appOnSimulator(t, {sessions: 12});
	await openFirstAccountSessions(session, 12);
	session.type('a');
	await session.waitForScreen('12 selected');
	session.type('x');
	await session.waitForScreen('Close 12 sessions');
	session.type('y');
	await session.waitForScreen('Finished in');
	session.type('q');

	assert.equal(await session.exited, 0);
	assert.equal(session.buffer(), 'normal');
	assert.equal(closedOnServer(), 12);
	assert.match(
		session.screen().join('\n'),
		/^frame-tui: closed in this session: 12 closed, 0 already closed, 0 failed, 0 not attempted$/m,
	);
});

test('q on a window too small, while a close runs, still stops it and prints every count', async (t) => {
	const {session, closedOnServer} = await appOnSimulator(t, {sessions: 40, latencyMs: 100}, [
		'--concurrency',
		'2',
	]);
	await openFirstAccountSessions(session, 40);
	session.type('a');
	await session.waitForScreen('40 selected');
	session.type('x');
	await session.waitForScreen('Close 40 sessions');
	session.type('y');
	await waitFor(() => closedOnServer() >= 4, 'the first closes');
	session.resize(40, 10);
	await session.waitForScreen('The window is too small.');
	session.type('q');

	assert.equal(await session.exited, 1, 'not every session was closed');
	const closed = closedOnServer();
	const record = session.screen().join('\n').replace(/\n/g, '');
	const [, shownClosed, notAttempted] =
		/closed in this session: (\d+) closed, 0 already closed, 0 failed, (\d+) not attempted/.exec(
			record,
		) ?? [];
	assert.equal(Number(shownClosed), closed, record);
	assert.equal(Number(shownClosed) + Number(notAttempted), 40);
});
