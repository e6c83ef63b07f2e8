import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseApiTime, type Session, sessionStart} from '../../source/api/types.js';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';

async function account(t: {after: (fn: () => Promise<void>) => void}) {
	const sim = await startSimulator({accounts: 1, sessions: 40});
	t.after(() => sim.close());
	const [first] = sim.accounts();
	assert.ok(first);
	return {sim, id: first.id, env: simulatorEnvironment(sim)};
}

const started = (session: Session) => parseApiTime(sessionStart(session));
const newestFirst = (times: readonly number[]) =>
	times.every((time, index) => index === 0 || time <= (times[index - 1] ?? 0));

test('sessions lists newest first, as the app does, in its table and in --json', async (t) => {
	const {sim, id, env} = await account(t);
	assert.ok(!newestFirst(sim.activeSessions(id).map(started)), 'the API order is another one');

	const json = await runInProcess(['sessions', '--account', id, '--json'], env);
	assert.equal(json.code, 0, json.stderr);
	const listed = JSON.parse(json.stdout) as Session[];
	assert.equal(listed.length, sim.activeSessions(id).length);
	assert.ok(newestFirst(listed.map(started)), 'JSON newest first');

	const table = await runInProcess(['sessions', '--account', id], env);
	const ids = table.stdout
		.split('\n')
		.slice(1, -2)
		.map((line) => line.split(/\s+/).at(-1));
	assert.deepEqual(
		ids,
		listed.map((session) => session.id),
		'the table in the same order',
	);
});

test('a dry run ends with a line saying nothing was closed, after its newest-first table', async (t) => {
	const {sim, id, env} = await account(t);
	const open = sim.activeSessions(id).length;
	const run = await runInProcess(['close', '--account', id, '--all', '--dry-run'], env);
	assert.equal(run.code, 0, run.stderr);
	const lines = run.stdout.trimEnd().split('\n');
	assert.match(lines[0] ?? '', new RegExp(`^Would close ${open} sessions in `));
	assert.equal(lines.at(-1), `Dry run: nothing was closed (${open} sessions would be).`);
	assert.equal(sim.activeSessions(id).length, open, 'nothing closed');
	const table = lines.slice(lines.findIndex((line) => line.startsWith('USER')) + 1, -1);
	const byId = new Map(sim.activeSessions(id).map((session) => [session.id, session]));
	const times = table.map((line) => {
		const session = byId.get(line.split(/\s+/).at(-1) ?? '');
		assert.ok(session, line);
		return started(session);
	});
	assert.equal(times.length, open);
	assert.ok(newestFirst(times), 'the plan newest first');

	const json = await runInProcess(['close', '--account', id, '--all', '--dry-run', '--json'], env);
	const document = JSON.parse(json.stdout) as {dry_run: boolean; sessions: Session[]};
	assert.equal(document.dry_run, true);
	assert.ok(newestFirst(document.sessions.map(started)));
});
