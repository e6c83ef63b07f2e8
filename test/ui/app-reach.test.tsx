import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {parse} from 'csv-parse/sync';
import {createFrameClient} from '../../source/api/client.js';
import type {SimClient} from '../../source/simulator/auth.js';
import {startSimulator} from '../../source/simulator/server.js';
import {keys, openAllSessions, renderApp, renderAppWith} from '../helpers/app.js';
import {waitFor} from '../helpers/cli.js';
import {rawControl} from '../helpers/raw-controls.js';
import {openSessionIds} from '../helpers/simulator.js';

// Beyond one account in the app: the Organizations level, and e's CSV files. One file, as each
// file of app tests loads the app once (about 1.3 s of CPU).

test('with several organizations, Esc on Accounts goes up to them; Enter opens one, whose accounts alone are listed', async (t) => {
	const app = await renderApp(t, {organizations: 3, accounts: 6, sessions: 2});
	const [first, second] = app.sim.organizations();
	assert.ok(first && second);
	// The level comes once the organizations are read; the footer then offers the way up.
	await app.waitForFrame(/Esc\/← organizations/);
	await app.press(keys.escape, `❯ ${first.name}`);
	assert.match(app.frame(), /│ Organizations +/);
	assert.match(app.frame(), /3 organizations/);
	await app.press(keys.down, `❯ ${second.name}`);
	await app.press(keys.enter, `Organizations › ${second.name} › Accounts`);
	const theirs = app.sim
		.accounts()
		.filter((account) => app.sim.organizationOf(account.id) === second.id);
	assert.ok(theirs.length > 0);
	await app.waitForFrame(`${theirs.length} account`);
	for (const account of app.sim.accounts()) {
		assert.equal(
			app.frame().includes(account.id),
			theirs.includes(account),
			`${account.id} listed only if it is the organization's`,
		);
	}

	const [account] = theirs;
	assert.ok(account);
	await app.press(
		keys.enter,
		`Organizations › ${second.name} › Accounts › ${account.name} › Pools`,
	);
	await app.press(keys.escape, new RegExp(`Organizations › ${second.name} › Accounts(?! ›)`));
	await app.press(keys.escape, `❯ ${second.name}`);
});

test('one organization, or a credential that may not list them, has no Organizations level and no error', async (t) => {
	const single = await renderApp(t, {organizations: 1, accounts: 2, sessions: 1});
	await single.waitForFrame(/refreshed \d/);
	// The answer to /organizations has come: one, so no level (the footer offers no way up).
	// Accounts, then the one page of organizations and the empty page that ends them.
	await waitForOrganizationsRead(single.sim, 3);
	await single.pressNoChange(keys.escape);
	assert.doesNotMatch(single.frame(), /Organizations|Esc\/←/);

	const probe = await startSimulator({organizations: 2, accounts: 4, sessions: 1});
	const organization = probe.organizations()[0]?.id ?? '';
	await probe.close();
	const scoped: SimClient = {
		clientId: 'scoped',
		clientSecret: 'scoped-secret-0123456789',
		role: 'admin',
		scope: {organization},
	};
	const sim = await startSimulator({organizations: 2, accounts: 4, sessions: 1, clients: [scoped]});
	const client = createFrameClient({
		baseUrl: sim.url,
		credentials: {clientId: scoped.clientId, clientSecret: scoped.clientSecret},
		retry: {baseDelayMs: 1, maxDelayMs: 5},
	});
	t.after(async () => {
		client.close();
		await sim.close();
	});
	const app = renderAppWith(t, {client});
	await app.waitForFrame(/refreshed \d/);
	// Accounts, then the one refusal of organizations.
	await waitForOrganizationsRead(sim, 2);
	await app.pressNoChange(keys.escape);
	assert.doesNotMatch(app.frame(), /Organizations|rror|Esc\/←/);
});

/** Waits until the app has sent its last read of the organizations (its answer follows at once). */
async function waitForOrganizationsRead(
	sim: {stats: () => {byMethod: Record<string, number>}},
	reads: number,
) {
	await waitFor(() => (sim.stats().byMethod.GET ?? 0) >= reads, 'the organizations to be read');
}

test('a hostile organization name shows as escapes, on the Organizations screen and in the breadcrumb', async (t) => {
	const app = await renderApp(t, {organizations: 2, accounts: 4, sessions: 1, hostile: true});
	await app.waitForFrame(/Esc\/← organizations/);
	await app.press(keys.escape, '2 organizations');
	assert.match(app.frame(), /Acme Training\\x1b\]0;PWNED\\x07/);
	assertInert(app.view.lastFrame() ?? '');
	await app.press(keys.enter, /Organizations › Acme Training\\x1b/);
	assertInert(app.view.lastFrame() ?? '');
});

/** The frame as Ink wrote it: its styles aside, nothing from the data may act on the terminal. */
function assertInert(rawFrame: string): void {
	assert.ok(!rawFrame.includes('\u001B]'), 'no OSC sequence');
	assert.doesNotMatch(stripVTControlCharacters(rawFrame), rawControl);
}

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
