import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Session} from '../../source/api/types.js';
import {createAuditor} from '../../source/audit/events.js';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {deletes, openSessionIds} from '../helpers/simulator.js';

// close --all-accounts [--org]: one close across accounts, its retry, and its audit.

/** Two organizations of four accounts each; in the first (Acme Training) all four are active. */
async function twoOrganizations(t: {after: (fn: () => Promise<void>) => void}) {
	const sim = await startSimulator({organizations: 2, accounts: 8, sessions: 6});
	t.after(() => sim.close());
	const [acme, globex] = sim.organizations();
	assert.ok(acme && globex);
	const accountsOf = (organization: string) =>
		sim
			.accounts()
			.filter(
				(account) => sim.organizationOf(account.id) === organization && account.active !== false,
			);
	return {
		sim,
		acme,
		globex,
		acmeAccounts: accountsOf(acme.id),
		globexAccounts: accountsOf(globex.id),
	};
}

/** Every account's open session ids, as the simulator holds them. */
function openByAccount(sim: Simulator): Record<string, string[]> {
	return Object.fromEntries(
		sim.accounts().map((account) => [account.id, openSessionIds(sim, account.id).sort()]),
	);
}

type PlanJson = {
	dry_run: boolean;
	organization: {id: string; name: string} | null;
	accounts: {
		account: {id: string; name?: string};
		pools: {external_id: string; kind?: string; sessions: number}[];
		sessions: Session[];
	}[];
	unread: unknown[];
};

test('a dry run across the accounts of --org is grouped by account, as a table and as JSON; nothing is closed', async (t) => {
	const {sim, acme, acmeAccounts, globexAccounts} = await twoOrganizations(t);
	assert.equal(acmeAccounts.length, 4);
	assert.ok(globexAccounts.length > 0);
	const env = simulatorEnvironment(sim);
	const production = (accountId: string) => openSessionIds(sim, accountId, 'production').sort();

	const json = await runInProcess(
		['close', '--all-accounts', '--org', acme.name, '--kind', 'production', '--dry-run', '--json'],
		env,
	);
	assert.equal(json.code, 0, json.stderr);
	const plan = JSON.parse(json.stdout) as PlanJson;
	assert.equal(plan.dry_run, true);
	assert.equal(plan.organization?.id, acme.id);
	assert.deepEqual(plan.unread, []);
	assert.deepEqual(
		plan.accounts.map(({account}) => account.id),
		acmeAccounts.map((account) => account.id),
		"only the organization's accounts, in their order",
	);
	for (const {account, pools, sessions} of plan.accounts) {
		assert.deepEqual(sessions.map((session) => session.id).sort(), production(account.id));
		assert.ok(pools.every((pool) => pool.kind === 'production'));
		assert.equal(
			pools.reduce((sum, pool) => sum + pool.sessions, 0),
			sessions.length,
		);
	}

	const table = await runInProcess(
		['close', '--all-accounts', '--org', acme.id, '--kind', 'production', '--dry-run'],
		env,
	);
	assert.equal(table.code, 0, table.stderr);
	const total = acmeAccounts.reduce((sum, account) => sum + production(account.id).length, 0);
	assert.match(
		table.stdout,
		new RegExp(
			`^Would close ${total} sessions in \\d+ pools of 4 accounts of Acme Training:$`,
			'm',
		),
	);
	for (const account of acmeAccounts) {
		// The account's heading, then its pools, each with its count.
		const heading = `${account.name} (${account.id}): ${production(account.id).length} sessions`;
		const lines = table.stdout.split('\n');
		const at = lines.indexOf(heading);
		assert.ok(at >= 0, `"${heading}" in:\n${table.stdout}`);
		assert.match(lines[at + 1] ?? '', /^ {2}.+ \(production\): \d+$/);
	}

	assert.match(table.stdout, /^ACCOUNT +USER +POOL +STATE +STARTED +ID$/m);
	assert.match(
		table.stdout,
		new RegExp(`^Dry run: nothing was closed \\(${total} sessions would be\\)\\.$`, 'm'),
	);
	assert.equal(deletes(sim), 0, 'a dry run sends no close');
});

