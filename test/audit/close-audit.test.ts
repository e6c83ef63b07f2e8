import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';
import {assertNoSecrets, auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

const version = (
	JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
		version: string;
	}
).version;

async function simulator(t: {after: (fn: () => Promise<void>) => void}) {
	const sim = await startSimulator({accounts: 2, sessions: 30});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	return {sim, accountId: account.id, accountName: account.name};
}

const sessionPath = (accountId: string, id: string) =>
	`/accounts/${accountId}/sessions/${encodeURIComponent(id)}`;

function closeArgs(accountId: string, ...more: string[]) {
	return ['close', '--account', accountId, '--yes', '--concurrency', '1', ...more];
}

test('a headless close writes its plan, each session’s result with its outcome, and the end with the counts', async (t) => {
	const {sim, accountId, accountName} = await simulator(t);
	const {path, dir} = auditFolder(t);
	const [refused, badRequest, gone, ...closing] = openSessionIds(sim, accountId).slice(0, 6);
	assert.ok(refused && badRequest && gone && closing.length === 3);
	// Listed as active, yet gone when its close arrives: closed by someone else meanwhile.
	sim.inject({method: 'DELETE', path: sessionPath(accountId, gone), status: 404});
	sim.inject({method: 'DELETE', path: sessionPath(accountId, refused), status: 403});
	sim.inject({
		method: 'DELETE',
		path: sessionPath(accountId, badRequest),
		status: 400,
		body: {message: 'session is pinned'},
	});
	const started = Date.now();
	const ids = [refused, badRequest, gone, ...closing];
	const run = await runInProcess(closeArgs(accountId, ...ids.flatMap((id) => ['--session', id])), {
		...simulatorEnvironment(sim),
		FRAME_TUI_AUDIT_LOG: path,
	});
	assert.equal(run.code, 1, run.stderr);

	const records = readRecords(path);
	assert.deepEqual(
		records.map((record) => record.event),
		['close.plan', ...ids.map(() => 'close.result'), 'close.end'],
	);
	const [plan] = records;
	assert.ok(plan);
	for (const record of records) {
		assert.equal(record.run_id, plan.run_id);
		assert.match(record.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		assert.equal(record.version, version);
		assert.equal(record.mode, 'cli');
		assert.equal(record.dry_run, false);
		assert.equal(record.host, hostname());
		assert.equal(typeof record.os_user, 'string');
		assert.equal(record.client_id, sim.clientId);
		assert.equal(record.api_host, new URL(sim.url).host);
		assert.equal(record.account_id, accountId);
		assert.equal(record.account_name, accountName);
	}

	assert.equal(plan.sessions, ids.length);
	assert.deepEqual(plan.session_ids, ids, 'every session asked for, so a retry knows them all');
	const users = new Map(sim.sessions(accountId).map((session) => [session.id, session.user_email]));
	const kinds = new Map(sim.pools(accountId).map((pool) => [pool.external_id, pool.kind]));
	const results = new Map(
		ofEvent(records, 'close.result').map((record) => [record.session_id, record]),
	);
	const expected = [
		[refused, 'failed', 403],
		[badRequest, 'failed', 400],
		[gone, 'already_closed', 404],
		...closing.map((id) => [id, 'closed', 202] as const),
	] as const;
	for (const [id, outcome, status] of expected) {
		const result = results.get(id);
		assert.ok(result, id);
		assert.equal(result.outcome, outcome, id);
		assert.equal(result.http_status, status, id);
		assert.equal(result.attempts, 1, id);
		assert.equal(result.user, users.get(id) ?? null, id);
		const poolId = sim.sessions(accountId).find((session) => session.id === id)?.pool_id ?? null;
		assert.equal(result.pool_id, poolId, id);
		assert.equal(result.pool_kind, poolId ? kinds.get(poolId) : null, id);
	}

	assert.match(String(results.get(refused)?.error), /forbidden/);
	assert.match(String(results.get(badRequest)?.error), /session is pinned/);
	const end = records.at(-1);
	assert.deepEqual(end?.counts, {
		closed: 3,
		already_closed: 1,
		unknown: 0,
		failed: 2,
		not_attempted: 0,
	});
	assert.equal(end?.stopped, null);

	assert.equal(statSync(path).mode & 0o777, 0o600);
	assert.equal(statSync(join(dir, 'logs')).mode & 0o777, 0o700);
	assertNoSecrets([readFileSync(path, 'utf8'), run.stdout, run.stderr], sim, started);
});

test('a dry run is logged and marked, each session not attempted, and sends no DELETE', async (t) => {
	const {sim, accountId} = await simulator(t);
	const {path} = auditFolder(t);
	const production = openSessionIds(sim, accountId, 'production');
	const run = await runInProcess(
		['close', '--account', accountId, '--kind', 'production', '--dry-run'],
		{...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path},
	);
	assert.equal(run.code, 0, run.stderr);
	assert.equal(sim.stats().byMethod.DELETE, undefined);
	const records = readRecords(path);
	assert.ok(records.every((record) => record.dry_run === true));
	assert.equal(ofEvent(records, 'close.plan')[0]?.sessions, production.length);
	assert.deepEqual(
		ofEvent(records, 'close.result').map((record) => [record.session_id, record.outcome]),
		production.map((id) => [id, 'not_attempted']),
	);
	assert.equal(
		(ofEvent(records, 'close.end')[0]?.counts as Record<string, number> | undefined)?.not_attempted,
		production.length,
	);
});

test('--no-audit closes without writing the log', async (t) => {
	const {sim, accountId} = await simulator(t);
	const {path} = auditFolder(t);
	const [id] = openSessionIds(sim, accountId);
	assert.ok(id);
	const run = await runInProcess(closeArgs(accountId, '--session', id, '--no-audit'), {
		...simulatorEnvironment(sim),
		FRAME_TUI_AUDIT_LOG: path,
	});
	assert.equal(run.code, 0, run.stderr);
	assert.equal(sim.sessions(accountId).find((session) => session.id === id)?.state, 'closed');
	assert.deepEqual(readRecords(path), []);
});

async function refusedClose(sim: Simulator, accountId: string, path: string) {
	const open = sim.activeSessions(accountId).length;
	const run = await runInProcess(closeArgs(accountId, '--all'), {
		...simulatorEnvironment(sim),
		FRAME_TUI_AUDIT_LOG: path,
	});
	assert.equal(run.code, 2, run.stderr);
	assert.equal(
		run.stderr.split('\n').find((line) => line.includes('audit log')),
		`frame-tui: cannot write the audit log ${path} (${path.endsWith('dir') ? 'EISDIR' : 'ENOTDIR'}): nothing was closed; fix it, point FRAME_TUI_AUDIT_LOG elsewhere, or pass --no-audit`,
	);
	assert.doesNotMatch(run.stderr, /Closing|\n\s+at /, 'no plan, no stack trace');
	assert.equal(sim.stats().byMethod.DELETE, undefined, 'no DELETE was sent');
	assert.equal(sim.activeSessions(accountId).length, open);
}

test('a close whose log cannot be written refuses to start: exit 2, the path and --no-audit named', async (t) => {
	const {sim, accountId} = await simulator(t);
	const {dir} = auditFolder(t);
	const folder = join(dir, 'a-dir');
	mkdirSync(folder);
	await refusedClose(sim, accountId, folder);
	const file = join(dir, 'a-file');
	writeFileSync(file, '');
	await refusedClose(sim, accountId, join(file, 'audit.jsonl'));
});
