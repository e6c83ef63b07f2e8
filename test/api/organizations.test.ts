import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createFrameClient} from '../../source/api/client.js';
import {ForbiddenError, NotFoundError} from '../../source/api/errors.js';
import type {SimClient} from '../../source/simulator/auth.js';
import {startSimulator} from '../../source/simulator/server.js';
import {simulatorWithClient} from '../helpers/simulator.js';

const ids = (items: readonly {readonly id: string}[]) => items.map((item) => item.id).sort();

test('every page of organizations is read, however small the server makes its pages', async (t) => {
	const {sim, client} = await simulatorWithClient(t, {organizations: 7, accounts: 7, pageSize: 3});
	const organizations = await client.listOrganizations();
	assert.deepEqual(ids(organizations), ids(sim.organizations()));
	assert.deepEqual(
		organizations.map((organization) => organization.name),
		sim.organizations().map((organization) => organization.name),
		'in the order the API sends them',
	);
	// 3, 3 and 1, then an empty page: a short page may be only the server's page size.
	assert.equal(sim.stats().byMethod.GET, 4);
});

test('a server that ignores offset sends the same page again: it is read once, not for ever', async (t) => {
	const {sim, client} = await simulatorWithClient(t, {organizations: 3});
	const [first, second] = sim.organizations();
	sim.inject({method: 'GET', path: '/organizations', times: 50, body: {data: [first, second]}});
	assert.deepEqual(
		ids(await client.listOrganizations()),
		ids([first, second].filter((o) => o !== undefined)),
	);
	assert.equal(sim.stats().byMethod.GET, 2);
});

test('a repeated page that holds a record without an id still ends the paging', async (t) => {
	const {sim, client} = await simulatorWithClient(t, {organizations: 3});
	const [first] = sim.organizations();
	sim.inject({method: 'GET', path: '/organizations', times: 5000, body: [first, {name: 'no id'}]});
	assert.deepEqual(
		ids(await client.listOrganizations()),
		ids([first].filter((o) => o !== undefined)),
	);
	assert.equal(sim.stats().byMethod.GET, 2);
});

test('organization ids stay apart however many organizations the simulator seeds', async (t) => {
	const {sim} = await simulatorWithClient(t, {organizations: 1000, accounts: 1, sessions: 0});
	assert.equal(new Set(sim.organizations().map((organization) => organization.id)).size, 1000);
});

test("an organization's accounts are those the API lists for it, and no others", async (t) => {
	const {sim, client} = await simulatorWithClient(t, {organizations: 2, accounts: 5, sessions: 1});
	for (const organization of sim.organizations()) {
		const accounts = await client.listAccounts({organizationId: organization.id});
		const expected = sim
			.accounts()
			.filter((account) => sim.organizationOf(account.id) === organization.id);
		assert.ok(expected.length > 0);
		assert.deepEqual(ids(accounts), ids(expected));
	}

	assert.equal((await client.listAccounts()).length, 5, 'without one, every account');
	// An id with characters that mean something in a query stays one value.
	assert.deepEqual(await client.listAccounts({organizationId: 'a&organization_id=b'}), []);
});

test('a credential scoped to an organization or an account is refused organizations, and sees only its accounts', async (t) => {
	const probe = await startSimulator({organizations: 2, accounts: 4, sessions: 1});
	const organization = probe.organizations()[1]?.id ?? '';
	const account = probe.accounts()[0]?.id ?? '';
	await probe.close();
	const clients: SimClient[] = [
		{clientId: 'org', clientSecret: 'org-secret', role: 'admin', scope: {organization}},
		{clientId: 'one', clientSecret: 'one-secret', role: 'admin', scope: {account}},
	];
	const sim = await startSimulator({organizations: 2, accounts: 4, sessions: 1, clients});
	const clientOf = (index: number) =>
		createFrameClient({
			baseUrl: sim.url,
			credentials: {
				clientId: clients[index]?.clientId ?? '',
				clientSecret: clients[index]?.clientSecret ?? '',
			},
			retry: {baseDelayMs: 1, maxDelayMs: 5},
		});
	const [scopedToOrganization, scopedToAccount] = [clientOf(0), clientOf(1)];
	t.after(async () => {
		scopedToOrganization.close();
		scopedToAccount.close();
		await sim.close();
	});

	await assert.rejects(scopedToOrganization.listOrganizations(), ForbiddenError);
	await assert.rejects(scopedToAccount.listOrganizations(), NotFoundError);
	assert.deepEqual(
		ids(await scopedToOrganization.listAccounts()),
		ids(sim.accounts().filter((entry) => sim.organizationOf(entry.id) === organization)),
	);
	assert.deepEqual(ids(await scopedToAccount.listAccounts()), [account]);
	await assert.rejects(
		scopedToAccount.listPools(sim.accounts()[1]?.id ?? ''),
		NotFoundError,
		'another account is not there for it',
	);
});

test('start times spread over days, and some sessions have none, when the simulator is told so', async (t) => {
	const {sim, client, accountId} = await simulatorWithClient(t, {
		accounts: 1,
		sessions: 400,
		spreadHours: 72,
		undated: 0.05,
	});
	const now = Date.now();
	const sessions = await client.listActiveSessions(accountId);
	const ages = sessions
		.filter((session) => session.started_at !== undefined)
		.map((session) => (now - Date.parse(session.started_at ?? '')) / 3_600_000);
	const undated = sessions.length - ages.length;
	assert.ok(undated > 5 && undated < 40, `${undated} of 400 without a start time`);
	assert.ok(Math.max(...ages) > 48 && Math.max(...ages) <= 72, 'some started days ago');
	assert.ok(Math.min(...ages) < 12, 'some started today');
	assert.equal(sim.activeSessions(accountId).length, 400);
});
