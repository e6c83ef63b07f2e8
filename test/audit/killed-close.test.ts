import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {cliEnvironment, simulatorEnvironment, startCli, waitFor} from '../helpers/cli.js';

/** The highest count of finished sessions the progress lines on stderr have shown. */
function shownDone(stderr: string): number {
	return Math.max(
		0,
		...[...stderr.matchAll(/Closing: (\d+)\/\d+/g)].map((match) => Number(match[1])),
	);
}

test('a close killed with SIGKILL leaves in the log every result it reported, each once, and no end', async (t) => {
	const sim = await startSimulator({accounts: 1, sessions: 200, latencyMs: 40});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	const {path} = auditFolder(t);
	const concurrency = 2;
	const child = startCli(
		['close', '--account', account.id, '--all', '--yes', '--concurrency', String(concurrency)],
		cliEnvironment({...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path}),
	);
	child.stdin.end();
	await waitFor(
		() => shownDone(child.output.stderr) >= 5,
		() => `progress: ${child.output.stderr}`,
	);
	child.kill('SIGKILL');
	const run = await child.exited;
	assert.equal(run.code, null, 'killed');
	const shown = shownDone(run.stderr);

	const records = readRecords(path);
	assert.equal(ofEvent(records, 'close.plan').length, 1);
	assert.equal(ofEvent(records, 'close.end').length, 0, 'a killed process writes no end');
	const results = ofEvent(records, 'close.result');
	const ids = results.map((record) => record.session_id);
	assert.equal(new Set(ids).size, ids.length, 'no result twice');
	assert.ok(results.length >= shown, `${results.length} results in the log, ${shown} shown`);
	const closedOnServer = sim
		.sessions(account.id)
		.filter((session) => session.state === 'closed')
		.map((session) => session.id);
	for (const result of results) {
		assert.equal(result.outcome, 'closed');
		assert.ok(closedOnServer.includes(String(result.session_id)), String(result.session_id));
	}

	// Only closes in flight at the kill may be closed on the server yet missing from the log.
	assert.ok(closedOnServer.length - results.length <= concurrency);
});
