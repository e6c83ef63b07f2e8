import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import {parseArguments} from '../../source/cli/arguments.js';
import {startSimulator} from '../../source/simulator/server.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {openSessionIds} from '../helpers/simulator.js';

async function simulator(t: {after: (fn: () => Promise<void>) => void}) {
	const sim = await startSimulator({accounts: 2, sessions: 20});
	t.after(() => sim.close());
	const [account] = sim.accounts();
	assert.ok(account);
	return {sim, account, env: simulatorEnvironment(sim)};
}

const usage = (line: string) => `frame-tui: ${line}\n`;

test('-y confirms like --yes; in a cluster -hy prints the help and -yz names the unknown flag', async (t) => {
	const {sim, account, env} = await simulator(t);
	const all = ['close', '--account', account.id, '--all'];

	const help = await runInProcess([...all, '-hy'], env);
	assert.equal(help.code, 0, help.stderr);
	assert.match(help.stdout, /frame-tui close {4}--account ID/);

	const unknown = await runInProcess([...all, '-yz'], env);
	assert.equal(unknown.code, 2);
	assert.equal(unknown.stderr, usage('unknown flag -z: see frame-tui --help'));
	assert.equal(sim.stats().byMethod.DELETE, undefined, 'neither closed anything');

	const test = openSessionIds(sim, account.id, 'test');
	const run = await runInProcess(['close', '--account', account.id, '--kind', 'test', '-y'], env);
	assert.equal(run.code, 0, run.stderr);
	assert.equal(sim.stats().byMethod.DELETE, test.length);
	assert.deepEqual(openSessionIds(sim, account.id, 'test'), []);
});

test('--no-json and --no-yes turn the switch off; --no-foo is an unknown flag', async (t) => {
	const {sim, account, env} = await simulator(t);
	const table = await runInProcess(['accounts', '--json', '--no-json'], env);
	assert.equal(table.code, 0, table.stderr);
	assert.throws(() => JSON.parse(table.stdout), 'a table, not JSON');
	for (const listed of sim.accounts()) {
		assert.match(table.stdout, new RegExp(`^${listed.name}\\s+${listed.id}\\s`, 'm'));
	}

	const unconfirmed = await runInProcess(
		['close', '--account', account.id, '--all', '--yes', '--no-yes'],
		env,
	);
	assert.equal(unconfirmed.code, 2);
	assert.match(
		unconfirmed.stderr,
		/^frame-tui: refusing to close \d+ sessions without confirmation/m,
	);

	const unknown = await runInProcess(['accounts', '--no-foo'], env);
	assert.equal(unknown.code, 2);
	assert.equal(unknown.stderr, usage('unknown flag --no-foo: see frame-tui --help'));
	assert.equal(sim.stats().byMethod.DELETE, undefined);
});

test('--no- before a flag that takes a value is refused in one line, and never sent as "false"', async (t) => {
	const {sim, account, env} = await simulator(t);
	for (const args of [
		['close', '--account', account.id, '--no-session', '--yes'],
		['close', '--account', account.id, '--no-pool', '--yes'],
		['sessions', '--account', account.id, '--no-kind'],
		['sessions', '--no-account'],
	]) {
		await t.test(args.join(' '), async () => {
			const deletes = sim.stats().byMethod.DELETE ?? 0;
			const run = await runInProcess(args, env);
			assert.equal(run.code, 2, run.stderr);
			assert.match(run.stderr, /^frame-tui: [^\n]+\n$/);
			assert.equal(sim.stats().byMethod.DELETE ?? 0, deletes, 'nothing was closed');
		});
	}
});

test('after --, arguments are never flags', async (t) => {
	const {sim, account, env} = await simulator(t);
	const run = await runInProcess(['close', '--account', account.id, '--all', '--', '--yes'], env);
	assert.equal(run.code, 2);
	assert.equal(run.stderr, usage('unexpected argument "--yes": see frame-tui --help'));
	assert.equal(sim.stats().byMethod.DELETE, undefined);

	// The command itself may come after --: it is an argument.
	const accounts = await runInProcess(['--json', '--', 'accounts'], env);
	assert.equal(accounts.code, 0, accounts.stderr);
	assert.deepEqual(
		(JSON.parse(accounts.stdout) as Array<{id: string}>).map((listed) => listed.id),
		sim.accounts().map((listed) => listed.id),
	);
});

test('--refresh takes whole seconds from 0 to a day: anything else exits 2 in one line', async () => {
	for (const args of [
		['--refresh', '-1'],
		['--refresh=-1'],
		['--refresh', 'x'],
		['--refresh', '1.5'],
		['--refresh', '86401'],
		['--read-only', '--refresh', 'soon'],
	]) {
		const run = await runInProcess(args, {});
		assert.equal(run.code, 2, args.join(' '));
		assert.equal(
			run.stderr,
			usage('--refresh takes a whole number from 0 to 86400'),
			args.join(' '),
		);
		assert.equal(run.stdout, '');
	}
});

