import assert from 'node:assert/strict';
import {appendFileSync} from 'node:fs';
import {test} from 'node:test';
import {parse} from 'csv-parse/sync';
import stringWidth from 'string-width';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {rawControl} from '../helpers/raw-controls.js';
import {openSessionIds} from '../helpers/simulator.js';

type AuditJson = {
	path: string;
	runs: Array<{
		run_id: string;
		account_id: string;
		dry_run: boolean;
		sessions: number;
		counts: Record<string, number>;
		end: string;
	}>;
	sessions?: Array<{run_id: string; session_id: string; outcome: string}>;
	skipped_lines: number;
};

/** A log with a run of ten days ago written by hand (its name carrying a control), a corrupt line, then two real closes. */
async function loggedRuns(t: Parameters<typeof auditFolder>[0]) {
	const sim = await startSimulator({accounts: 2, sessions: 20});
	t.after(() => sim.close());
	const {path} = auditFolder(t);
	const [first, second] = sim.accounts();
	assert.ok(first && second);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const firstIds = openSessionIds(sim, first.id).slice(0, 2);
	const closed = await runInProcess(
		['close', '--account', first.id, '--yes', ...firstIds.flatMap((id) => ['--session', id])],
		env,
	);
	assert.equal(closed.code, 0, closed.stderr);
	const old = {
		event: 'close.plan',
		ts: new Date(Date.now() - 10 * 86_400_000).toISOString(),
		run_id: 'old-run-0000',
		mode: 'app',
		dry_run: false,
		account_id: 'gateway-prod.1',
		account_name: 'Evil\u001B]0;pwned\u0007',
		sessions: 3,
	};
	// Prepended in time, appended in the file: the table still lists it first.
	appendFileSync(path, `${JSON.stringify(old)}\n{not json\n`);
	const dry = await runInProcess(['close', '--account', second.id, '--all', '--dry-run'], env);
	assert.equal(dry.code, 0, dry.stderr);
	return {
		sim,
		path,
		env,
		first,
		second,
		firstIds,
		secondCount: openSessionIds(sim, second.id).length,
	};
}

test('audit lists one line per run, oldest first, with its counts; a corrupt line is a warning with its line number', async (t) => {
	const {env, first, second, secondCount} = await loggedRuns(t);
	const run = await runInProcess(['audit'], env);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stderr, /^frame-tui: \S+audit\.jsonl line 6 is not an audit record; skipped$/m);
	assert.doesNotMatch(run.stderr, /\n\s+at /);
	const lines = run.stdout.trimEnd().split('\n');
	assert.match(
		lines[0] ?? '',
		/^STARTED \(UTC\)\s+RUN\s+MODE\s+BY\s+PROFILE\s+ACCOUNT\s+SESSIONS\s+CLOSED/,
	);
	assert.equal(lines.length, 4);
	assert.match(
		lines[1] ?? '',
		/old-run-.*app .*Evil\\x1b\]0;pwned\\x07\s+3\s+0\s+0\s+0\s+0\s+0\s+incomplete$/,
	);
	assert.match(
		lines[2] ?? '',
		new RegExp(`cli .*${first.name}\\s+2\\s+2\\s+0\\s+0\\s+0\\s+0\\s+done$`),
	);
	assert.match(
		lines[3] ?? '',
		new RegExp(
			`cli dry run .*${second.name}\\s+${secondCount}\\s+0\\s+0\\s+0\\s+0\\s+${secondCount}\\s+done$`,
		),
	);
	assert.doesNotMatch(run.stdout, rawControl, 'no raw control reaches the terminal');
});

test('audit --json, --since, --account and --sessions choose what it shows', async (t) => {
	const {env, path, first, second, firstIds} = await loggedRuns(t);
	const all = JSON.parse((await runInProcess(['audit', '--json'], env)).stdout) as AuditJson;
	assert.equal(all.path, path);
	assert.equal(all.skipped_lines, 1);
	assert.deepEqual(
		all.runs.map((run) => [run.account_id, run.dry_run, run.end]),
		[
			['gateway-prod.1', false, 'incomplete'],
			[first.id, false, 'done'],
			[second.id, true, 'done'],
		],
	);
	assert.equal(all.sessions, undefined);

	const recent = JSON.parse((await runInProcess(['audit', '--since', '1d', '--json'], env)).stdout);
	assert.deepEqual(
		(recent as AuditJson).runs.map((run) => run.account_id),
		[first.id, second.id],
	);

	const byName = await runInProcess(
		['audit', '--account', first.name?.toUpperCase() ?? '', '--sessions', '--json'],
		env,
	);
	const document = JSON.parse(byName.stdout) as AuditJson;
	assert.deepEqual(
		document.runs.map((run) => run.account_id),
		[first.id],
	);
	assert.deepEqual(
		document.sessions?.map((record) => [record.session_id, record.outcome]),
		firstIds.map((id) => [id, 'closed']),
	);

	const table = await runInProcess(['audit', '--account', first.id, '--sessions'], env);
	assert.equal(table.code, 0, table.stderr);
	for (const id of firstIds) {
		assert.match(table.stdout, new RegExp(`${id}\\s.*\\sclosed\\s+202\\s+1$`, 'm'));
	}

	const bad = await runInProcess(['audit', '--since', 'yesterday'], env);
	assert.equal(bad.code, 2);
	assert.equal(
		bad.stderr,
		'frame-tui: --since takes a duration such as 30m, 12h or 7d, not "yesterday"\n',
	);
});

