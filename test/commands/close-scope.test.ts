import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {profileTable, writeConfig} from '../helpers/profiles.js';
import {deletes, openSessionIds} from '../helpers/simulator.js';

async function simulator(t: {after: (fn: () => Promise<void>) => void}) {
	const sim = await startSimulator({accounts: 2, sessions: 30});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	return {sim, accountId: account.id};
}

test('an id that is not active is named and never sent; when none is left the close exits 2', async (t) => {
	const {sim, accountId} = await simulator(t);
	const run = await runInProcess(
		['close', '--account', accountId, '--session', 'nope', '--yes'],
		simulatorEnvironment(sim),
	);
	assert.equal(run.code, 2);
	assert.equal(
		run.stderr,
		`frame-tui: not active in account ${accountId}: nope; nothing was sent ("frame-tui sessions --account ${accountId}" lists the active ones)\n`,
	);
	assert.equal(deletes(sim), 0);

	const [real] = openSessionIds(sim, accountId);
	assert.ok(real);
	const mixed = await runInProcess(
		['close', '--account', accountId, '--session', `nope,${real}`, '--yes'],
		simulatorEnvironment(sim),
	);
	assert.equal(mixed.code, 0, mixed.stderr);
	assert.match(mixed.stderr, /^not active, so not closed: nope$/m);
	assert.match(mixed.stdout, /^1 closed, 0 already closed, 0 failed, 0 not attempted$/m);
	assert.equal(deletes(sim), 1, 'only the active one was sent');
	assert.ok(!openSessionIds(sim, accountId).includes(real));

	const [another] = openSessionIds(sim, accountId);
	const json = await runInProcess(
		['close', '--account', accountId, '--session', `gone-1,gone-2,${another}`, '--yes', '--json'],
		simulatorEnvironment(sim),
	);
	assert.deepEqual(
		(JSON.parse(json.stdout) as {not_active: string[]}).not_active,
		['gone-1', 'gone-2'],
		'the ids not sent are in the document too',
	);
	const empty = await runInProcess(
		['close', '--account', accountId, '--session', `${another},`, '--yes'],
		simulatorEnvironment(sim),
	);
	assert.equal(empty.code, 2);
	assert.equal(empty.stderr, 'frame-tui: --session needs a value, and a comma list no empty id\n');
	assert.equal(deletes(sim), 2);
});

test('--session a,b is two ids, and --session - reads them from stdin, one a line', async (t) => {
	const {sim, accountId} = await simulator(t);
	const [a, b, c, d, untouched] = openSessionIds(sim, accountId);
	assert.ok(a && b && c && d && untouched);
	const comma = await runInProcess(
		['close', '--account', accountId, '--session', `${a},${b}`, '--yes', '--json'],
		simulatorEnvironment(sim),
	);
	assert.equal(comma.code, 0, comma.stderr);
	const closed = (JSON.parse(comma.stdout) as {results: {id: string; status: string}[]}).results;
	assert.deepEqual(
		closed.map((result) => [result.id, result.status]),
		[
			[a, 'closed'],
			[b, 'closed'],
		],
	);

	const piped = await runInProcess(
		['close', '--account', accountId, '--session', '-', '--yes'],
		simulatorEnvironment(sim),
		{stdin: `${c}\n\n  ${d}  \n`},
	);
	assert.equal(piped.code, 0, piped.stderr);
	assert.match(piped.stdout, /^2 closed, 0 already closed/m);
	const open = openSessionIds(sim, accountId);
	assert.deepEqual(
		[a, b, c, d].filter((id) => open.includes(id)),
		[],
	);
	assert.ok(open.includes(untouched), 'nothing else is touched');
	assert.equal(deletes(sim), 4);

	const empty = await runInProcess(
		['close', '--account', accountId, '--session', '-', '--yes'],
		simulatorEnvironment(sim),
		{stdin: '\n'},
	);
	assert.equal(empty.code, 2);
	assert.equal(empty.stderr, 'frame-tui: --session - read no id from stdin\n');
});

