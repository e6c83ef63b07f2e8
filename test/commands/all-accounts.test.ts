import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {profileTable, toml, writeConfig} from '../helpers/profiles.js';

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