test('a close across accounts: refusals and an unreadable account reported, each result with its account, one audit run; its retry closes what was left', async (t) => {
	const {sim, acme, acmeAccounts} = await twoOrganizations(t);
	const [first, broken, second, third] = acmeAccounts;
	assert.ok(first && broken && second && third);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const before = openByAccount(sim);
	const read = [first, second, third];
	const refused = [
		...openSessionIds(sim, first.id).slice(0, 2),
		...openSessionIds(sim, third.id).slice(0, 1),
	];
	sim.configure({refuse: refused});
	// Enough failures that no retry of the listing gets through.
	sim.inject({path: `/accounts/${broken.id}/active_sessions`, status: 400, times: 1000});

	// Even a dry run says an account went unread, with exit code 1.
	const dry = await runInProcess(
		['close', '--all-accounts', '--org', acme.name, '--all', '--dry-run', '--json', '--no-audit'],
		env,
	);
	assert.equal(dry.code, 1, dry.stderr);
	assert.deepEqual(
		(JSON.parse(dry.stdout) as PlanJson).accounts.map(({account}) => account.id),
		read.map((account) => account.id),
	);

	const run = await runInProcess(
		['close', '--all-accounts', '--org', acme.name, '--all', '--yes', '--json'],
		env,
	);
	assert.equal(run.code, 1, run.stderr);
	assert.match(
		run.stderr,
		new RegExp(
			`^1 account could not be read, so its sessions are not in this close: ${broken.name} \\(${broken.id.replace('.', '\\.')}\\): .*400`,
			'm',
		),
	);
	assert.match(run.stderr, /^Closing 18 sessions in \d+ pools of 3 accounts of Acme Training:$/m);

	// The simulator after: every planned session closed but the refused; nothing else touched.
	const after = openByAccount(sim);
	for (const account of read) {
		assert.deepEqual(
			after[account.id],
			refused.filter((id) => before[account.id]?.includes(id)).sort(),
			`${account.name}: only the refused are open`,
		);
	}

	for (const account of sim.accounts().filter((account) => !read.includes(account))) {
		assert.deepEqual(after[account.id], before[account.id], `${account.name} untouched`);
	}

	const accountOf = (id: string) =>
		read.find((account) => before[account.id]?.includes(id))?.id ?? 'none';
	const report = JSON.parse(run.stdout) as {
		results: {id: string; status: string; account_id: string; account_name: string}[];
		retry_command: string;
		unread: {account: {id: string}; error: string}[];
	};
	assert.equal(report.results.length, 18);
	for (const result of report.results) {
		assert.equal(result.account_id, accountOf(result.id), `${result.id}'s account`);
		assert.equal(
			result.account_name,
			read.find((account) => account.id === result.account_id)?.name,
		);
		assert.equal(result.status, refused.includes(result.id) ? 'failed' : 'closed');
	}

	assert.deepEqual(
		report.unread.map(({account}) => account.id),
		[broken.id],
	);

	// One audit run: its plan by account, a result per session with its account, counts by account.
	const records = readRecords(path);
	const [plan] = ofEvent(records, 'close.plan');
	assert.ok(plan);
	assert.equal(plan.account_id, null);
	// The account not read is in no plan's sessions: the plan names it, with why.
	const [notRead] = plan.unread_accounts as {account_id: string; error: string}[];
	assert.equal(notRead?.account_id, broken.id);
	assert.match(notRead?.error ?? '', /400/);
	assert.deepEqual(
		(plan.accounts as {account_id: string; session_ids: string[]}[]).map((entry) => [
			entry.account_id,
			[...entry.session_ids].sort(),
		]),
		read.map((account) => [account.id, before[account.id]]),
	);
	const results = ofEvent(records, 'close.result');
	assert.equal(results.length, 18);
	assert.ok(results.every((result) => result.run_id === plan.run_id));
	for (const result of results) {
		assert.equal(result.account_id, accountOf(String(result.session_id)));
	}

	const [end] = ofEvent(records, 'close.end');
	assert.ok(end);
	assert.deepEqual(
		(end.accounts as {account_id: string; counts: {closed: number; failed: number}}[]).map(
			({account_id: id, counts}) => [id, counts.closed, counts.failed],
		),
		[
			[first.id, 4, 2],
			[second.id, 6, 0],
			[third.id, 5, 1],
		],
	);
	assert.equal(report.retry_command, `frame-tui close --all-accounts --retry ${plan.run_id}`);

	// The refusal lifted, the retry the close printed closes what it left, across its accounts.
	sim.configure({refuse: []});
	const sent = deletes(sim);
	const retry = await runInProcess([...report.retry_command.split(' ').slice(1), '--yes'], env);
	assert.equal(retry.code, 0, retry.stderr);
	assert.equal(deletes(sim) - sent, refused.length, 'exactly what was left, each once');
	assert.match(
		retry.stderr,
		new RegExp(
			`could not read 1 account \\(${broken.name}\\): no retry reaches it; run the same close again`,
		),
	);
	assert.match(retry.stderr, /^Retrying 3 sessions in \d+ pools? of 2 accounts:$/m);
	for (const id of refused) {
		// The results table names each session's account.
		const account = read.find((entry) => entry.id === accountOf(id));
		assert.match(
			retry.stdout,
			new RegExp(`^${account?.name} +${id.replace('.', '\\.')} +.+ closed +1 *$`, 'm'),
		);
	}

	for (const account of read) {
		assert.deepEqual(openSessionIds(sim, account.id), [], `${account.name}: all closed`);
	}

	assert.deepEqual(
		openByAccount(sim)[broken.id],
		before[broken.id],
		'the unread account untouched',
	);
	const retryPlan = ofEvent(readRecords(path), 'close.plan').at(-1);
	assert.ok(retryPlan);
	assert.equal(retryPlan.retry_of, plan.run_id);
	assert.deepEqual(
		(retryPlan.accounts as {account_id: string}[]).map((entry) => entry.account_id),
		[first.id, third.id],
	);

	// The audit command shows the run across accounts, and --account finds it by any of them.
	const audit = await runInProcess(['audit'], env);
	assert.match(
		audit.stdout,
		new RegExp(`^\\S+ \\S+ +${plan.run_id.slice(0, 8)} +cli +\\S+ +— +3 accounts +18 +15 `, 'm'),
	);
	const bySecond = await runInProcess(
		['audit', '--account', second.name.toUpperCase(), '--json'],
		env,
	);
	const runs = (
		JSON.parse(bySecond.stdout) as {
			runs: {run_id: string; account_id: null; accounts: {account_id: string}[]}[];
		}
	).runs;
	assert.deepEqual(
		runs.map((entry) => entry.run_id),
		[plan.run_id],
		'the first run holds that account; its retry does not',
	);
	assert.equal(runs[0]?.account_id, null);
	assert.deepEqual(
		runs[0]?.accounts.map((entry) => entry.account_id),
		read.map((account) => account.id),
	);
	const byBroken = await runInProcess(['audit', '--account', broken.id, '--json'], env);
	assert.deepEqual((JSON.parse(byBroken.stdout) as {runs: unknown[]}).runs, []);
});

