import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {cliEnvironment, simulatorEnvironment, waitFor} from '../helpers/cli.js';
import {deletes} from '../helpers/simulator.js';
import {closeAllOnScreen, openFirstAccountSessions, startTerminal} from '../helpers/terminal.js';

/** Whether a process is still there. */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** The grace the runs here get (FRAME_TUI_STOP_GRACE_MS): short, not 5 s. */
const graceMs = 500;

/**
 * After the terminal went away: the process ends, and the audit log holds the plan, one result for
 * each session of it and the end, whose closed count is the simulator's. The hanging closes never
 * answer, and a request times out only after 15 s: a process that ends before that has cancelled
 * them when the grace ran out. How soon belongs to no test; a loaded machine takes its time.
 */
async function assertRecordSurvives(
	sim: Simulator,
	session: {readonly pid: number; readonly exited: Promise<number>},
	path: string,
): Promise<void> {
	await waitFor(
		() => !alive(session.pid),
		'the process to end, before a request times out',
		12_000,
	);
	assert.equal(await session.exited, 129, 'the exit code of a hang-up');
	const records = readRecords(path);
	const [plan] = ofEvent(records, 'close.plan');
	const results = ofEvent(records, 'close.result');
	const [end] = ofEvent(records, 'close.end');
	assert.ok(plan && end, 'the plan and the end are in the log');
	assert.equal(new Set(results.map((record) => record.session_id)).size, plan.sessions);
	assert.equal(results.length, plan.sessions, 'one result for each session, none twice');
	assert.equal(end.stopped, 'SIGHUP');
	const [account] = sim.accounts();
	const closedOnServer = sim
		.sessions(account?.id ?? '')
		.filter((session) => session.state === 'closed').length;
	const {closed, unknown = 0} = end.counts as Record<string, number | undefined>;
	assert.ok(unknown >= 3, 'those hanging were cancelled after the grace');
	assert.ok(closedOnServer > 0, 'the close was under way');
	// The hanging closes never reached the server: every close it carried out is counted, no more.
	assert.equal(closed, closedOnServer, `log ${JSON.stringify(end.counts)}`);
}

describe('a terminal that goes away in the middle of a close', {concurrency: true}, () => {
	test('headless: the close stops as on SIGHUP and its record is whole', async (t) => {
		const sim = await startSimulator({accounts: 1, sessions: 300, deleteLatencyMs: 100});
		t.after(() => sim.close());
		const {path} = auditFolder(t);
		const [account] = sim.accounts();
		const session = startTerminal(
			['dist/cli.js', 'close', '--account', account?.id ?? '', '--all', '--yes'],
			{
				columns: 100,
				rows: 30,
				env: cliEnvironment({
					...simulatorEnvironment(sim),
					FRAME_TUI_AUDIT_LOG: path,
					FRAME_TUI_STOP_GRACE_MS: String(graceMs),
				}),
			},
		);
		t.after(() => session.kill('SIGKILL'));
		await waitFor(() => deletes(sim) >= 40, '40 closes');
		await session.waitForScreen(/Closing: \d+\/300/);
		// Closes that never answer keep the run going through the grace, the progress line redrawn
		// all the while into the terminal that is gone.
		sim.inject({method: 'DELETE', hang: true, times: 3});
		await waitFor(() => sim.stats().inFlight >= 3, 'three hanging closes');
		session.hangUp();
		await assertRecordSurvives(sim, session, path);
	});

	test('app: the close stops as on SIGHUP and its record is whole', async (t) => {
		const sim = await startSimulator({accounts: 1, sessions: 300, deleteLatencyMs: 100});
		t.after(() => sim.close());
		const {path} = auditFolder(t);
		const session = startTerminal(['dist/cli.js'], {
			columns: 120,
			rows: 30,
			env: cliEnvironment({
				...simulatorEnvironment(sim),
				FRAME_TUI_AUDIT_LOG: path,
				FRAME_TUI_STOP_GRACE_MS: String(graceMs),
			}),
		});
		t.after(() => session.kill('SIGKILL'));
		await openFirstAccountSessions(session, 300);
		await closeAllOnScreen(session, 300);
		await waitFor(() => deletes(sim) >= 40, '40 closes');
		sim.inject({method: 'DELETE', hang: true, times: 3});
		await waitFor(() => sim.stats().inFlight >= 3, 'three hanging closes');
		session.hangUp();
		await assertRecordSurvives(sim, session, path);
	});
});
