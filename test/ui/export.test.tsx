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
