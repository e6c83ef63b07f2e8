import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Session} from '../../source/api/types.js';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {deletes} from '../helpers/simulator.js';

/** An account of sessions started over the last 6 hours, a tenth of them with no start time. */
async function simulator(t: {after: (fn: () => Promise<void>) => void}) {
	const sim = await startSimulator({accounts: 1, sessions: 120, spreadHours: 6, undated: 0.1});
	t.after(() => sim.close());
	const accountId = sim.accounts()[0]?.id ?? '';
	return {sim, accountId, env: simulatorEnvironment(sim)};
}

const sorted = (ids: readonly string[]) => [...ids].sort();

/**
 * A cut no session starts within a minute of, from `from` ms back: the test's clock and the
 * program's differ by the time between them, which must not move a session across the cut.
 */
function clearCut(sessions: readonly Session[], from: number): number {
	const starts = sessions.flatMap((session) =>
		session.started_at === undefined ? [] : [Date.parse(session.started_at)],
	);
	for (let cut = from; ; cut += 60_000) {
		if (starts.every((start) => Math.abs(Date.now() - cut - start) > 60_000)) {
			return cut;
		}
	}
}

test('sessions --older-than lists those started longer ago, and says how many had no start time', async (t) => {
	const {sim, accountId, env} = await simulator(t);
	const active = sim.activeSessions(accountId);
	const undated = active.filter((session) => session.started_at === undefined).length;
	assert.ok(undated > 0);
	const cut = clearCut(active, 2 * 3_600_000);
	const expected = active.filter(
		(session) =>
			session.started_at !== undefined && Date.parse(session.started_at) < Date.now() - cut,
	);
	const minutes = `${cut / 60_000}m`;
	const run = await runInProcess(
		['sessions', '--account', accountId, '--older-than', minutes, '--json'],
		env,
	);
	assert.equal(run.code, 0, run.stderr);
	assert.deepEqual(
		sorted((JSON.parse(run.stdout) as Session[]).map((session) => session.id)),
		sorted(expected.map((session) => session.id)),
	);
	assert.equal(
		run.stderr,
		`${undated} session${undated === 1 ? '' : 's'} without a start time left out: a filter of age never matches ${undated === 1 ? 'it' : 'them'}\n`,
	);

	const newer = await runInProcess(
		['sessions', '--account', accountId, '--newer-than', minutes, '--json'],
		env,
	);
	const newerIds = (JSON.parse(newer.stdout) as Session[]).map((session) => session.id);
	assert.equal(
		newerIds.length + expected.length + undated,
		active.length,
		'the two split the rest',
	);
});

test('close --all --user GLOB --state closes exactly the sessions of those users in that state', async (t) => {
	const {sim, accountId, env} = await simulator(t);
	const matching = (session: Session) =>
		/^(ana|ben)\./i.test(session.user_email ?? '') && session.state === 'open';
	const targets = sim.activeSessions(accountId).filter(matching);
	const others = sim.activeSessions(accountId).filter((session) => !matching(session));
	assert.ok(targets.length > 0 && others.length > 0);
	const run = await runInProcess(
		[
			'close',
			'--account',
			accountId,
			'--all',
			'--user',
			'ANA.*',
			'--user',
			'ben.*@example.com',
			'--state',
			'open',
			'--yes',
		],
		env,
	);
	assert.equal(run.code, 0, run.stderr);
	assert.match(run.stdout, new RegExp(`^${targets.length} closed, 0 already closed`, 'm'));
	assert.equal(deletes(sim), targets.length);
	assert.deepEqual(
		sorted(sim.activeSessions(accountId).map((session) => session.id)),
		sorted(others.map((session) => session.id)),
		'nothing else was touched',
	);
});

test('--started-before takes a local time or one with a zone; a dry run shows what it keeps', async (t) => {
	const {sim, accountId, env} = await simulator(t);
	// Whole seconds, as typed; no session starts within a minute of it.
	const active = sim.activeSessions(accountId);
	const cut = new Date(Math.floor((Date.now() - clearCut(active, 3 * 3_600_000)) / 1000) * 1000);
	const expected = active.filter((session) => Date.parse(session.started_at ?? '') < cut.getTime());
	// As an operator types it: local time, to the second.
	const pad = (value: number) => String(value).padStart(2, '0');
	const local = `${cut.getFullYear()}-${pad(cut.getMonth() + 1)}-${pad(cut.getDate())} ${pad(cut.getHours())}:${pad(cut.getMinutes())}:${pad(cut.getSeconds())}`;
	for (const time of [local, cut.toISOString().replace(/\.\d+Z$/, 'Z')]) {
		const run = await runInProcess(
			['close', '--account', accountId, '--all', '--started-before', time, '--dry-run', '--json'],
			env,
		);
		assert.equal(run.code, 0, run.stderr);
		const plan = JSON.parse(run.stdout) as {sessions: {id: string}[]};
		assert.deepEqual(
			sorted(plan.sessions.map((session) => session.id)),
			sorted(expected.map((session) => session.id)),
			time,
		);
	}

	assert.equal(deletes(sim), 0);
});

test('a bad duration, time or state is one line and exit 2, before any request', async (t) => {
	const {sim, accountId, env} = await simulator(t);
	for (const [flag, value, said] of [
		[
			'--older-than',
			'2x',
			/^frame-tui: --older-than takes a duration such as 30m, 12h or 7d, not "2x"$/,
		],
		['--newer-than', '', /^frame-tui: --newer-than needs a value$/],
		[
			'--started-before',
			'1',
			/^frame-tui: --started-before takes a time such as 2026-12-03T17:00 \(local\) or 2026-12-03T16:00Z, not "1"$/,
		],
		['--state', 'closed', /^frame-tui: --state takes one of init, reserved, open, not "closed"$/],
	] as const) {
		const run = await runInProcess(['sessions', '--account', accountId, flag, value], env);
		assert.equal(run.code, 2, `${flag} ${value}`);
		assert.match(run.stderr.trimEnd(), said);
	}

	assert.equal(sim.stats().requests, 0);
});

test('beside --session or --retry the selection flags are refused, before any request: they would drop sessions unsaid', async (t) => {
	const {sim, accountId, env} = await simulator(t);
	const [id] = sim.activeSessions(accountId).map((session) => session.id);
	for (const [args, why] of [
		[['--session', id ?? '', '--older-than', '1h'], '--session names the sessions to close'],
		[['--retry', '--user', 'ann*'], '--retry closes what that close left open'],
	] as const) {
		const run = await runInProcess(['close', '--account', accountId, ...args, '--yes'], env);
		assert.equal(run.code, 2, args.join(' '));
		assert.equal(
			run.stderr,
			`frame-tui: ${why}: --older-than, --newer-than, --started-before, --user and --state go with --all, --pool or --kind\n`,
		);
	}

	assert.equal(sim.stats().requests, 0);
});
