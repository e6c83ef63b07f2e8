import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {commandTable} from '../../source/cli/commands.js';
import {flagNamesOf} from '../../source/cli/completion.js';
import {runInProcess, simulatorEnvironment} from '../helpers/cli.js';
import {nodeCommand, profileTable, simulators, toml, writeConfig} from '../helpers/profiles.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('profiles lists the file, each profile without its secret, and which is active and why', async (t) => {
	const [simA, simB] = await simulators(t, 2);
	assert.ok(simA && simB);
	const path = await writeConfig(
		t,
		[
			'default_profile = "staging"',
			profileTable('production', simA, {
				secret_command: nodeCommand('process.exit(9)'),
				read_only: 'true',
				api_url: toml('https://api.console.nutanix.com/v1'),
			}),
			profileTable('staging', simB),
		].join('\n'),
	);
	const table = await runInProcess(['profiles'], {FRAME_TUI_CONFIG: path});
	assert.equal(table.code, 0, table.stderr);
	const host = new URL(simB.url).host;
	assert.equal(
		table.stdout,
		[
			`config: ${path}`,
			'active: staging (from default_profile)',
			'',
			'   NAME        CLIENT ID         API HOST                 SECRET   READ-ONLY  ACCOUNT',
			`   production  ${simA.clientId}  api.console.nutanix.com  command  yes        —`,
			`*  staging     ${simB.clientId}  ${host.padEnd(23)}  inline   no         —`,
			'',
		].join('\n'),
	);
	assert.equal(simA.stats().requests + simB.stats().requests, 0, 'listing calls no API');

	const json = async (args: readonly string[], env: Record<string, string>) => {
		const run = await runInProcess(['profiles', '--json', ...args], {
			FRAME_TUI_CONFIG: path,
			...env,
		});
		assert.equal(run.code, 0, run.stderr);
		return JSON.parse(run.stdout) as {active: unknown; credentials: string; profiles: unknown[]};
	};

	// The secret command exits 9: listing never runs it.
	const flag = await json(['--profile', 'production'], {});
	assert.deepEqual(flag.active, {name: 'production', source: 'flag'});
	assert.deepEqual(flag.profiles[0], {
		name: 'production',
		client_id: simA.clientId,
		api_host: 'api.console.nutanix.com',
		secret: 'command',
		read_only: true,
		account: null,
		active: true,
	});
	assert.deepEqual((await json([], {FRAME_PROFILE: 'production'})).active, {
		name: 'production',
		source: 'env',
	});
	assert.deepEqual((await json([], {})).active, {name: 'staging', source: 'default'});
	const environment = await json([], simulatorEnvironment(simA));
	assert.equal(environment.active, null);
	assert.equal(environment.credentials, 'environment');

	const names = await runInProcess(['profiles', '--names'], {FRAME_TUI_CONFIG: path});
	assert.equal(names.stdout, 'production\nstaging\n');
});

test('completion prints a script for bash, zsh and fish with every command and flag', async () => {
	for (const shell of ['bash', 'zsh', 'fish']) {
		const run = await runInProcess(['completion', shell], {});
		assert.equal(run.code, 0, run.stderr);
		for (const command of ['accounts', 'pools', 'sessions', 'close', 'simulate', 'profiles']) {
			assert.match(run.stdout, new RegExp(`\\b${command}\\b`), `${shell}: ${command}`);
		}

		for (const flag of Object.values(commandTable).flatMap((command) =>
			flagNamesOf(command.flags),
		)) {
			const written = shell === 'fish' ? `-l ${flag.name}\\b` : `--${flag.name}\\b`;
			assert.match(run.stdout, new RegExp(written), `${shell}: --${flag.name}`);
		}

		assert.match(run.stdout, /frame-tui profiles --names/, `${shell} asks for profile names`);
	}

	const bad = await runInProcess(['completion', 'tcsh'], {});
	assert.equal(bad.code, 2);
	assert.equal(bad.stderr, 'frame-tui: completion: unknown shell "tcsh"; one of bash, zsh, fish\n');
});

