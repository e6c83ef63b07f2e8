import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {test} from 'node:test';
import {parseArguments} from '../../source/cli/arguments.js';
import {resolveSettings} from '../../source/settings.js';
import {auditFolder, readRecords} from '../helpers/audit.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {accountIds, profileTable, simulators, toml, writeConfig} from '../helpers/profiles.js';

/** The ids `accounts --json` lists: which simulator, so which credentials, the run used. */
async function listedIds(args: readonly string[], env: Record<string, string>) {
	const run = await runInProcess(['accounts', '--json', ...args], env);
	assert.equal(run.code, 0, run.stderr);
	return (JSON.parse(run.stdout) as Array<{id: string}>).map((account) => account.id);
}

test('credentials: --profile, then FRAME_CLIENT_*, then FRAME_PROFILE, then default_profile, then demo', async (t) => {
	const [simA, simB, simEnv] = await simulators(t, 3);
	assert.ok(simA && simB && simEnv);
	const path = await writeConfig(
		t,
		[`default_profile = "a"`, profileTable('a', simA), profileTable('b', simB)].join('\n'),
	);
	const config = {FRAME_TUI_CONFIG: path};
	assert.deepEqual(await listedIds([], config), accountIds(simA), 'default_profile');
	assert.deepEqual(
		await listedIds([], {...config, FRAME_PROFILE: 'b'}),
		accountIds(simB),
		'FRAME_PROFILE beats default_profile',
	);
	assert.deepEqual(
		await listedIds([], {...config, ...simulatorEnvironment(simEnv), FRAME_PROFILE: 'b'}),
		accountIds(simEnv),
		'FRAME_CLIENT_ID and FRAME_CLIENT_SECRET beat FRAME_PROFILE',
	);
	// Without FRAME_API_URL, which would move profile b to simEnv's URL too.
	const credentials = {FRAME_CLIENT_ID: simEnv.clientId, FRAME_CLIENT_SECRET: simEnv.clientSecret};
	assert.deepEqual(
		await listedIds(['--profile', 'b'], {...config, ...credentials}),
		accountIds(simB),
		'--profile beats the environment credentials',
	);

	const demo = await runInProcess(['accounts', '--json', '--demo', '--profile', 'b'], config);
	assert.equal(demo.code, 0, demo.stderr);
	assert.match(demo.stderr, /demo mode \(--demo\)/, '--demo beats every profile');

	const none = await writeConfig(t, profileTable('a', simA));
	const unchosen = await runInProcess(['accounts', '--json'], {FRAME_TUI_CONFIG: none});
	assert.equal(unchosen.code, 0, unchosen.stderr);
	assert.match(unchosen.stderr, /demo mode: .*no profile is chosen/, 'no default_profile: demo');
});

test('FRAME_API_URL overrides a profile URL, and the URL rules hold for api_url', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const dead = await writeConfig(
		t,
		`default_profile = "p"\n${profileTable('p', sim, {api_url: toml('https://frame.invalid/v1')})}`,
	);
	assert.deepEqual(
		await listedIds([], {FRAME_TUI_CONFIG: dead, FRAME_API_URL: sim.url}),
		accountIds(sim),
	);

	for (const [url, line] of [
		[
			'http://10.0.0.5/v1',
			/uses plain http to 10\.0\.0\.5: only https is allowed beyond this machine/,
		],
		['https://x.example/v1?a=1', /must not have a query/],
		['https://me:pw@x.example/v1', /must not contain a user name or password/],
		['https://me:pw@x example/v1', /is not a URL: "https:\/\/\*\*\*@x example\/v1"$/m],
	] as const) {
		const path = await writeConfig(t, profileTable('p', sim, {api_url: toml(url)}));
		const run = await runInProcess(['accounts', '--profile', 'p'], {FRAME_TUI_CONFIG: path});
		assert.equal(run.code, 2, url);
		assert.match(run.stderr, new RegExp(`^frame-tui: api_url of profile "p" in ${path} `));
		assert.match(run.stderr, line);
		assert.doesNotMatch(run.stderr, /pw@/);
	}
});

