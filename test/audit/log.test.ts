import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {auditPath, openAuditFile, previousPath} from '../../source/audit/log.js';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder, readRecords} from '../helpers/audit.js';
import {cliEnvironment, simulatorEnvironment, startCli} from '../helpers/cli.js';
import {rawControl} from '../helpers/raw-controls.js';

test('the log is FRAME_TUI_AUDIT_LOG, else under XDG_STATE_HOME, else ~/.local/state', () => {
	assert.equal(auditPath({FRAME_TUI_AUDIT_LOG: '/x/a.jsonl', HOME: '/h'}), '/x/a.jsonl');
	assert.equal(auditPath({XDG_STATE_HOME: '/state', HOME: '/h'}), '/state/frame-tui/audit.jsonl');
	assert.equal(auditPath({HOME: '/h'}), '/h/.local/state/frame-tui/audit.jsonl');
});

test('at the size threshold the log becomes audit.jsonl.1, replacing the old one, and a new file starts', (t) => {
	const {path} = auditFolder(t);
	mkdirSync(join(path, '..'));
	writeFileSync(previousPath(path), '{"old":true}\n');
	const record = (n: number) => ({event: 'close.result', n, padding: 'x'.repeat(60)});
	const lineBytes = JSON.stringify(record(0)).length + 1;
	// Three lines reach the threshold; the fourth append finds it reached and rotates first.
	const file = openAuditFile(path, 3 * lineBytes - 1);
	for (let n = 0; n < 4; n++) {
		file.append(record(n));
	}

	file.sync();
	file.close();
	assert.deepEqual(
		readRecords(previousPath(path)).map((line) => line.n),
		[0, 1, 2],
	);
	assert.deepEqual(
		readRecords(path).map((line) => line.n),
		[3],
	);
	assert.equal(statSync(path).mode & 0o777, 0o600);
	assert.equal(file.failure(), undefined);
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