test('--read-only and --refresh are flags of the app: parsed into what it is started with', async () => {
	const parse = (args: readonly string[]) => {
		const {command, flags} = parseArguments(args, import.meta);
		return {command, readOnly: flags.readOnly, refresh: flags.refresh};
	};
	// Not given, they are undefined, so a profile's read_only and refresh hold (the defaults,
	// false and 10, are the resolver's: test/profiles/precedence.test.ts).
	assert.deepEqual(parse([]), {command: 'app', readOnly: undefined, refresh: undefined});
	assert.deepEqual(parse(['--read-only', '--refresh', '3']), {
		command: 'app',
		readOnly: true,
		refresh: 3,
	});
	assert.deepEqual(parse(['--refresh=0']), {command: 'app', readOnly: undefined, refresh: 0});
	assert.deepEqual(parse(['--read-only', '--no-read-only']), {
		command: 'app',
		readOnly: false,
		refresh: undefined,
	});

	// Accepted, they lead to the app, which says it needs a terminal (a pipe is none).
	const run = await runInProcess(['--read-only', '--refresh', '3'], {});
	assert.equal(run.code, 2);
	assert.match(run.stderr, /^frame-tui: the full-screen app needs a terminal on stdin and stdout/);
});

test('--account takes a Frame console URL pasted from the browser; a bad one exits 2 naming the shape', async (t) => {
	const {sim, env} = await simulator(t);
	const [, second] = sim.accounts();
	assert.ok(second);
	const url = `https://frame.nutanix.com/frame/account/${encodeURIComponent(second.id)}/basic-info`;
	const listed = await runInProcess(['sessions', '--account', url, '--json'], env);
	assert.equal(listed.code, 0, listed.stderr);
	const ids = (JSON.parse(listed.stdout) as Array<{id: string}>).map((session) => session.id);
	assert.deepEqual(ids.toSorted(), openSessionIds(sim, second.id).toSorted());

	for (const bad of [
		`http://frame.nutanix.com/frame/account/${second.id}/basic-info`,
		'https://frame.nutanix.com/frame/dashboard',
		'https://frame.nutanix.com/frame/account/',
		'https://frame.nutanix.com/frame/account/../basic-info',
		'https://frame.nutanix.com/frame/account/%2E%2E/basic-info',
		`https://user@frame.nutanix.com/frame/account/${second.id}`,
		'https://',
	]) {
		const run = await runInProcess(['sessions', '--account', bad], env);
		assert.equal(run.code, 2, bad);
		assert.match(run.stderr, /^frame-tui: --account .*https:\/\/…\/account\/<id>\/…\n$/, bad);
	}

	assert.equal(sim.stats().byMethod.DELETE, undefined);
});

test('every line of --help fits in 80 columns, the package description wrapped first', async () => {
	const run = await runInProcess(['--help']);
	assert.equal(run.code, 0, run.stderr);
	const lines = run.stdout.split('\n');
	const wide = lines.filter((line) => stringWidth(line) > 80);
	assert.deepEqual(wide, [], 'lines wider than 80 columns');
	assert.match(
		run.stdout,
		/^\n {2}Full-screen terminal UI .*\n {2}\S.*close sessions in bulk\n\n {2}Usage\n/,
	);
	assert.match(run.stdout, /--refresh SECONDS {2}the app reloads sessions/);
});

test('a flag of another command is refused in one line naming it and its commands, exit 2, nothing sent', async (t) => {
	const {sim, account, env} = await simulator(t);
	for (const [args, line] of [
		[
			['sessions', '--account', account.id, '--dry-run'],
			'sessions takes no --dry-run (a flag of close)',
		],
		[
			['pools', '--account', account.id, '--pool', 'x'],
			'pools takes no --pool (a flag of sessions, close)',
		],
		[
			['close', '--account', account.id, '--all', '--since', '7d'],
			'close takes no --since (a flag of audit)',
		],
		[['accounts', '-y'], 'accounts takes no -y (a flag of close)'],
		[['accounts', '--no-audit'], 'accounts takes no --no-audit (a flag of the app, close)'],
		[['--dry-run'], 'the app takes no --dry-run (a flag of close)'],
		[['audit', '--port', '1'], 'audit takes no --port (a flag of simulate)'],
	] as const) {
		const run = await runInProcess(args, env);
		assert.equal(run.code, 2, args.join(' '));
		assert.equal(run.stderr, usage(`${line}: see frame-tui --help`), args.join(' '));
		assert.equal(run.stdout, '');
	}

	assert.equal(sim.stats().requests, 0, 'no run reached the API');
});

test("--sessions is audit's switch and simulate's number, each read by its own command", () => {
	const audit = parseArguments(['audit', '--sessions', '--json'], import.meta);
	assert.equal(audit.flags.auditSessions, true);
	assert.equal(audit.flags.json, true);
	const simulate = parseArguments(['simulate', '--sessions', '12'], import.meta);
	assert.equal(simulate.flags.sessions, 12);
	assert.equal(simulate.flags.auditSessions, false);
	assert.throws(
		() => parseArguments(['simulate', '--sessions'], import.meta),
		/--sessions needs a value/,
	);
});

test('-o takes its value wherever it stands, before the command too', async (t) => {
	const {sim, env} = await simulator(t);
	for (const args of [
		['-o', 'csv', 'accounts'],
		['accounts', '-o', 'csv'],
		['accounts', '--output=csv'],
	]) {
		const run = await runInProcess(args, env);
		assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
		assert.equal(run.stdout.split('\r\n')[0], 'id,name,active,last_publish,description,website');
		assert.equal(run.stdout.split('\r\n').length, sim.accounts().length + 2);
	}
});

test('a flag given twice that takes one value is named as typed, in one line', async (t) => {
	const {sim, account, env} = await simulator(t);
	const run = await runInProcess(
		['sessions', '--account', account.id, '--older-than', '2h', '--older-than', '3h'],
		env,
	);
	assert.equal(run.code, 2);
	assert.equal(run.stderr, usage('flag --older-than can only be set once'));
	assert.equal(sim.stats().requests, 0);
});