test('a kind or a pool that matches no pool exits 2 naming what there is, and sends nothing', async (t) => {
	const {sim, accountId} = await simulator(t);
	const kinds = [...new Set(sim.pools(accountId).map((pool) => pool.kind))];
	const typo = await runInProcess(
		['close', '--account', accountId, '--kind', 'prod', '--yes'],
		simulatorEnvironment(sim),
	);
	assert.equal(typo.code, 2);
	assert.equal(
		typo.stderr,
		`frame-tui: no pool of kind "prod" in account ${accountId}; kinds there: ${kinds.join(', ')}\n`,
	);
	const sessions = await runInProcess(
		['sessions', '--account', accountId, '--kind', 'prod'],
		simulatorEnvironment(sim),
	);
	assert.equal(sessions.code, 0, 'listing by a kind that matches nothing is no error');
	assert.equal(sessions.stderr, typo.stderr, 'but it says there is no such kind');

	const pool = await runInProcess(
		['close', '--account', accountId, '--pool', 'Air 8G', '--yes'],
		simulatorEnvironment(sim),
	);
	assert.equal(pool.code, 2);
	assert.match(pool.stderr, /^frame-tui: no pool "Air 8G" in account /);
	assert.equal(deletes(sim), 0);
});

test('read-only, from a profile or --read-only, makes close exit 2 before any request; a dry run still works', async (t) => {
	const {sim, accountId} = await simulator(t);
	const config = await writeConfig(t, profileTable('watch', sim, {read_only: 'true'}));
	const env = {FRAME_TUI_CONFIG: config};
	const byProfile = await runInProcess(
		['close', '--profile', 'watch', '--account', accountId, '--all', '--yes'],
		env,
	);
	assert.equal(byProfile.code, 2);
	assert.equal(
		byProfile.stderr,
		'frame-tui: read-only (profile watch): close sends nothing; pass --no-read-only to close, or --dry-run to see the plan\n',
	);
	const byFlag = await runInProcess(
		['close', '--read-only', '--account', accountId, '--all', '--yes'],
		simulatorEnvironment(sim),
	);
	assert.equal(byFlag.code, 2);
	assert.match(
		byFlag.stderr,
		/^frame-tui: read-only \(--read-only\): close sends nothing; pass --no-read-only/,
	);
	assert.equal(sim.stats().requests, 0, 'not even a listing was sent');

	const dryRun = await runInProcess(
		['close', '--profile', 'watch', '--account', accountId, '--all', '--dry-run'],
		env,
	);
	assert.equal(dryRun.code, 0, dryRun.stderr);
	assert.match(dryRun.stdout, /^Dry run: nothing was closed \(\d+ sessions would be\)\.$/m);

	const tests = openSessionIds(sim, accountId, 'test');
	assert.ok(tests.length > 0);
	const overridden = await runInProcess(
		[
			'close',
			'--profile',
			'watch',
			'--no-read-only',
			'--account',
			accountId,
			'--kind',
			'test',
			'--yes',
		],
		env,
	);
	assert.equal(overridden.code, 0, overridden.stderr);
	assert.equal(deletes(sim), tests.length, '--no-read-only closes, and only what was asked');
	assert.doesNotMatch(overridden.stdout, /Close what is left/, 'nothing is left');
	assert.deepEqual(openSessionIds(sim, accountId, 'test'), []);
});

test("a refused signature names the profile's credential and keeps the server's detail", async (t) => {
	const {sim, accountId} = await simulator(t);
	const config = await writeConfig(
		t,
		profileTable('prod', sim, {client_secret: JSON.stringify('not-the-secret')}),
	);
	const run = await runInProcess(['sessions', '--profile', 'prod', '--account', accountId], {
		FRAME_TUI_CONFIG: config,
	});
	assert.equal(run.code, 1);
	assert.match(
		run.stderr,
		new RegExp(
			`^frame-tui: GET /accounts: authentication failed \\(HTTP 401\\): [^;]*signature[^;]*; check client_id and the secret of profile prod in ${config.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Frame console: Users → API\\)\n$`,
		),
	);
	assert.doesNotMatch(run.stderr, /FRAME_CLIENT_ID/);
	assert.doesNotMatch(run.stderr, /not-the-secret/);

	const fromEnvironment = await runInProcess(
		['sessions', '--account', accountId],
		simulatorEnvironment(sim, 'not-the-secret'),
	);
	assert.match(
		fromEnvironment.stderr,
		/; check FRAME_CLIENT_ID and FRAME_CLIENT_SECRET \(Frame console/,
	);
});