test('bash completes commands, flags and the config file’s profile names', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const path = await writeConfig(
		t,
		`${profileTable('prod-eu', sim)}\n${profileTable('prod-us', sim)}\n${profileTable('staging', sim)}`,
	);
	// A frame-tui on PATH, as an installed one would be, for the script to call.
	const bin = await mkdtemp(join(tmpdir(), 'frame-tui-bin-'));
	t.after(() => rm(bin, {recursive: true, force: true}));
	await writeFile(
		join(bin, 'frame-tui'),
		`#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(join(root, 'cli.tsx'))} "$@"\n`,
	);
	await chmod(join(bin, 'frame-tui'), 0o755);
	const script = (await runInProcess(['completion', 'bash'], {})).stdout;
	const complete = async (...words: string[]) => {
		const {stdout} = await promisify(execFile)(
			'bash',
			[
				'-c',
				`${script}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _frame_tui; printf '%s\\n' "\${COMPREPLY[@]}"`,
			],
			{
				cwd: root,
				env: {...process.env, PATH: `${bin}:${process.env.PATH}`, FRAME_TUI_CONFIG: path},
			},
		);
		return stdout.trim().split('\n');
	};

	assert.deepEqual(await complete('frame-tui', '--profile', 'prod'), ['prod-eu', 'prod-us']);
	assert.deepEqual(await complete('frame-tui', 'pro'), ['profiles']);
	assert.deepEqual(await complete('frame-tui', 'close', '--dry'), ['--dry-run']);
	assert.deepEqual(await complete('frame-tui', 'completion', ''), ['bash', 'zsh', 'fish']);
});

test('no output of these commands holds a secret, whatever goes wrong', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const secret = sim.clientSecret;
	const printing = nodeCommand(
		`console.log(${toml(secret)}); console.error(${toml(secret)}); process.exit(4)`,
	);
	const files = {
		inline: await writeConfig(t, `default_profile = "p"\n${profileTable('p', sim)}`),
		open: await writeConfig(t, `default_profile = "p"\n${profileTable('p', sim)}`, 0o644),
		command: await writeConfig(
			t,
			profileTable('p', sim, {secret_command: nodeCommand(`console.log(${toml(secret)})`)}),
		),
		failing: await writeConfig(t, profileTable('p', sim, {secret_command: printing})),
		badToml: await writeConfig(t, `[profiles.p]\nclient_id = "x"\nclient_secret = "${secret}\n`),
		typo: await writeConfig(t, `[profiles.p]\nclient_id = "x"\nclient_secret = ${secret}\n`),
	};
	const runs: Array<[string, readonly string[], Record<string, string>]> = [];
	for (const [name, path] of Object.entries(files)) {
		const env = {FRAME_TUI_CONFIG: path};
		runs.push(
			[name, ['profiles'], env],
			[name, ['profiles', '--json'], env],
			[name, ['profiles', '--names'], env],
			[name, ['accounts', '--profile', 'p'], env],
			[name, ['accounts', '--json', '--profile', 'p'], env],
			[name, ['pools', '--profile', 'p', '--account', '.'], env],
			[name, ['close', '--profile', 'p', '--account', 'none', '--all', '--yes'], env],
			[name, ['accounts', '--profile', 'p', `--bogus=${secret}`], env],
		);
	}

	for (const shell of ['bash', 'zsh', 'fish']) {
		runs.push([shell, ['completion', shell], {FRAME_TUI_CONFIG: files.inline}]);
	}

	for (const [name, args, env] of runs) {
		const run = await runInProcess(args, env);
		const output = run.stdout + run.stderr;
		assert.ok(!output.includes(secret), `${name}: frame-tui ${args.join(' ')} showed the secret`);
	}

	assert.ok(sim.stats().requests > 0, 'some runs reached the API with the secret');
});
