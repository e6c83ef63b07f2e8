import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {test} from 'node:test';
import {resolveSettings} from '../../source/settings.js';
import {runInProcess, waitFor} from '../helpers/cli.js';
import {
	accountIds,
	nodeCommand,
	profileTable,
	simulators,
	toml,
	writeConfig,
} from '../helpers/profiles.js';

const line = (text: string) => `frame-tui: ${text}\n`;

test('a client_secret in a file group or others can open is refused with the chmod that fixes it', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const inline = `default_profile = "p"\n${profileTable('p', sim)}`;
	for (const mode of [0o644, 0o640, 0o604]) {
		const path = await writeConfig(t, inline, mode);
		const run = await runInProcess(['accounts'], {FRAME_TUI_CONFIG: path});
		assert.equal(run.code, 2);
		assert.equal(
			run.stderr,
			line(
				`${path} holds a client_secret and is open to group or others (mode 0${mode.toString(8)}); fix it with: chmod 600 ${path}`,
			),
		);
	}

	assert.equal(sim.stats().requests, 0, 'nothing was sent with a refused file');

	const ok = await runInProcess(['accounts', '--json'], {
		FRAME_TUI_CONFIG: await writeConfig(t, inline, 0o600),
	});
	assert.equal(ok.code, 0, ok.stderr);

	// A file with a secret_command holds no secret: its mode is its owner's business.
	const command = await writeConfig(
		t,
		`default_profile = "p"\n${profileTable('p', sim, {secret_command: nodeCommand(`console.log(${toml(sim.clientSecret)})`)})}`,
		0o644,
	);
	const run = await runInProcess(['accounts', '--json'], {FRAME_TUI_CONFIG: command});
	assert.equal(run.code, 0, run.stderr);
	assert.deepEqual(
		(JSON.parse(run.stdout) as Array<{id: string}>).map((account) => account.id),
		accountIds(sim),
	);
});

test('secret_command: its stdout, trimmed, is the secret; a failure exits 2 with its status, never its output', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const secret = toml(sim.clientSecret);
	const config = (script: string) =>
		writeConfig(t, profileTable('p', sim, {secret_command: nodeCommand(script)}));

	const padded = await config(`process.stdout.write("  \\n" + ${secret} + "\\n\\n")`);
	const ok = await runInProcess(['accounts', '--json', '--profile', 'p'], {
		FRAME_TUI_CONFIG: padded,
	});
	assert.equal(ok.code, 0, ok.stderr);
	assert.equal(ok.stderr, '');

	const failing = await config(
		`console.log(${secret}); console.error("leaked " + ${secret}); process.exit(3)`,
	);
	const failed = await runInProcess(['accounts', '--profile', 'p'], {FRAME_TUI_CONFIG: failing});
	assert.equal(failed.code, 2);
	assert.equal(failed.stderr, line('secret_command of profile "p" (node) exited with status 3'));
	assert.equal(failed.stdout, '');

	const empty = await config('process.exit(0)');
	const nothing = await runInProcess(['accounts', '--profile', 'p'], {FRAME_TUI_CONFIG: empty});
	assert.equal(nothing.code, 2);
	assert.equal(nothing.stderr, line('secret_command of profile "p" (node) printed nothing'));

	// Megabytes on stderr (or stdout) are cut off, not gathered, and none of them is shown.
	const flood = await config(
		`process.stderr.write(${secret}.repeat(1 << 16), () => process.stdout.write(${secret}))`,
	);
	const flooded = await runInProcess(['accounts', '--profile', 'p'], {FRAME_TUI_CONFIG: flood});
	assert.equal(flooded.code, 2);
	assert.equal(flooded.stderr, line('secret_command of profile "p" (node) printed too much'));

	const missing = await writeConfig(
		t,
		profileTable('p', sim, {secret_command: '["/nonexistent/secret-tool", "lookup", "frame"]'}),
	);
	const notFound = await runInProcess(['accounts', '--profile', 'p'], {FRAME_TUI_CONFIG: missing});
	assert.equal(notFound.code, 2);
	assert.equal(notFound.stderr, line('secret_command of profile "p" (secret-tool) was not found'));
	assert.equal(sim.stats().unauthorized, 0);
});

