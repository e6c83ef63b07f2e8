import assert from 'node:assert/strict';
import {appendFileSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {startSimulator} from '../../source/simulator/server.js';
import {auditFolder, ofEvent, readRecords} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';

type Outcome = 'closed' | 'already_closed' | 'unknown' | 'failed' | 'not_attempted';

/** One run's records as a close writes them; `end` left out for a run cut short. */
function runRecords(options: {
	readonly runId: string;
	readonly ts: string;
	readonly sessions: number;
	readonly results: readonly {
		readonly id: string;
		readonly outcome: Outcome;
		readonly error?: string;
	}[];
	readonly end?: {
		readonly counts: Record<Outcome, number>;
		readonly stopped?: string;
		readonly reason?: string;
	};
}) {
	const common = {
		run_id: options.runId,
		ts: options.ts,
		mode: 'cli',
		dry_run: false,
		os_user: 'operator',
		host: 'ops-workstation-17',
		profile: 'production-eu',
		account_id: 'gateway-prod.509866',
		account_name: 'Tradeshow Demo Europe West',
	};
	return [
		{event: 'close.plan', ...common, sessions: options.sessions},
		...options.results.map((result) => ({
			event: 'close.result',
			...common,
			session_id: result.id,
			user: 'ann@example.com',
			pool_id: 'p1',
			pool_name: 'Air 8GB',
			pool_kind: 'production',
			outcome: result.outcome,
			http_status: result.outcome === 'failed' ? 403 : null,
			attempts: 1,
			error: result.error ?? null,
		})),
		...(options.end
			? [{event: 'close.end', ...common, ...options.end, stopped: options.end.stopped ?? null}]
			: []),
	];
}

const big = 'a1b2c3d4-0000-4000-8000-000000000001';
const refused = 'e5f6a7b8-0000-4000-8000-000000000002';
const cut = 'c9d0e1f2-0000-4000-8000-000000000003';

/** A log of three closes: a big partial one, one refused before it began, one cut short. */
function writeLog(path: string): void {
	mkdirSync(join(path, '..'), {recursive: true});
	const records = [
		...runRecords({
			runId: big,
			ts: '2026-12-01T09:00:00.000Z',
			sessions: 302,
			// Only some results: the end's counts are the run's own.
			results: [
				{id: 'gateway-prod.s1', outcome: 'closed'},
				{
					id: 'gateway-prod.s2',
					outcome: 'failed',
					error:
						'DELETE /accounts/x/sessions/s2: forbidden (HTTP 403): closing this session is not allowed',
				},
				{
					id: 'gateway-prod.s3',
					outcome: 'unknown',
					error: 'DELETE /accounts/x/sessions/s3: cancelled: the server may or may not have acted',
				},
			],
			end: {
				counts: {closed: 72, already_closed: 0, unknown: 2, failed: 12, not_attempted: 216},
				stopped: 'breaker',
			},
		}),
		...runRecords({
			runId: refused,
			ts: '2026-12-01T10:00:00.000Z',
			sessions: 5,
			results: [],
			end: {
				counts: {closed: 0, already_closed: 0, unknown: 0, failed: 0, not_attempted: 5},
				stopped: 'refused',
				reason: 'needs --yes when stdin is not a terminal',
			},
		}),
		...runRecords({
			runId: cut,
			ts: '2026-12-01T11:00:00.000Z',
			sessions: 3,
			results: [
				{id: 'gateway-prod.s7', outcome: 'closed'},
				{id: 'gateway-prod.s8', outcome: 'closed'},
			],
		}),
	];
	writeFileSync(path, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
}

test('the audit table fits 80 and 60 columns without cutting a count; how a run ended stays', async (t) => {
	const {path} = auditFolder(t);
	writeLog(path);
	for (const columns of [80, 60]) {
		const run = await runInProcess(['audit'], {FRAME_TUI_AUDIT_LOG: path}, {terminal: columns});
		assert.equal(run.code, 0, run.stderr);
		const lines = run.stdout.trimEnd().split('\n');
		assert.deepEqual(
			lines.filter((line) => stringWidth(line) > columns),
			[],
			`every line fits ${columns} columns`,
		);
		assert.match(
			run.stdout,
			/\s72 closed, 2 unknown, 12 failed, 216 not att\.\s+breaker$/m,
			`${columns}`,
		);
		assert.match(run.stdout, /\s5 not att\.\s+refused$/m, `${columns}`);
		// Counted from its results, having no end.
		assert.match(run.stdout, /\s2 closed\s+incomplete$/m, `${columns}`);
	}

	// Piped, the whole table: every count a column, and why the close was refused.
	const piped = await runInProcess(['audit'], {FRAME_TUI_AUDIT_LOG: path});
	assert.match(piped.stdout, /\srefused: needs --yes when stdin is not a terminal$/m);
});

test('--run shows one close by a prefix of its id; --failed only the sessions it did not close, with their run and error', async (t) => {
	const {path} = auditFolder(t);
	writeLog(path);
	// A dry run, whose every session is "not attempted" by design: none of them was left.
	const dry = runRecords({
		runId: 'd0d0d0d0-0000-4000-8000-000000000000',
		ts: '2026-12-01T12:00:00.000Z',
		sessions: 1,
		results: [{id: 'gateway-prod.s9', outcome: 'not_attempted'}],
		end: {counts: {closed: 0, already_closed: 0, unknown: 0, failed: 0, not_attempted: 1}},
	}).map((record) => ({...record, dry_run: true}));
	appendFileSync(path, `${dry.map((record) => JSON.stringify(record)).join('\n')}\n`);
	const env = {FRAME_TUI_AUDIT_LOG: path};
	const one = await runInProcess(['audit', '--run', 'a1b2c3', '--json'], env);
	assert.deepEqual(
		(JSON.parse(one.stdout) as {runs: {run_id: string}[]}).runs.map((run) => run.run_id),
		[big],
	);

	const failed = await runInProcess(['audit', '--failed', '--json'], env);
	const document = JSON.parse(failed.stdout) as {
		runs: {run_id: string}[];
		sessions: {session_id: string; outcome: string}[];
	};
	assert.deepEqual(
		document.runs.map((run) => run.run_id),
		[big],
	);
	assert.deepEqual(
		document.sessions.map((session) => [session.session_id, session.outcome]),
		[
			['gateway-prod.s2', 'failed'],
			['gateway-prod.s3', 'unknown'],
		],
	);

	const text = await runInProcess(['audit', '--failed'], env, {terminal: 80});
	const lines = text.stdout.split('\n');
	const sessions = lines.slice(lines.findIndex((line) => /\bOUTCOME\b/.test(line))).join('\n');
	assert.match(sessions, /^(.*\s)?RUN\s.*\sERROR\n/, 'the run and the error stay');
	assert.match(sessions, /^.*a1b2c3d4.*gateway-prod\.s2.*failed.*forbidden \(HTTP 403\)/m);
	assert.doesNotMatch(sessions, /gateway-prod\.s1\s/, 'closed sessions are left out');
});

test('a close refused for want of --yes is logged as refused, saying why; one that matches nothing is not a run', async (t) => {
	const sim = await startSimulator({accounts: 1, sessions: 30});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	const {path} = auditFolder(t);
	const env = {...simulatorEnvironment(sim), FRAME_TUI_AUDIT_LOG: path};
	const noYes = await runInProcess(['close', '--account', account.id, '--kind', 'sandbox'], env);
	assert.equal(noYes.code, 2);
	const [end] = ofEvent(readRecords(path), 'close.end');
	assert.equal(end?.stopped, 'refused');
	assert.equal(end?.reason, 'needs --yes when stdin is not a terminal');

	const first = await runInProcess(
		['close', '--account', account.id, '--kind', 'sandbox', '--yes'],
		env,
	);
	assert.equal(first.code, 0, first.stderr);
	const before = readRecords(path).length;
	const again = await runInProcess(
		['close', '--account', account.id, '--kind', 'sandbox', '--yes'],
		env,
	);
	assert.equal(again.code, 0, again.stderr);
	assert.match(again.stdout, /^No active sessions match: nothing to close\.$/m);
	assert.equal(readRecords(path).length, before, 'nothing written for a plan with nothing in it');
});
