import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {parse} from 'csv-parse/sync';
import {keys, openAllSessions, renderApp} from '../helpers/app.js';
import {openSessionIds} from '../helpers/simulator.js';

test('e writes the table as shown, filter applied, to a CSV file of its own, and says where', async (t) => {
	const folder = mkdtempSync(join(tmpdir(), 'frame-tui-export-'));
	t.after(() => rmSync(folder, {recursive: true, force: true}));
	const app = await renderApp(
		t,
		{accounts: 1, sessions: 40},
		{exportFolder: folder, readOnly: true},
	);
	const count = await openAllSessions(app);
	const production = openSessionIds(app.sim, app.accountId, 'production');
	await app.press('/', 'filter: ▏');
	await app.press('kind:production', `${production.length} of ${count} sessions`);
	await app.press(keys.enter, `filter: kind:production (kind production)`);
	await app.press('e', `Wrote ${production.length} sessions to frame-tui-sessions-`);
	const [file] = readdirSync(folder);
	assert.ok(file);
	assert.match(file, /^frame-tui-sessions-tradeshow-demo-\d{8}-\d{6}\.csv$/);
	assert.ok(app.frame().includes(file), 'the notice names the file whole');
	app.resize(180, 30);
	await app.waitForFrame(`${file} in ${folder}`);
	assert.equal(
		statSync(join(folder, file)).mode & 0o777,
		0o600,
		"it names users: the operator's alone",
	);
	const [header, ...rows] = parse(readFileSync(join(folder, file), 'utf8')) as string[][];
	assert.deepEqual(header?.slice(0, 4), ['id', 'user', 'user_id', 'state']);
	assert.deepEqual(rows.map((row) => row[0]).sort(), [...production].sort());

	// A second export never replaces the first.
	await app.pressHides(keys.down, 'Wrote');
	await app.press('e', `Wrote ${production.length} sessions to frame-tui-sessions-`);
	assert.equal(readdirSync(folder).length, 2);
});

test("e in a finished close writes every session's result, the refused ones with why", async (t) => {
	const folder = mkdtempSync(join(tmpdir(), 'frame-tui-export-'));
	t.after(() => rmSync(folder, {recursive: true, force: true}));
	const app = await renderApp(t, {accounts: 1, sessions: 12}, {exportFolder: folder});
	const [refused] = app.sim.activeSessions(app.accountId).map((session) => session.id);
	assert.ok(refused);
	app.sim.configure({refuse: [refused]});
	const count = await openAllSessions(app);
	await app.press('a', `${count} selected`);
	await app.press('x', `Close ${count} sessions`);
	await app.press('y', `Closing ${count} sessions`);
	await app.waitForFrame(/Finished in .*1 failed/);
	await app.press('e', `Wrote ${count} results to frame-tui-close-tradeshow-demo-`);
	const [file] = readdirSync(folder);
	assert.ok(file);
	const [header, ...rows] = parse(readFileSync(join(folder, file), 'utf8')) as string[][];
	assert.deepEqual(header?.slice(0, 4), ['id', 'status', 'attempts', 'error']);
	assert.equal(rows.length, count);
	for (const row of rows) {
		assert.equal(row[1], row[0] === refused ? 'failed' : 'closed', row.join(','));
	}

	assert.match(rows.find((row) => row[0] === refused)?.[3] ?? '', /403/);
	// Who was disconnected, not only which session.
	const users = new Map(
		app.sim.sessions(app.accountId).map((session) => [session.id, session.user_email]),
	);
	assert.ok(rows.every((row) => row[4] === users.get(row[0] ?? '')));
	await app.pressHides('j', 'Wrote');
});
