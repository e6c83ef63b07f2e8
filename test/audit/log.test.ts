import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {createAuditor} from '../../source/audit/events.js';
import {auditPath, openAuditFile, rotatedPath} from '../../source/audit/log.js';
import {readAuditLog, selectRuns} from '../../source/audit/read.js';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {cliEnvironment, runInProcess, simulatorEnvironment, startCli} from '../helpers/cli.js';
import {rawControl} from '../helpers/raw-controls.js';

test('the log is FRAME_TUI_AUDIT_LOG, else under XDG_STATE_HOME, else ~/.local/state', () => {
	assert.equal(auditPath({FRAME_TUI_AUDIT_LOG: '/x/a.jsonl', HOME: '/h'}), '/x/a.jsonl');
	assert.equal(auditPath({XDG_STATE_HOME: '/state', HOME: '/h'}), '/state/frame-tui/audit.jsonl');
	assert.equal(auditPath({HOME: '/h'}), '/h/.local/state/frame-tui/audit.jsonl');
});

test('the log is moved aside only between runs: a run stays whole in one file, and 3 old logs are kept', (t) => {
	const {path} = auditFolder(t);
	const now = () => Date.parse('2026-12-01T10:00:00Z');
	const auditor = createAuditor({
		path,
		identity: {mode: 'cli', version: 'test', profile: null, clientId: 'c', apiHost: 'h'},
		// A run of 20 sessions writes several times this: the log must not turn over inside it.
		rotation: {maxBytes: 2000, keep: 3},
		now,
	});
	const account = {id: 'gateway-prod.1', name: 'Demo'};
	const runIds: string[] = [];
	for (let run = 0; run < 5; run++) {
		const sessions = Array.from({length: 20}, (_, index) => ({id: `s${run}-${index}`}));
		const audit = auditor.begin({
			account,
			sessions,
			poolsById: new Map(),
			dryRun: false,
			concurrency: 4,
		});
		assert.ok(audit);
		runIds.push(audit.runId);
		for (const session of sessions) {
			const result = {id: session.id, status: 'closed', attempts: 1} as const;
			audit.result({session, status: 'closed', result});
		}

		audit.end();
	}

	const files = [path, rotatedPath(path, 1), rotatedPath(path, 2), rotatedPath(path, 3)];
	assert.ok(!existsSync(rotatedPath(path, 4)), 'the oldest beyond 3 is dropped');
	// Newest in the log itself, then one run a file, each whole: plan, 20 results, end.
	for (const [index, file] of files.entries()) {
		const records = readRecords(file);
		assert.deepEqual(
			new Set(records.map((record) => record.run_id)),
			new Set([runIds[4 - index]]),
			file,
		);
		assert.deepEqual(
			records.map((record) => record.event),
			['close.plan', ...Array.from({length: 20}, () => 'close.result'), 'close.end'],
		);
	}

	// `audit` reads the kept files too, oldest first.
	assert.deepEqual(
		selectRuns(readAuditLog(path).records, {}).runs.map((run) => [run.run_id, run.counts.closed]),
		runIds.slice(1).map((id) => [id, 20]),
	);
});

test('an existing log readable by others is made 0600 again; text stays JSON-escaped, one line a record', (t) => {
	const {path} = auditFolder(t);
	mkdirSync(join(path, '..'));
	writeFileSync(path, '');
	chmodSync(path, 0o644);
	const file = openAuditFile(path);
	file.append({event: 'close.result', user: 'eve\u001B]0;owned\u0007\r\n\u202Egnp.exe'});
	file.close();
	assert.equal(statSync(path).mode & 0o777, 0o600);
	const text = readFileSync(path, 'utf8');
	assert.equal(text.split('\n').length, 2, 'one line and its newline');
	assert.doesNotMatch(text.trimEnd(), rawControl);
	assert.equal(readRecords(path)[0]?.user, 'eve\u001B]0;owned\u0007\r\n\u202Egnp.exe');
});

