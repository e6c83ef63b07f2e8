import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'csv-parse/sync';
import {hostileText} from '../../source/simulator/hostile.js';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {rawControl} from '../helpers/raw-controls.js';

async function simulator(t: {after: (fn: () => Promise<void>) => void}, hostile = false) {
	const sim = await startSimulator({accounts: 2, sessions: 25, hostile});
	t.after(() => sim.close());
	const account = sim.accounts()[0];
	assert.ok(account);
	return {sim, account, env: simulatorEnvironment(sim)};
}

test('sessions -o csv is every field of every session, as the API holds them; --no-headers leaves the header out', async (t) => {
	const {sim, account, env} = await simulator(t);
	const run = await runInProcess(['sessions', '--account', account.id, '-o', 'csv'], env);
	assert.equal(run.code, 0, run.stderr);
	const [header, ...rows] = parse(run.stdout) as string[][];
	assert.deepEqual(header, [
		'id',
		'user',
		'user_id',
		'state',
		'started_at',
		'pool_id',
		'pool_name',
		'pool_kind',
		'account_id',
		'account_name',
	]);
	const pools = new Map(sim.pools(account.id).map((pool) => [pool.external_id, pool]));
	const expected = sim
		.activeSessions(account.id)
		.map((session) => [
			session.id,
			session.user_email ?? '',
			session.user_id ?? '',
			session.state ?? '',
			session.started_at ?? '',
			session.pool_id ?? '',
			pools.get(session.pool_id ?? '')?.name ?? '',
			pools.get(session.pool_id ?? '')?.kind ?? '',
			account.id,
			account.name,
		]);
	const byId = (a: readonly string[], b: readonly string[]) =>
		(a[0] ?? '').localeCompare(b[0] ?? '');
	assert.deepEqual([...rows].sort(byId), [...expected].sort(byId));

	const bare = await runInProcess(
		['sessions', '--account', account.id, '-o', 'csv', '--no-headers'],
		env,
	);
	assert.deepEqual(parse(bare.stdout), rows, 'the same rows, in the same order');
});

test('-o wide shows every field whole; -o json is --json, and sessions carry their pool and account', async (t) => {
	const {sim, account, env} = await simulator(t);
	const wide = await runInProcess(['accounts', '-o', 'wide'], env);
	assert.match(wide.stdout, /^ID +NAME +ACTIVE +LAST_PUBLISH +DESCRIPTION +WEBSITE$/m);
	assert.match(wide.stdout, new RegExp(`^${account.id.replace('.', '\\.')} +${account.name}`, 'm'));
	const table = await runInProcess(['pools', '--account', account.id, '--no-headers'], env);
	assert.doesNotMatch(table.stdout, /^NAME/m);
	assert.equal(table.stdout.trim().split('\n').length, sim.pools(account.id).length);

	const json = await runInProcess(['sessions', '--account', account.id, '-o', 'json'], env);
	const same = await runInProcess(['sessions', '--account', account.id, '--json'], env);
	assert.equal(json.stdout, same.stdout);
	const [first] = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
	const pool = sim.pools(account.id).find((entry) => entry.external_id === first?.pool_id);
	assert.deepEqual(
		[first?.pool_name, first?.pool_kind, first?.account_id, first?.account_name],
		[pool?.name, pool?.kind, account.id, account.name],
	);
});

test('CSV keeps hostile text exact in a file, defuses formulas, and escapes controls only on a terminal', async (t) => {
	const {sim, account, env} = await simulator(t, true);
	const hostile = sim
		.activeSessions(account.id)
		.filter((session) => rawControl.test(session.user_email ?? ''));
	assert.ok(hostile.length > 0);
	const file = await runInProcess(['sessions', '--account', account.id, '-o', 'csv'], env);
	const users = (parse(file.stdout) as string[][]).map((row) => row[1]);
	for (const session of hostile) {
		assert.ok(users.includes(session.user_email), 'exactly as the API sent it');
	}

	const terminal = await runInProcess(['sessions', '--account', account.id, '-o', 'csv'], env, {
		terminal: 120,
	});
	// Only the records' own CRLF ends.
	assert.doesNotMatch(terminal.stdout.replaceAll('\r\n', '\n'), rawControl);
	assert.match(terminal.stdout, /\\x1b/);

	// The user a spreadsheet would run as a formula is text there.
	assert.ok(users.includes(`'${hostileText.formula}`));
	assert.ok(!users.includes(hostileText.formula));
});