test('settings: a flag when given, else the profile, else the file, else the default', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const path = await writeConfig(
		t,
		[
			'audit = false',
			'audit_keep = 5',
			'audit_max_mb = 50',
			profileTable('prod', sim, {
				read_only: 'true',
				concurrency: '3',
				refresh: '30',
				account: toml('gateway-prod.1'),
				patience: toml('5m'),
			}),
			profileTable('plain', sim, {audit: 'true'}),
		].join('\n'),
	);
	const env = {FRAME_TUI_CONFIG: path};
	const settings = async (args: readonly string[]) =>
		(await resolveSettings(parseArguments(args, import.meta).flags, env)).settings;

	assert.deepEqual(await settings(['--profile', 'prod']), {
		account: 'gateway-prod.1',
		concurrency: 3,
		refresh: 30,
		readOnly: true,
		audit: false,
		patience: 300_000,
		auditKeep: 5,
		auditMaxMb: 50,
	});
	assert.deepEqual(
		await settings([
			'--profile',
			'prod',
			'--no-read-only',
			'--concurrency',
			'12',
			'--refresh=0',
			'--account',
			'other',
			'--patience',
			'0',
		]),
		{
			account: 'other',
			concurrency: 12,
			refresh: 0,
			readOnly: false,
			audit: false,
			patience: 0,
			auditKeep: 5,
			auditMaxMb: 50,
		},
	);
	const defaults = {
		account: undefined,
		concurrency: 8,
		refresh: 10,
		readOnly: false,
		audit: true,
		patience: 120_000,
		auditKeep: 3,
		auditMaxMb: 10,
	};
	assert.deepEqual(await settings(['--profile', 'plain']), {
		...defaults,
		auditKeep: 5,
		auditMaxMb: 50,
	});
	assert.deepEqual(
		(await resolveSettings({demo: true}, {})).settings,
		defaults,
		'no file, no flags: the defaults',
	);
});

test("a profile's account is the default --account of headless commands", async (t) => {
	const [sim] = await simulators(t, 1);
	const account = sim?.accounts()[1];
	assert.ok(sim && account);
	const path = await writeConfig(
		t,
		`default_profile = "p"\n${profileTable('p', sim, {account: toml(account.id)})}`,
	);
	const run = await runInProcess(['pools', '--json'], {FRAME_TUI_CONFIG: path});
	assert.equal(run.code, 0, run.stderr);
	assert.deepEqual(
		(JSON.parse(run.stdout) as Array<{external_id: string}>).map((pool) => pool.external_id).sort(),
		sim
			.pools(account.id)
			.map((pool) => pool.external_id)
			.sort(),
	);
});

test('the audit log names the profile; audit = false in the file or the profile turns it off, --audit back on', async (t) => {
	const [sim] = await simulators(t, 1);
	const account = sim?.accounts()[0];
	assert.ok(sim && account);
	const close = async (config: string, ...more: string[]) => {
		const {path: log} = auditFolder(t);
		const path = await writeConfig(t, config);
		// A dry run, so every run has its sessions to plan (a plan with none is not logged).
		const args = ['close', '--account', account.id, '--kind', 'test', '--dry-run', ...more];
		const run = await runInProcess(args, {FRAME_TUI_CONFIG: path, FRAME_TUI_AUDIT_LOG: log});
		assert.equal(run.code, 0, run.stderr);
		return existsSync(log) ? readRecords(log) : [];
	};

	const records = await close(`default_profile = "p"\n${profileTable('p', sim)}`);
	assert.ok(records.length >= 2);
	assert.deepEqual([...new Set(records.map((record) => record.profile))], ['p']);

	assert.deepEqual(
		await close(`audit = false\ndefault_profile = "p"\n${profileTable('p', sim)}`),
		[],
	);
	assert.deepEqual(
		await close(`default_profile = "p"\n${profileTable('p', sim, {audit: 'false'})}`),
		[],
	);
	const back = await close(
		`audit = false\ndefault_profile = "p"\n${profileTable('p', sim)}`,
		'--audit',
	);
	assert.ok(back.length >= 2, '--audit beats the file');
});
