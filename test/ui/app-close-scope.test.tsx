import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createFrameClient} from '../../source/api/client.js';
import {startSimulator} from '../../source/simulator/server.js';
import {keys, openAllSessions, renderApp, renderAppWith} from '../helpers/app.js';
import {appAuditor, auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {waitFor} from '../helpers/cli.js';
import {deletes, openSessionIds} from '../helpers/simulator.js';

/** The frame as one line: borders and wrapping folded into single spaces. */
const flat = (frame: string) => frame.replaceAll(/[║│]/g, ' ').replaceAll(/\s+/g, ' ');

test('300 sessions, 10 refused: the app closes 290 and fails 10, none left out; r tries those 10 once and the run ends by itself', async (t) => {
	const {path} = auditFolder(t);
	const app = await renderApp(t, {accounts: 1, sessions: 300}, {}, {}, appAuditor(path));
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

	const before = deletes(app.sim);
	await app.press('r', 'Retry 10 sessions of');
	app.view.stdin.write('y');
	await waitFor(
		() =>
			deletes(app.sim) === before + 10 &&
			/^Finished in /m.test(app.frame()) &&
			!app.frame().includes('Retry 10 sessions of'),
		() => `the retry to end; ${deletes(app.sim) - before} DELETEs, the frame:\n${app.frame()}`,
	);
	assert.match(
		app.frame(),
		/^Finished in \S+: 290 closed, 0 already closed, 10 failed, 0 not attempted$/m,
	);
	assert.doesNotMatch(app.frame(), /Stopped/, 'refusals it already knew never stop it');
	assert.equal(deletes(app.sim), before + 10, 'each refused session tried once');
	const [first, retry] = ofEvent(readRecords(path), 'close.plan');
	assert.equal(retry?.retry_of, first?.run_id, 'the retry names the run it retries');
	assert.equal(retry?.sessions, 10);
	await app.press(keys.enter, /selected · \d+ sessions/);
});

test('during a close, f lists what is not closed yet: queued and closing rows too', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 40}, {concurrency: 2});
	// Two closes that never answer hold the run, so it cannot end before f is read.
	app.sim.inject({method: 'DELETE', hang: true, times: 2});
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', /Closing 40 sessions/);
	await app.press('f', 'f all rows');
	assert.doesNotMatch(app.frame(), /Every session is closed/);
	assert.match(app.frame(), /^· .* queued$/m, 'the queued rows are listed');
	assert.doesNotMatch(app.frame(), /^✓ /m, 'no closed row');
});

test('the close confirmation says how many selected sessions the filter hides', async (t) => {
	const app = await renderApp(t, {accounts: 1, sessions: 40});
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('/', 'filter: ▏');
	await app.press('smith', /filter: smith▏/);
	await app.press(keys.enter, /filter: smith · sort/);
	const shown = Number(/(\d+) of 40 sessions/.exec(app.frame())?.[1]);
	assert.ok(shown > 0 && shown < count, app.frame());
	await app.press('x', `Close ${count} sessions`);
	assert.match(flat(app.frame()), new RegExp(`\\? \\(${count - shown} hidden by the filter\\)`));
	await app.press('n', /filter: smith · sort/);
	assert.equal(deletes(app.sim), 0);
});

test("a credential the API refuses names the profile it came from, with the server's reason", async (t) => {
	const sim = await startSimulator({accounts: 1, sessions: 4});
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: sim.clientId, clientSecret: 'not-the-secret'},
		retry: {baseDelayMs: 1, maxDelayMs: 5},
	});
	t.after(async () => {
		client.close();
		await sim.close();
	});
	const app = renderAppWith(t, {
		client,
		profile: 'prod',
		credentials: {kind: 'profile', name: 'prod', path: '/home/ops/.config/frame-tui/config.toml'},
	});
	await app.waitForFrame('Could not load accounts');
	const panel = flat(app.frame());
	assert.match(panel, /invalid signature/);
	assert.match(
		panel,
		/check client_id and the secret of profile prod in \/home\/ops\/\.config\/frame-tui\/config\.toml/,
	);
	assert.doesNotMatch(panel, /FRAME_CLIENT_ID/);
});
