import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment, waitFor} from '../helpers/cli.js';
import {profileTable, writeConfig} from '../helpers/profiles.js';
import {deletes, openSessionIds} from '../helpers/simulator.js';

/** The command line a partial close ends with, as arguments. */
function nextStepArgs(stdout: string): string[] {
	const line = /^Close what is left: frame-tui (.+)$/m.exec(stdout)?.[1];
	assert.ok(line, `no next step in:\n${stdout.slice(-2000)}`);
	return line.split(' ');
}

test('300 sessions, 10 refused: 290 closed, 10 failed, none left out; the next step it prints tries those 10 once', async (t) => {
	const sim = await startSimulator({accounts: 1, sessions: 300});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const refused = openSessionIds(sim, account.id).slice(140, 150);
	sim.configure({refuse: refused});

	const first = await runInProcess(['close', '--account', account.id, '--all', '--yes'], env);
	assert.equal(first.code, 1, first.stderr);
	assert.match(first.stdout, /^290 closed, 0 already closed, 10 failed, 0 not attempted$/m);
	assert.doesNotMatch(first.stdout, /^Stopped/m);
	const notClosed = first.stdout.slice(first.stdout.indexOf('\nNot closed:\n'));
	assert.match(
		notClosed,
		/^ {2}10 failed: forbidden \(HTTP 403\): closing this session is not allowed$/m,
	);
	for (const id of refused) {
		assert.ok(notClosed.includes(id), `${id} is named among the failed`);
	}

	assert.deepEqual(openSessionIds(sim, account.id).sort(), [...refused].sort());
	const [plan] = ofEvent(readRecords(path), 'close.plan');
	const args = nextStepArgs(first.stdout);
	assert.deepEqual(args, ['close', '--account', account.id, '--retry', plan?.run_id]);

	const before = deletes(sim);
	const again = await runInProcess([...args, '--yes'], env);
	assert.equal(again.code, 1, again.stderr);
	assert.equal(deletes(sim) - before, 10, 'each tried once');
	assert.match(again.stderr, /^Retrying 10 sessions in \d+ pools? of /m);
	assert.match(again.stdout, /^0 closed, 0 already closed, 10 failed, 0 not attempted$/m);
	assert.doesNotMatch(again.stdout, /^Stopped/m, 'refusals already known never stop the retry');
	const plans = ofEvent(readRecords(path), 'close.plan');
	assert.equal(plans.at(-1)?.retry_of, plan?.run_id);

	// A retry of that retry closed nothing itself, yet the run it retried did: still no stop.
	const third = await runInProcess(['close', '--account', account.id, '--retry', '--yes'], env);
	assert.equal(third.code, 1, third.stderr);
	assert.equal(deletes(sim) - before, 20);
	assert.match(third.stdout, /^0 closed, 0 already closed, 10 failed, 0 not attempted$/m);
	assert.doesNotMatch(third.stdout, /^Stopped/m);
});

test('close --retry after a close the API outage stopped closes exactly what it left, and nothing else', async (t) => {
	const sim = await startSimulator({accounts: 2, sessions: 200, deleteLatencyMs: 5});
	t.after(() => sim.close());
	const [account, other] = sim.accounts();
	assert.ok(account && other);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const production = openSessionIds(sim, account.id, 'production');
	const others = openSessionIds(sim, account.id).filter((id) => !production.includes(id));
	const otherAccount = openSessionIds(sim, other.id);
	assert.ok(production.length > 60 && others.length > 0);

	const running = runInProcess(
		[
			'close',
			'--account',
			account.id,
			'--kind',
			'production',
			'--yes',
			'--concurrency',
			'4',
			'--patience',
			'0',
			'--json',
		],
		env,
	);
	await waitFor(() => deletes(sim) >= 30, '30 closes');
	sim.outage(60_000);
	const first = await running;
	assert.equal(first.code, 1, first.stderr);
	const report = JSON.parse(first.stdout) as {
		results: {id: string; status: string}[];
		stopped: {by: string; reason: string};
		retry_command: string;
	};
	assert.equal(
		report.results.length,
		production.length,
		'every session asked for is accounted for',
	);
	assert.deepEqual(report.stopped, {
		by: 'unavailable',
		reason: 'the API was unavailable (503), and the patience is 0',
	});
	const left = report.results
		.filter((result) => result.status !== 'closed')
		.map((result) => result.id);
	assert.ok(left.length > 0 && left.length < production.length, `${left.length} left`);
	assert.deepEqual(openSessionIds(sim, account.id, 'production').sort(), [...left].sort());

	// The API is back.
	sim.configure({outage: {start: 0, end: 0, answer: 503}});
	const before = deletes(sim);
	const retry = await runInProcess(['close', '--account', account.id, '--retry', '--yes'], env);
	assert.equal(retry.code, 0, retry.stderr);
	assert.equal(deletes(sim) - before, left.length, 'exactly what was left, each once');
	assert.deepEqual(openSessionIds(sim, account.id, 'production'), []);
	assert.deepEqual(
		openSessionIds(sim, account.id).sort(),
		[...others].sort(),
		'other pools untouched',
	);
	assert.deepEqual(openSessionIds(sim, other.id), otherAccount, 'the other account untouched');

	const nothing = await runInProcess(['close', '--account', account.id, '--retry', '--yes'], env);
	assert.equal(nothing.code, 0, nothing.stderr);
	assert.match(nothing.stdout, /^Close [0-9a-f]{8} left nothing open: nothing to retry\.$/m);
	assert.equal(deletes(sim) - before, left.length);
});

test('--retry with a run id that matches no close, or with other selectors, exits 2', async (t) => {
	const sim = await startSimulator({accounts: 1, sessions: 5});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const unknown = await runInProcess(
		['close', '--account', account.id, '--retry', 'abc123', '--yes'],
		env,
	);
	assert.equal(unknown.code, 2);
	assert.equal(
		unknown.stderr,
		`frame-tui: no close "abc123" in the audit log ${path}: "frame-tui audit" lists them\n`,
	);
	const mixed = await runInProcess(
		['close', '--account', account.id, '--retry', '--all', '--yes'],
		env,
	);
	assert.equal(mixed.code, 2);
	assert.match(
		mixed.stderr,
		/--retry closes what an earlier close left open: it takes no other selection/,
	);
	assert.equal(deletes(sim), 0);
});

test('the next step repeats what let the close run: a read-only profile overridden for it stays overridden', async (t) => {
	const sim = await startSimulator({accounts: 1, sessions: 40});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	const {path} = auditFolder(t);
	const config = await writeConfig(t, profileTable('watch', sim, {read_only: 'true'}));
	const env = {FRAME_TUI_CONFIG: config, FRAME_TUI_AUDIT_LOG: path};
	sim.configure({refuse: openSessionIds(sim, account.id).slice(10, 13)});
	const first = await runInProcess(
		['close', '--profile', 'watch', '--no-read-only', '--account', account.id, '--all', '--yes'],
		env,
	);
	assert.equal(first.code, 1, first.stderr);
	const args = nextStepArgs(first.stdout);
	assert.deepEqual(args.slice(0, 6), [
		'close',
		'--profile',
		'watch',
		'--no-read-only',
		'--account',
		account.id,
	]);
	const before = deletes(sim);
	const again = await runInProcess([...args, '--yes'], env);
	assert.equal(again.code, 1, again.stderr);
	assert.equal(
		deletes(sim) - before,
		3,
		'run as printed, it closes: the three refused are tried again',
	);
});
