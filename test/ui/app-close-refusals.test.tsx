import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keys, openAllSessions, type RenderedApp, renderApp} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

/** Closes of sessions the simulator saw. */
const deletes = (app: RenderedApp) => app.sim.stats().byMethod.DELETE ?? 0;

test('300 sessions, 10 refused: the app closes 290 and fails 10, none left out; r tries those 10 once and the run ends by itself', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 300});
	const refused = openSessionIds(app.sim, app.accountId).slice(140, 150);
	app.sim.configure({refuse: refused});
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', /Closing 300 sessions|Finished in/);
	await app.waitForFrame(
		/^Finished in \S+: 290 closed, 0 already closed, 10 failed, 0 not attempted$/m,
	);
	assert.deepEqual(openSessionIds(app.sim, app.accountId).sort(), [...refused].sort());
	assert.doesNotMatch(app.frame(), /Stopped/);

	const before = deletes(app);
	await app.press('r', 'Retry 10 sessions of');
	app.view.stdin.write('y');
	await waitFor(
		() =>
			deletes(app) === before + 10 &&
			/^Finished in /m.test(app.frame()) &&
			!app.frame().includes('Retry 10 sessions of'),
		() => `the retry to end; ${deletes(app) - before} DELETEs, the frame:\n${app.frame()}`,
	);
	assert.match(
		app.frame(),
		/^Finished in \S+: 290 closed, 0 already closed, 10 failed, 0 not attempted$/m,
	);
	assert.doesNotMatch(app.frame(), /Stopped/, 'refusals it already knew never stop it');
	assert.equal(deletes(app), before + 10, 'each refused session tried once');
	await app.press(keys.enter, /selected · \d+ sessions/);
});

test('during a close, f lists what is not closed yet: queued and closing rows too', async (t) => {
	const app = await renderApp(
		t,
		{accounts: 1, sessions: 40, deleteLatencyMs: 40},
		{concurrency: 2},
	);
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', /Closing 40 sessions/);
	await app.press('f', 'f all rows');
	assert.doesNotMatch(app.frame(), /Every session is closed/);
	assert.match(app.frame(), /^· .* queued$/m, 'the queued rows are listed');
	assert.doesNotMatch(app.frame(), /^✓ /m, 'no closed row');
});