test('on a terminal audit fits its width and names the pools; piped, it stays whole', async (t) => {
	const {sim, env, path, first, firstIds} = await loggedRuns(t);
	// A run logged before results carried pool_name: its plan names the pool.
	const old = {run_id: 'legacy-run', mode: 'cli', dry_run: false, account_id: 'gateway-prod.9'};
	const ts = new Date().toISOString();
	appendFileSync(
		path,
		`${[
			{
				...old,
				event: 'close.plan',
				ts,
				sessions: 1,
				pools: [{pool_id: 'p-9', pool_name: 'Legacy Pool', pool_kind: 'test', sessions: 1}],
			},
			{
				...old,
				event: 'close.result',
				ts,
				session_id: 's-9',
				pool_id: 'p-9',
				pool_kind: 'test',
				outcome: 'closed',
				http_status: 202,
				attempts: 1,
				error: null,
			},
			{...old, event: 'close.end', ts, sessions: 1, counts: {}, stopped: null},
		]
			.map((record) => JSON.stringify(record))
			.join('\n')}\n`,
	);
	const poolOf = new Map(sim.sessions(first.id).map((session) => [session.id, session.pool_id]));
	const pools = new Map(sim.pools(first.id).map((pool) => [pool.external_id, pool]));
	const named = firstIds.map((id) => pools.get(poolOf.get(id) ?? ''));

	const piped = await runInProcess(['audit', '--sessions'], env);
	assert.equal(piped.code, 0, piped.stderr);
	const widest = Math.max(...piped.stdout.split('\n').map((line) => stringWidth(line)));
	assert.ok(widest > 100, `piped, the table stays whole (${widest} columns)`);
	assert.match(
		piped.stdout,
		/^STARTED \(UTC\)\s+RUN\s+MODE\s+BY\s+PROFILE\s+ACCOUNT\s+SESSIONS\s+CLOSED\s+ALREADY/m,
	);
	assert.match(piped.stdout, /\ss-9\s.*\sLegacy Pool \(test\)\s+closed\s/);
	for (const [index, id] of firstIds.entries()) {
		const pool = named[index];
		assert.ok(pool?.name && pool.kind);
		assert.match(
			piped.stdout,
			new RegExp(`${id}\\s.*\\s${pool.name} \\(${pool.kind}\\)\\s+closed\\s`),
		);
	}

	for (const columns of [100, 80]) {
		const run = await runInProcess(['audit', '--sessions'], env, {terminal: columns});
		assert.equal(run.code, 0, run.stderr);
		const lines = run.stdout.trimEnd().split('\n');
		assert.deepEqual(
			lines.filter((line) => stringWidth(line) > columns),
			[],
			`every line fits ${columns} columns`,
		);
		assert.match(
			lines[0] ?? '',
			/^STARTED\s.*\sRESULTS\s+END$/,
			`${columns}: the counts in one column`,
		);
		assert.match(run.stdout, /\s2 closed\s+done$/m);
		assert.match(run.stdout, /\s\d+ not att\.\s+done$/m);
		assert.match(run.stdout, /\sLegacy Pool/);
	}
});

test('audit -o csv is the runs, or with --sessions every result, each field whole and exact; --no-headers leaves the header out', async (t) => {
	const {env, first, firstIds} = await loggedRuns(t);
	const runs = await runInProcess(['audit', '-o', 'csv'], env);
	assert.equal(runs.code, 0, runs.stderr);
	const [header, ...rows] = parse(runs.stdout) as string[][];
	assert.deepEqual(header?.slice(0, 3), ['run_id', 'started', 'mode']);
	assert.equal(rows.length, 3);
	const column = (name: string) => header?.indexOf(name) ?? -1;
	assert.equal(rows[0]?.[column('account_name')], 'Evil\u001B]0;pwned\u0007', 'exact in a pipe');
	const closedRun = rows.find((row) => row[column('account_id')] === first.id);
	assert.equal(closedRun?.[column('closed')], '2');
	assert.equal(closedRun?.[column('end')], 'done');

	const results = await runInProcess(['audit', '--sessions', '-o', 'csv', '--no-headers'], env);
	const sessions = parse(results.stdout) as string[][];
	assert.ok(
		sessions.every((row) => row[0] !== 'run_id'),
		'no header line',
	);
	// run_id, time, session_id, account_id, account_name, user, pool_id, pool_name, pool_kind, outcome
	const closedRows = sessions.filter((row) => row[9] === 'closed');
	assert.deepEqual(
		closedRows.map((row) => row[2]).sort(),
		[...firstIds].sort(),
		'one result a session closed',
	);
	assert.ok(
		closedRows.every((row) => row[3] === first.id),
		'each result names its account',
	);

	const both = await runInProcess(['audit', '--json', '-o', 'csv'], env);
	assert.equal(both.code, 2);
});
