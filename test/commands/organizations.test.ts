import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {SimClient} from '../../source/simulator/auth.js';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';

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
