import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {auditPath, openAuditFile, previousPath} from '../../source/audit/log.js';
import {auditFolder, readRecords} from '../helpers/audit.js';
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