test("a FIFO or a device in the log's place is refused at once (exit 2), never waited on", {
	skip: process.platform === 'win32',
	timeout: 60_000,
}, async (t) => {
	const {dir} = auditFolder(t);
	const fifo = join(dir, 'audit.fifo');
	execFileSync('mkfifo', [fifo]);
	const sim = await startSimulator({accounts: 1, sessions: 4});
	t.after(() => sim.close());
	const accountId = sim.accounts()[0]?.id ?? '';
	/** The built program in a process of its own: the old open blocked for good. */
	const run = (args: readonly string[], log: string) => {
		const child = startCli(
			args,
			cliEnvironment({...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: log}),
		);
		t.after(() => child.kill('SIGKILL'));
		child.stdin.end();
		return child.exited;
	};

	const close = await run(['close', '--account', accountId, '--all', '--yes'], fifo);
	assert.equal(close.code, 2);
	assert.match(
		close.stderr,
		new RegExp(`^frame-tui: cannot write the audit log ${fifo} \\(ENXIO\\): nothing was closed`),
	);
	assert.equal(sim.stats().byMethod.DELETE, undefined, 'no DELETE was sent');

	for (const log of [fifo, '/dev/zero']) {
		const read = await run(['audit'], log);
		assert.equal(read.code, 2, log);
		assert.equal(read.stderr, `frame-tui: cannot read the audit log ${log} (ENOTFILE)\n`);
	}
});

test('a close that takes the log past its size (audit_max_mb) stays whole in it, and audit reports it exactly; the next close moves it aside', async (t) => {
	const sessions = 1200;
	// At about 580 bytes a result, the run crosses 1 MB within its first 20 results, then adds about 0.7 MB.
	const sim = await startSimulator({accounts: 2, sessions});
	t.after(() => sim.close());
	const [account, other] = sim.accounts();
	assert.ok(account && other);
	const {path} = auditFolder(t);
	mkdirSync(join(path, '..'));
	const config = join(path, '..', 'config.toml');
	writeFileSync(config, 'audit_max_mb = 1\n', {mode: 0o600});
	// An older run's records, to just under the 1 MB at which a run moves the log aside.
	const old = `${JSON.stringify({event: 'close.result', run_id: 'old', ts: '2026-11-01T00:00:00.000Z', padding: 'x'.repeat(200)})}\n`;
	writeFileSync(path, old.repeat(Math.floor((0.99 * 1024 * 1024) / old.length)));
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path, FRAME_TUI_CONFIG: config};
	const close = await runInProcess(
		['close', '--account', account.id, '--all', '--yes', '--concurrency', '64', '--json'],
		env,
	);
	assert.equal(close.code, 0, close.stderr);
	assert.equal(sim.activeSessions(account.id).length, 0);
	assert.ok(statSync(path).size > 1.5 * 1024 * 1024, 'the run took the log far past 1 MB');
	assert.ok(
		!existsSync(rotatedPath(path, 1)),
		'and it was not moved aside in the middle of the run',
	);
	const run = readRecords(path).filter((record) => record.run_id !== 'old');
	assert.equal(run.length, sessions + 2, 'the plan, every result and the end, in one file');
	assert.equal(
		new Set(ofEvent(run, 'close.result').map((record) => record.session_id)).size,
		sessions,
	);

	const report = await runInProcess(['audit', '--json'], {FRAME_TUI_AUDIT_LOG: path});
	const [, closed] = (
		JSON.parse(report.stdout) as {runs: {sessions: number; counts: {closed: number}; end: string}[]}
	).runs;
	assert.deepEqual(closed && [closed.sessions, closed.counts.closed, closed.end], [
		sessions,
		sessions,
		'done',
	]);

	const next = await runInProcess(
		['close', '--account', other.id, '--kind', 'test', '--dry-run'],
		env,
	);
	assert.equal(next.code, 0, next.stderr);
	assert.equal(
		readRecords(rotatedPath(path, 1)).filter((record) => record.run_id === run[0]?.run_id).length,
		sessions + 2,
		'the next run moved the whole log aside first',
	);
});
