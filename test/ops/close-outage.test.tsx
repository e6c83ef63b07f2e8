import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {openAllSessions, type RenderedApp, renderApp} from '../helpers/app.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment, waitFor} from '../helpers/cli.js';
import {deletes} from '../helpers/simulator.js';

type CloseJson = {
	results: {id: string; status: string}[];
	summary: Record<string, number>;
	stopped?: {by: string; reason: string};
};

/** Every session of the first account selected and their close confirmed. */
async function closeAll(app: RenderedApp): Promise<void> {
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', /Closing \d+ sessions/);
}

// Each waits out an outage of real seconds (probes go 1 s, then 2 s, apart: 2.5 s of outage are
// ridden out at the second probe); side by side, the four take as long as the longest.
describe('an API outage in the middle of a close', {concurrency: true}, () => {
	test('headless: an outage of 2.5 s in a 300-session close is ridden out; every session closes, exit 0', async (t) => {
		const sim = await startSimulator({accounts: 1, sessions: 300, deleteLatencyMs: 20});
		t.after(() => sim.close());
		const [account] = sim.accounts();
		assert.ok(account);
		const running = runInProcess(
			['close', '--account', account.id, '--all', '--yes', '--json'],
			simulatorEnvironment(sim),
		);
		await waitFor(() => deletes(sim) >= 60, '60 closes');
		sim.outage(2500);
		const run = await running;
		assert.equal(run.code, 0, run.stderr);
		const report = JSON.parse(run.stdout) as CloseJson;
		assert.equal(report.summary.closed, 300);
		assert.equal(report.stopped, undefined);
		assert.deepEqual(sim.activeSessions(account.id), []);
		assert.match(run.stderr, /· API unavailable for \d+ s \(503\): waiting/);
	});

	test('headless: an outage longer than the patience stops the run after it; every session is accounted for', async (t) => {
		const sim = await startSimulator({accounts: 1, sessions: 300, deleteLatencyMs: 20});
		t.after(() => sim.close());
		const [account] = sim.accounts();
		assert.ok(account);
		const {path} = auditFolder(t);
		const running = runInProcess(
			['close', '--account', account.id, '--all', '--yes', '--json', '--patience', '2s'],
			{...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path},
		);
		await waitFor(() => deletes(sim) >= 60, '60 closes');
		sim.outage(60_000);
		const run = await running;
		assert.equal(run.code, 1, run.stderr);
		const report = JSON.parse(run.stdout) as CloseJson;
		assert.equal(report.results.length, 300);
		assert.equal(report.stopped?.by, 'unavailable');
		assert.match(
			report.stopped?.reason ?? '',
			/^the API was unavailable for \d+ s \(503\), longer than the patience of 2 s$/,
		);
		const open = new Set(sim.activeSessions(account.id).map((session) => session.id));
		for (const result of report.results) {
			assert.equal(
				open.has(result.id),
				result.status !== 'closed',
				`${result.id} ${result.status}`,
			);
		}

		const records = readRecords(path);
		assert.equal(ofEvent(records, 'close.result').length, 300, 'one result a session');
		assert.equal(ofEvent(records, 'close.end')[0]?.stopped, 'unavailable');
	});

	test('app: the close view says the API is unavailable while it waits, then closes every session', async (t) => {
		const app = await renderApp(t, {accounts: 1, sessions: 300, deleteLatencyMs: 20});
		await closeAll(app);
		await waitFor(() => deletes(app.sim) >= 60, '60 closes');
		app.sim.outage(2500);
		await app.waitForFrame(/^API unavailable for \d+ s \(503\): waiting · Esc stops$/m);
		await waitFor(
			() =>
				/^Finished in \S+: 300 closed, 0 already closed, 0 failed, 0 not attempted$/m.test(
					app.frame(),
				),
			() => `the close to finish; the frame:\n${app.frame()}`,
			40_000,
		);
		assert.deepEqual(app.sim.activeSessions(app.accountId), []);
	});

	test('app: an outage longer than the patience stops the close, says why, and offers r', async (t) => {
		const app = await renderApp(
			t,
			{accounts: 1, sessions: 300, deleteLatencyMs: 20},
			{patienceMs: 2000},
		);
		await closeAll(app);
		await waitFor(() => deletes(app.sim) >= 60, '60 closes');
		app.sim.outage(60_000);
		await app.waitForFrame(/^Stopped after /m);
		assert.match(
			app.frame(),
			/the API was unavailable for \d+ s \(503\), longer than the patience of 2 s/,
		);
		assert.match(app.frame(), /r retry \d+/);
		const open = app.sim.activeSessions(app.accountId).length;
		assert.match(app.frame(), new RegExp(`^Stopped after \\S+: ${300 - open} closed`, 'm'));
	});
});