test('secret_command that outlives its timeout is ended and named, even one that ignores SIGTERM', {
	timeout: 30_000,
}, async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const pidFile = join(dirname(await writeConfig(t, '')), 'pid');
	const path = await writeConfig(
		t,
		profileTable('slow', sim, {
			// Deaf to SIGTERM, as a stuck keychain helper may be: only the deadline ends the wait.
			secret_command: nodeCommand(
				`process.on("SIGTERM", () => {}); require("node:fs").writeFileSync(${toml(pidFile)}, String(process.pid)); setTimeout(() => console.log(${toml(sim.clientSecret)}), 60000)`,
			),
		}),
	);
	const started = Date.now();
	await assert.rejects(
		resolveSettings(
			{demo: false, profile: 'slow'},
			{FRAME_TUI_CONFIG: path},
			{secretTimeoutMs: 300},
		),
		{
			name: 'UsageError',
			message: 'secret_command of profile "slow" (node) did not finish within 0.3 s',
		},
	);
	assert.ok(Date.now() - started < 20_000, 'ended by the timeout, not by the command');
	const pid = Number(readFileSync(pidFile, 'utf8'));
	const alive = () => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	await waitFor(() => !alive(), 'the command to be killed');
});

test('config errors are one line each, exit 2, naming the file and what is wrong', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const cases: Array<[string, string, readonly string[], (path: string) => string]> = [
		[
			'unknown profile (flag)',
			`${profileTable('prod', sim)}\n${profileTable('staging', sim)}`,
			['--profile', 'nope'],
			() => 'unknown profile "nope" (--profile); known: prod, staging',
		],
		[
			'bad TOML',
			`[profiles.p]\nclient_id = "x"\nclient_secret = "unterminated-s3cr3t-value\napi_url = "x"`,
			[],
			(path) => `${path}:3: bad TOML: control characters are not allowed in strings`,
		],
		[
			'audit_keep out of range',
			`audit_keep = 500\n${profileTable('p', sim)}`,
			['--profile', 'p'],
			(path) => `${path}: audit_keep must be a whole number from 0 to 99`,
		],
		[
			'audit_max_mb out of range',
			`audit_max_mb = 0\n${profileTable('p', sim)}`,
			['--profile', 'p'],
			(path) => `${path}: audit_max_mb must be a whole number from 1 to 1024`,
		],
		[
			'missing client_id',
			'default_profile = "p"\n[profiles.p]\nclient_secret = "s3cr3t-value"',
			[],
			(path) => `${path}: profile "p" is missing client_id`,
		],
		[
			'client_id with a control character',
			profileTable('p', sim, {client_id: toml('id\u001b]0;x\u0007')}),
			['--profile', 'p'],
			(path) => `${path}: profiles.p.client_id must be printable ASCII without spaces`,
		],
		[
			'both secrets',
			profileTable('p', sim, {secret_command: '["pass", "show", "frame"]', client_secret: '"x"'}),
			['--profile', 'p'],
			(path) => `${path}: profile "p" needs exactly one of client_secret or secret_command`,
		],
		[
			'unknown field',
			profileTable('p', sim, {clientsecret: '"s3cr3t-value"'}),
			['--profile', 'p'],
			(path) =>
				`${path}: [profiles.p] has an unknown field "clientsecret"; known: client_id, client_secret, secret_command, api_url, account, concurrency, refresh, read_only, ca_file, audit, patience`,
		],
		[
			'wrong type',
			profileTable('p', sim, {concurrency: '"eight"'}),
			['--profile', 'p'],
			(path) => `${path}: profiles.p.concurrency must be a whole number from 1 to 64`,
		],
		[
			'secret_command not an argv',
			profileTable('p', sim, {secret_command: '"pass show frame"'}),
			['--profile', 'p'],
			(path) =>
				`${path}: profiles.p.secret_command must be an array of strings, the program first, such as ["pass", "show", "frame"]`,
		],
		[
			'default_profile not a profile',
			`default_profile = "prd"\n${profileTable('prod', sim)}`,
			[],
			(path) => `${path}: default_profile "prd" is not a profile; known: prod`,
		],
	];
	for (const [name, text, args, expected] of cases) {
		await t.test(name, async () => {
			const path = await writeConfig(t, text);
			const run = await runInProcess(['accounts', ...args], {FRAME_TUI_CONFIG: path});
			assert.equal(run.code, 2);
			assert.equal(run.stderr, line(expected(path)));
			assert.doesNotMatch(run.stderr, /s3cr3t/);
		});
	}

	const env = await runInProcess(['accounts'], {
		FRAME_TUI_CONFIG: await writeConfig(t, profileTable('prod', sim)),
		FRAME_PROFILE: 'stage',
	});
	assert.equal(env.code, 2);
	assert.equal(env.stderr, line('unknown profile "stage" (FRAME_PROFILE); known: prod'));

	const absent = await runInProcess(['accounts'], {FRAME_TUI_CONFIG: '/nonexistent/config.toml'});
	assert.equal(absent.code, 2);
	assert.equal(
		absent.stderr,
		line('FRAME_TUI_CONFIG names /nonexistent/config.toml, which does not exist'),
	);
	assert.equal(sim.stats().requests, 0);
});