test('-o takes table, wide, json or csv, and --json with another -o is refused: one line, exit 2', async (t) => {
	const {sim, env} = await simulator(t);
	for (const [args, said] of [
		[['accounts', '-o', 'xml'], 'frame-tui: -o takes one of table, wide, json, csv, not "xml"\n'],
		[
			['accounts', '--json', '-o', 'csv'],
			'frame-tui: --json is -o json: give --json or -o csv, not both\n',
		],
	] as const) {
		const run = await runInProcess(args, env);
		assert.equal(run.code, 2);
		assert.equal(run.stderr, said);
	}

	assert.equal(sim.stats().requests, 0);
});

test('close -o csv: the plan of a dry run, then every result, are CSV on stdout; the words go to stderr', async (t) => {
	const {sim, account, env} = await simulator(t);
	const production = sim
		.activeSessions(account.id)
		.filter((session) =>
			sim
				.pools(account.id)
				.some((pool) => pool.external_id === session.pool_id && pool.kind === 'production'),
		)
		.map((session) => session.id)
		.sort();
	const plan = await runInProcess(
		['close', '--account', account.id, '--kind', 'production', '--dry-run', '-o', 'csv'],
		env,
	);
	assert.equal(plan.code, 0, plan.stderr);
	const [planHeader, ...planned] = parse(plan.stdout) as string[][];
	assert.equal(planHeader?.[0], 'id');
	assert.deepEqual(planned.map((row) => row[0]).sort(), production);
	assert.match(plan.stderr, /Dry run: nothing was closed/);

	const run = await runInProcess(
		['close', '--account', account.id, '--kind', 'production', '--yes', '-o', 'csv'],
		env,
	);
	assert.equal(run.code, 0, run.stderr);
	const [header, ...results] = parse(run.stdout) as string[][];
	assert.deepEqual(header?.slice(0, 3), ['id', 'status', 'attempts']);
	assert.deepEqual(results.map((row) => row[0]).sort(), production);
	assert.ok(results.every((row) => row[1] === 'closed' && row.at(-2) === account.id));
	assert.match(
		run.stderr,
		new RegExp(`^${production.length} closed, 0 already closed, 0 failed, 0 not attempted$`, 'm'),
	);

	const none = await runInProcess(
		['close', '--account', account.id, '--kind', 'production', '--yes', '-o', 'csv'],
		env,
	);
	assert.equal(
		none.stdout,
		'id,status,attempts,error,user,pool_id,pool_name,pool_kind,account_id,account_name\r\n',
	);
});

test('close --retry with nothing left keeps stdout a document: an empty CSV or JSON, the words on stderr', async (t) => {
	const {account, env} = await simulator(t);
	const {path} = auditFolder(t);
	const logged = {...env, FRAME_TUI_AUDIT_LOG: path};
	const closed = await runInProcess(['close', '--account', account.id, '--all', '--yes'], logged);
	assert.equal(closed.code, 0, closed.stderr);
	const csv = await runInProcess(
		['close', '--account', account.id, '--retry', '-o', 'csv'],
		logged,
	);
	assert.equal(csv.code, 0, csv.stderr);
	assert.deepEqual(parse(csv.stdout), [
		[
			'id',
			'status',
			'attempts',
			'error',
			'user',
			'pool_id',
			'pool_name',
			'pool_kind',
			'account_id',
			'account_name',
		],
	]);
	assert.match(csv.stderr, /left nothing open: nothing to retry/);
	const json = await runInProcess(['close', '--account', account.id, '--retry', '--json'], logged);
	assert.deepEqual((JSON.parse(json.stdout) as {results: unknown[]}).results, []);
});
