import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimClient} from '../../source/simulator/auth.js';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {profileTable, toml, writeConfig} from '../helpers/profiles.js';

// Beyond one account, headless: organizations, accounts --org, sessions --all-accounts.

test("organizations lists every organization, every page read; accounts --org lists that one's accounts", async (t) => {
	const sim = await startSimulator({organizations: 5, accounts: 10, sessions: 1, pageSize: 2});
	t.after(() => sim.close());
	const env = simulatorEnvironment(sim);
	const listed = await runInProcess(['organizations', '--json'], env);
	assert.equal(listed.code, 0, listed.stderr);
	assert.deepEqual(
		(JSON.parse(listed.stdout) as {id: string}[]).map((organization) => organization.id),
		sim.organizations().map((organization) => organization.id),
	);
	const table = await runInProcess(['organizations'], env);
	for (const organization of sim.organizations()) {
		assert.match(table.stdout, new RegExp(`^${organization.name} +${organization.id}`, 'm'));
	}

	const [, second] = sim.organizations();
	assert.ok(second);
	for (const reference of [second.id, second.name.toUpperCase()]) {
		const accounts = await runInProcess(['accounts', '--org', reference, '--json'], env);
		assert.equal(accounts.code, 0, accounts.stderr);
		assert.deepEqual(
			(JSON.parse(accounts.stdout) as {id: string}[]).map((account) => account.id).sort(),
			sim
				.accounts()
				.filter((account) => sim.organizationOf(account.id) === second.id)
				.map((account) => account.id)
				.sort(),
		);
	}

	const unknown = await runInProcess(['accounts', '--org', 'Nobody'], env);
	assert.equal(unknown.code, 2);
	assert.equal(
		unknown.stderr,
		'frame-tui: no organization "Nobody": "frame-tui organizations" lists the organizations\n',
	);
});

test('a credential scoped to an organization sees no organization level: said, exit 0; --org is refused', async (t) => {
	const probe = await startSimulator({organizations: 2, accounts: 4, sessions: 1});
	const organization = probe.organizations()[0]?.id ?? '';
	await probe.close();
	const scoped: SimClient = {
		clientId: 'scoped-client',
		clientSecret: 'scoped-secret-0123456789',
		role: 'admin',
		scope: {organization},
	};
	const sim = await startSimulator({organizations: 2, accounts: 4, sessions: 1, clients: [scoped]});
	t.after(() => sim.close());
	const env = {
		...simulatorEnvironment(sim),
		FRAME_CLIENT_ID: scoped.clientId,
		FRAME_CLIENT_SECRET: scoped.clientSecret,
	};
	const listed = await runInProcess(['organizations'], env);
	assert.equal(listed.code, 0);
	assert.equal(listed.stdout, '');
	assert.match(
		listed.stderr,
		/^These credentials see no organizations: they are scoped to one organization or account/m,
	);
	const json = await runInProcess(['organizations', '--json'], env);
	assert.deepEqual(JSON.parse(json.stdout), []);

	const accounts = await runInProcess(['accounts', '--json'], env);
	assert.equal((JSON.parse(accounts.stdout) as unknown[]).length, 2, "its own organization's");
	const refused = await runInProcess(['accounts', '--org', organization], env);
	assert.equal(refused.code, 2);
	assert.match(refused.stderr, /^frame-tui: --org: these credentials see no organizations/);
});

type Listed = {id: string; account_id: string; pool_kind?: string};

test("sessions --all-accounts lists every active account's sessions in one table, each with its account", async (t) => {
	const sim = await startSimulator({organizations: 2, accounts: 8, sessions: 5});
	t.after(() => sim.close());
	const env = simulatorEnvironment(sim);
	const active = sim.accounts().filter((account) => account.active !== false);
	assert.ok(active.length < sim.accounts().length, 'some account is inactive, and left out');
	const run = await runInProcess(['sessions', '--all-accounts', '--json'], env);
	assert.equal(run.code, 0, run.stderr);
	const listed = JSON.parse(run.stdout) as Listed[];
	const expected = active.flatMap((account) =>
		sim.activeSessions(account.id).map((session) => `${account.id} ${session.id}`),
	);
	assert.deepEqual(
		listed.map((session) => `${session.account_id} ${session.id}`).sort(),
		expected.sort(),
	);

	const [organization] = sim.organizations();
	assert.ok(organization);
	const theirs = await runInProcess(
		['sessions', '--all-accounts', '--org', organization.name, '--kind', 'production', '--json'],
		env,
	);
	const only = JSON.parse(theirs.stdout) as Listed[];
	assert.ok(only.length > 0);
	assert.ok(
		only.every(
			(session) =>
				sim.organizationOf(session.account_id) === organization.id &&
				session.pool_kind === 'production',
		),
	);

	const table = await runInProcess(['sessions', '--all-accounts'], env);
	assert.match(table.stdout, /^ACCOUNT +USER +POOL +STATE +STARTED +ID$/m);
	assert.match(table.stdout, new RegExp(`^${active[0]?.name} +`, 'm'));
});

test('an account that cannot be read is named with why, the others are listed, and the exit code is 1', async (t) => {
	const sim = await startSimulator({accounts: 3, sessions: 4});
	t.after(() => sim.close());
	const [, broken] = sim.accounts();
	assert.ok(broken);
	sim.inject({path: `/accounts/${broken.id}/active_sessions`, status: 403, times: 100});
	const run = await runInProcess(
		['sessions', '--all-accounts', '--json'],
		simulatorEnvironment(sim),
	);
	assert.equal(run.code, 1);
	assert.match(
		run.stderr,
		new RegExp(
			`^frame-tui: ${broken.name} \\(${broken.id.replace('.', '\\.')}\\) could not be read, so its sessions are not listed: .*403`,
			'm',
		),
	);
	const listed = JSON.parse(run.stdout) as Listed[];
	assert.ok(listed.length > 0);
	assert.ok(listed.every((session) => session.account_id !== broken.id));
});

test('--all-accounts with --account or --pool, or --org without it, is one line and exit 2', async (t) => {
	const sim = await startSimulator({accounts: 2, sessions: 1});
	t.after(() => sim.close());
	const env = simulatorEnvironment(sim);
	const id = sim.accounts()[0]?.id ?? '';
	for (const args of [
		['sessions', '--all-accounts', '--account', id],
		['sessions', '--all-accounts', '--pool', 'Air 8GB'],
		['sessions', '--account', id, '--org', 'Acme Training'],
	]) {
		const run = await runInProcess(args, env);
		assert.equal(run.code, 2, args.join(' '));
		assert.equal(run.stderr.split('\n').length, 2, run.stderr);
	}
});

test('--all-accounts reads every account even when the profile names one: its account is not an --account', async (t) => {
	const sim = await startSimulator({accounts: 3, sessions: 2});
	t.after(() => sim.close());
	const [first] = sim.accounts();
	assert.ok(first);
	const config = await writeConfig(t, profileTable('ops', sim, {account: toml(first.id)}));
	const run = await runInProcess(['sessions', '--profile', 'ops', '--all-accounts', '--json'], {
		FRAME_TUI_CONFIG: config,
	});
	assert.equal(run.code, 0, run.stderr);
	const accounts = new Set(
		(JSON.parse(run.stdout) as Listed[]).map((session) => session.account_id),
	);
	assert.ok(accounts.size > 1, "not only the profile's account");
});
