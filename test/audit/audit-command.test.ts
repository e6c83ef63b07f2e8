import assert from 'node:assert/strict';
import {appendFileSync} from 'node:fs';
import {test} from 'node:test';
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
	return {path, env, first, second, firstIds, secondCount: openSessionIds(sim, second.id).length};
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
