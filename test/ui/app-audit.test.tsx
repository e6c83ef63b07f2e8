import assert from 'node:assert/strict';
import {mkdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import {openAllSessions, renderApp} from '../helpers/app.js';
import {appAuditor, assertNoSecrets, auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {openSessionIds} from '../helpers/simulator.js';

test('a close in the app writes the same events as the headless one, with mode app', async (t) => {
	const {path} = auditFolder(t);
	const started = Date.now();
	const app = await renderApp(t, {latencyMs: 5}, {}, {}, appAuditor(path));
	const production = openSessionIds(app.sim, app.accountId, 'production');
	const count = await openAllSessions(app);
	await app.press('p', `${production.length} selected · ${count} sessions`);
	await app.press('x', `Close ${production.length} sessions`);
	await app.press('y', 'Finished in');

	const records = readRecords(path);
	assert.deepEqual(
		records.map((record) => record.event),
		['close.plan', ...production.map(() => 'close.result'), 'close.end'],
	);
	assert.ok(records.every((record) => record.mode === 'app' && record.dry_run === false));
	assert.ok(records.every((record) => record.account_id === app.accountId));
	assert.deepEqual(
		ofEvent(records, 'close.result')
			.map((record) => [record.session_id, record.outcome, record.http_status])
			.sort(),
		production.map((id) => [id, 'closed', 202]).sort(),
	);
	assert.equal(
		(ofEvent(records, 'close.end')[0]?.counts as Record<string, number> | undefined)?.closed,
		production.length,
	);
	assertNoSecrets([readFileSync(path, 'utf8'), app.frame()], app.sim, started);
});

test('a close in the app whose log cannot be written sends no DELETE and says why, naming the path and --no-audit', async (t) => {
	const {dir} = auditFolder(t);
	const folder = join(dir, 'a-dir');
	mkdirSync(folder);
	const app = await renderApp(t, {}, {}, {}, appAuditor(folder));
	const production = openSessionIds(app.sim, app.accountId, 'production');
	const count = await openAllSessions(app);
	await app.press('p', `${production.length} selected · ${count} sessions`);
	await app.press('x', `Close ${production.length} sessions`);
	await app.press('y', /Stopped: cannot write the audit log/);
	assert.equal(app.sim.stats().byMethod.DELETE, undefined, 'no DELETE was sent');
	assert.match(
		app.frame(),
		new RegExp(`0 closed, 0 already closed, 0 failed, ${production.length} not attempted`),
	);
	const frame = app.frame().replace(/\s+/g, ' ');
	assert.ok(frame.includes(`${folder} (EISDIR)`), app.frame());
	assert.ok(frame.includes('or pass --no-audit.'), app.frame());
});
