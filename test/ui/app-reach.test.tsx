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
import {keys, openAllSessions, renderApp, renderAppWith, tableRows} from '../helpers/app.js';
import {appAuditor, auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
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
	// The first row leads back to every account the credential sees.
	await app.press('g', '❯ All organizations');
	await app.press(keys.enter, '6 accounts');
	assert.doesNotMatch(app.frame(), /Organizations ›/);
	for (const listed of app.sim.accounts()) {
		assert.ok(app.frame().includes(listed.id), `${listed.id} listed`);
	}
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

test('All accounts: the organization’s accounts in one table with an Account column; one not read is named and r reads it; the close covers the accounts read, a bar each, every record naming its account', async (t) => {
	const {path} = auditFolder(t);
	const app = await renderApp(
		t,
		{organizations: 2, accounts: 6, sessions: 3, latencyMs: 40},
		{},
		{},
		appAuditor(path),
	);
	const [organization, other] = app.sim.organizations();
	assert.ok(organization && other);
	const accountsOf = (id: string) =>
		app.sim.accounts().filter((account) => app.sim.organizationOf(account.id) === id);
	const theirs = accountsOf(organization.id);
	const [first, second, unread] = theirs;
	assert.ok(first && second && unread && theirs.length === 3);
	await app.waitForFrame(/Esc\/← organizations/);
	await app.press(keys.escape, `❯ ${organization.name}`);
	await app.press(keys.enter, `Organizations › ${organization.name} › Accounts`);
	// The cursor starts on the first account; All accounts is the row above it.
	await app.waitForFrame(`❯ ${first.name}`);
	assert.match(app.frame(), /Enter pools/);
	await app.press(keys.up, '❯ All accounts');
	assert.match(app.frame(), /Enter sessions/, 'the footer says what this row opens');
	app.sim.inject({
		method: 'GET',
		path: `/accounts/${unread.id}/active_sessions`,
		status: 400,
		body: {message: 'not today'},
		// Late, so the count of accounts read stays on screen while it waits.
		delayMs: 600,
	});
	await app.press(keys.enter, /Loading sessions: 2\/3 accounts read…/);
	const read = [first, second].flatMap((account) => app.sim.activeSessions(account.id));
	await app.waitForFrame(new RegExp(`^0 selected · ${read.length} sessions`, 'm'));
	assert.match(app.frame(), /Accounts › All accounts/);
	assert.match(app.frame(), new RegExp(`1 account not read: ${unread.name} \\(.*not today`));
	assert.match(app.frame(), /^ +Account +User +Pool/m);
	const rows = tableRows(app).join('\n');
	for (const account of app.sim.accounts()) {
		const shown = rows.includes(account.name ?? account.id);
		assert.equal(shown, account === first || account === second, `${account.name} listed`);
	}

	// The question names the accounts, and the one left out.
	await app.press('a', `${read.length} selected`);
	await app.press(
		'x',
		new RegExp(`Close ${read.length} sessions .* of 2 accounts of ${organization.name}\\?`),
	);
	assert.match(app.frame(), new RegExp(`1 account could not be read \\(${unread.name}\\): not`));
	await app.press('n', new RegExp(`^${read.length} selected`, 'm'));

	// r reads every account again; this time the third answers.
	const all = theirs.flatMap((account) => app.sim.activeSessions(account.id));
	await app.press('r', new RegExp(`${read.length} selected · ${all.length} sessions`));
	assert.doesNotMatch(app.frame(), /not read/);
	await app.press('a', `${all.length} selected`);
	// Read again and refused: its rows stay as last read, and so does their selection, rather
	// than ending as if its sessions had.
	app.sim.inject({
		method: 'GET',
		path: `/accounts/${unread.id}/active_sessions`,
		status: 400,
		body: {message: 'not now'},
	});
	await app.press('r', /1 account not read: .* · rows as last read · r reads again/);
	assert.match(app.frame(), new RegExp(`^${all.length} selected · ${all.length} sessions`, 'm'));
	assert.doesNotMatch(app.frame(), /ended/);
	await app.press('x', `of 3 accounts of ${organization.name}?`);
	assert.match(app.frame(), new RegExp(`could not be read \\(${unread.name}\\): sessions as last`));
	// How many of each account, rather than pools of the same names.
	for (const account of theirs) {
		assert.match(app.frame(), new RegExp(`${account.name} ${app.sim.sessions(account.id).length}`));
	}

	await app.press('y', `Closing ${all.length} sessions in 3 accounts`);
	await app.waitForFrame(/Finished in/);
	// A bar for each account, with its count.
	for (const account of theirs) {
		const count = app.sim.sessions(account.id).length;
		assert.match(app.frame(), new RegExp(`${account.name} .* ${count}/${count} closed`));
	}

	for (const account of app.sim.accounts()) {
		const open = app.sim.activeSessions(account.id).length;
		assert.equal(open === 0, theirs.includes(account), `${account.name}: ${open} open`);
	}

	const records = readRecords(path);
	const plans = ofEvent(records, 'close.plan');
	assert.equal(plans.length, 1, 'the declined question wrote nothing; the close one run');
	const [plan] = plans;
	const planned = (plan?.accounts ?? []) as {account_id: string; session_ids: string[]}[];
	// Read as last read: its sessions are planned, and the plan says it could not be read then.
	assert.deepEqual(
		((plan?.unread_accounts ?? []) as {account_id: string}[]).map((entry) => entry.account_id),
		[unread.id],
	);
	assert.deepEqual(
		planned.map((entry) => entry.account_id).sort(),
		theirs.map((account) => account.id).sort(),
	);
	const results = ofEvent(records, 'close.result');
	assert.equal(results.length, all.length);
	for (const result of results) {
		const owner = theirs.find((account) =>
			app.sim.sessions(account.id).some((session) => session.id === result.session_id),
		);
		assert.equal(result.account_id, owner?.id, `${result.session_id} names its account`);
		assert.equal(result.outcome, 'closed');
	}
});