test('--all-accounts with --account, --pool or --session, --org without it, or beside --retry: one line, exit 2', async (t) => {
	const sim = await startSimulator({accounts: 2, sessions: 1});
	t.after(() => sim.close());
	const env = simulatorEnvironment(sim);
	const id = sim.accounts()[0]?.id ?? '';
	const cases: [string[], RegExp][] = [
		[['--all-accounts', '--account', id, '--all'], /leave out --account and --pool/],
		[['--all-accounts', '--pool', 'Air 8GB'], /leave out --account and --pool/],
		[['--all-accounts', '--session', 'abc'], /leave out --session/],
		[
			['--account', id, '--org', 'Acme Training', '--all'],
			/--org chooses the accounts of --all-accounts/,
		],
		[
			['--all-accounts', '--org', 'Acme Training', '--retry'],
			/--retry .* takes no other selection/,
		],
	];
	for (const [args, message] of cases) {
		const run = await runInProcess(['close', ...args, '--dry-run'], env);
		assert.equal(run.code, 2, args.join(' '));
		assert.equal(run.stderr.split('\n').length, 2, run.stderr);
		assert.match(run.stderr, message);
	}

	assert.equal(sim.stats().requests, 0, 'refused before any request');
});

test('the retry of a close across accounts killed before any result closes every session its plan listed, in each account', async (t) => {
	const {sim, acmeAccounts} = await twoOrganizations(t);
	const [first, second] = acmeAccounts;
	assert.ok(first && second);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const planned = new Map(
		[first, second].flatMap((account) =>
			sim
				.activeSessions(account.id)
				.slice(0, 2)
				.map((session) => [session, account] as const),
		),
	);
	// A plan and nothing after it: the process was killed before its first result.
	createAuditor({
		path,
		identity: {
			mode: 'cli',
			version: '0.0.0-test',
			profile: null,
			clientId: sim.clientId,
			apiHost: 'sim',
		},
	}).begin({
		accountOf: (session) => planned.get(session) ?? first,
		sessions: [...planned.keys()],
		poolsById: new Map(),
		dryRun: false,
		concurrency: 2,
	});

	const retry = await runInProcess(['close', '--all-accounts', '--retry', '--yes', '--json'], env);
	assert.equal(retry.code, 0, retry.stderr);
	const results = (JSON.parse(retry.stdout) as {results: {id: string; account_id: string}[]})
		.results;
	assert.deepEqual(
		results.map((result) => `${result.account_id} ${result.id}`).sort(),
		[...planned].map(([session, account]) => `${account.id} ${session.id}`).sort(),
	);
	for (const [session, account] of planned) {
		assert.ok(!openSessionIds(sim, account.id).includes(session.id), `${session.id} closed`);
	}
});

test('a retry that cannot read an account names the run it retried, whose retry reaches that account; --account of one of them is refused; audit --account lists its results only', async (t) => {
	const {sim, acme, acmeAccounts} = await twoOrganizations(t);
	const [first, second] = acmeAccounts;
	assert.ok(first && second);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const refusedFirst = openSessionIds(sim, first.id).slice(0, 2);
	const refusedSecond = openSessionIds(sim, second.id).slice(0, 1);
	sim.configure({refuse: [...refusedFirst, ...refusedSecond]});
	const close = await runInProcess(
		['close', '--all-accounts', '--org', acme.id, '--all', '--yes', '--json'],
		env,
	);
	assert.equal(close.code, 1, close.stderr);
	const runId = (JSON.parse(close.stdout) as {retry_command: string}).retry_command
		.split(' ')
		.at(-1);
	assert.ok(runId);

	// One account named: its last close was across accounts, so --account is the wrong way in.
	const wrong = await runInProcess(['close', '--account', first.id, '--retry', '--yes'], env);
	assert.equal(wrong.code, 2, wrong.stderr);
	assert.match(wrong.stderr, /across \d+ accounts: retry it with --all-accounts, not --account/);

	// The retry: the refusal lifted, but the second account cannot be read now.
	sim.configure({refuse: []});
	// A 400 is not retried: one answer fails the one read of it.
	sim.inject({path: `/accounts/${second.id}/active_sessions`, status: 400});
	const retry = await runInProcess(['close', '--all-accounts', '--retry', '--yes', '--json'], env);
	assert.equal(retry.code, 1, retry.stderr);
	assert.deepEqual(openSessionIds(sim, first.id), [], 'what it could read, it closed');
	assert.deepEqual(openSessionIds(sim, second.id), refusedSecond.sort(), 'the other is left');
	const next = (JSON.parse(retry.stdout) as {retry_command: string}).retry_command;
	assert.equal(
		next,
		`frame-tui close --all-accounts --retry ${runId}`,
		'the run that still holds it',
	);
	assert.match(retry.stderr, new RegExp(`still in close ${runId.slice(0, 8)}: its retry reaches`));

	// Once it answers, that command closes what is left there, and nothing twice.
	const sent = deletes(sim);
	const answered = await runInProcess([...next.split(' ').slice(1), '--yes'], env);
	assert.equal(answered.code, 0, answered.stderr);
	assert.equal(deletes(sim) - sent, refusedSecond.length);
	assert.deepEqual(openSessionIds(sim, second.id), []);
	assert.match(answered.stderr, /2 sessions that close \w+ left open are no longer active/);

	const audit = await runInProcess(['audit', '--account', first.id, '--sessions', '--json'], env);
	const sessions = (JSON.parse(audit.stdout) as {sessions: {account_id: string}[]}).sessions;
	assert.ok(sessions.length > 0);
	assert.ok(
		sessions.every((result) => result.account_id === first.id),
		'only the account’s results, not its run’s others',
	);
});

test('a session id that two accounts both list makes the later account unread, named; nothing of it is closed', async (t) => {
	const {sim, acme, acmeAccounts} = await twoOrganizations(t);
	const [first, second] = acmeAccounts;
	assert.ok(first && second);
	const [shared] = sim.activeSessions(first.id);
	assert.ok(shared);
	const before = openByAccount(sim);
	// The second account lists the first's session: a DELETE of it there would answer 404, read as
	// already closed, while the session stays open in the first.
	sim.inject({
		path: `/accounts/${second.id}/active_sessions`,
		body: [...sim.activeSessions(second.id), shared],
		times: 2,
	});
	const env = simulatorEnvironment(sim);
	const listed = await runInProcess(
		['sessions', '--all-accounts', '--org', acme.id, '--json'],
		env,
	);
	assert.equal(listed.code, 1);
	assert.match(
		listed.stderr,
		new RegExp(
			`${second.name}.* could not be read.*1 session id also listed in account ${first.id}`,
		),
	);
	const ids = (JSON.parse(listed.stdout) as {id: string; account_id: string}[]).filter(
		(session) => session.id === shared.id,
	);
	assert.deepEqual(
		ids.map((session) => session.account_id),
		[first.id],
		'listed once, in its own account',
	);

	const close = await runInProcess(
		['close', '--all-accounts', '--org', acme.id, '--all', '--yes', '--no-audit'],
		env,
	);
	assert.equal(close.code, 1, close.stderr);
	assert.deepEqual(openByAccount(sim)[second.id], before[second.id], 'nothing of it closed');
	assert.deepEqual(openByAccount(sim)[first.id], [], 'its own account closed whole');
});
