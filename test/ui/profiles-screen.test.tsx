import assert from 'node:assert/strict';
import {type TestContext, test} from 'node:test';
import {openConnections} from '../../source/cli/connections.js';
import {sanitize} from '../../source/format/sanitize.js';
import {resolveAccount} from '../../source/ops/select.js';
import {summarizeProfile} from '../../source/profiles/summary.js';
import type {SettingFlags} from '../../source/settings.js';
import type {Simulator} from '../../source/simulator/server.js';
import {keys, renderAppWith} from '../helpers/app.js';
import {auditFolder, readRecords} from '../helpers/audit.js';
import {nodeCommand, profileTable, simulators, toml, writeConfig} from '../helpers/profiles.js';

/** The app as `frame-tui` starts it on this config file: the real resolver, connections and switch. */
async function appOnConfig(
	t: TestContext,
	text: string,
	auditLog?: string,
	flags: SettingFlags = {demo: false},
) {
	const path = await writeConfig(t, text);
	const connections = await openConnections(flags, {FRAME_TUI_CONFIG: path}, () => undefined);
	t.after(() => connections.close());
	const {connected, settings, profile, config} = connections.first;
	return renderAppWith(
		t,
		{
			client: connected.client,
			connection: connected.label,
			refreshSeconds: 0,
			readOnly: settings.readOnly,
			concurrency: settings.concurrency,
			// As runApp does before it takes the screen.
			account:
				settings.account === undefined
					? undefined
					: await resolveAccount(connected.client, settings.account),
			profile: profile?.name,
			profiles: (config?.profiles ?? []).map(summarizeProfile),
			openProfile: connections.open,
		},
		auditLog === undefined
			? undefined
			: connections.auditor({mode: 'app', version: '0.0.0-test', path: auditLog}),
	);
}

const firstName = (sim: Simulator) => sanitize(sim.accounts()[0]?.name ?? '');
const firstId = (sim: Simulator) => sim.accounts()[0]?.id ?? '';

test('Esc from Accounts goes up to Profiles; Enter on another profile reloads from its API; read_only follows it', async (t) => {
	const [simA, simB] = await simulators(t, 2);
	assert.ok(simA && simB);
	const app = await appOnConfig(
		t,
		[
			'default_profile = "one"',
			profileTable('one', simA),
			profileTable('two', simB, {read_only: 'true'}),
			profileTable('three', simA, {secret_command: nodeCommand('process.exit(3)')}),
		].join('\n'),
	);

	await app.waitForFrame(firstId(simA));
	assert.match(app.frame(), /│ one › Accounts/);
	assert.doesNotMatch(app.frame(), /READ-ONLY/);

	await app.press(keys.escape, /^\s*❯\s+●\s+one\s/m);
	assert.match(app.frame(), /│ Profiles/);
	assert.match(app.frame(), /two\s+sim-\w+\s+127\.0\.0\.1:\d+\s+inline\s+yes/);

	// A profile that cannot be opened says why, once, and the app stays where it was.
	await app.press('j', /❯\s+two/);
	await app.press('j', /❯\s+three/);
	await app.press(
		keys.enter,
		'three: secret_command of profile "three" (node) exited with status 3',
	);
	assert.match(app.frame(), /│ Profiles/);

	await app.press('k', /❯\s+two/);
	// The seeds give the simulators the same names but their own ids.
	await app.press(keys.enter, firstId(simB));
	assert.match(app.frame(), /│ two › Accounts/);
	assert.match(app.frame(), /READ-ONLY/);
	for (const account of simA.accounts()) {
		assert.ok(!app.frame().includes(account.id), 'no account of the first profile');
	}

	// Read-only by the profile: the close key is not offered and only says why.
	await app.press(keys.enter, /two › Accounts › .* › Poo/);
	await app.waitForFrame('❯ All pools');
	await app.press(keys.enter, /^0 selected · \d+ sessions/m);
	assert.doesNotMatch(app.frame(), /x\/Del/);
	await app.press('a', /^[1-9]\d* selected/m);
	await app.press('x', /Read-only: close is disabled/);
	assert.equal(simB.stats().byMethod.DELETE, undefined);

	// Back up to Profiles: the active one is marked, and Enter on it goes down again.
	await app.press(keys.escape, 'Enter sessions');
	await app.press(keys.escape, 'Esc/← profiles');
	await app.press(keys.escape, /^\s*❯\s+●\s+two\s/m);
	await app.press(keys.enter, firstId(simB));
});

test("the app opens at a profile's account; with one profile there is no Profiles screen", async (t) => {
	const [sim] = await simulators(t, 1);
	const account = sim?.accounts()[1];
	assert.ok(sim && account);
	const app = await appOnConfig(
		t,
		`default_profile = "solo"\n${profileTable('solo', sim, {account: toml(account.id)})}`,
	);
	await app.waitForFrame(`solo › Accounts › ${sanitize(account.name)} › Pools`);
	await app.press(keys.escape, /│ solo › Accounts(?! ›)/);
	await app.waitForFrame(`❯ ${firstName(sim)}`);
	await app.waitForFrame(/refreshed \d/);
	// Esc on the accounts: with one profile there is nothing under them.
	await app.pressNoChange(keys.escape);
	await app.press('?', 'Keys (any key closes this)');
	assert.doesNotMatch(app.frame(), /Profiles/);
});

test("a close after a switch follows the new profile's audit setting and is logged under its name", async (t) => {
	const [simA, simB] = await simulators(t, 2);
	assert.ok(simA && simB);
	const {path: log} = auditFolder(t);
	const app = await appOnConfig(
		t,
		[
			'default_profile = "quiet"',
			profileTable('quiet', simA, {audit: 'false'}),
			profileTable('loud', simB),
		].join('\n'),
		log,
	);
	/** Closes every session of the first account's pools, from its Accounts screen. */
	const closeAll = async (profile: string) => {
		await app.press(keys.enter, new RegExp(`${profile} › Accounts › .* › Poo`));
		await app.waitForFrame('❯ All pools');
		await app.press(keys.enter, /^0 selected · \d+ sessions/m);
		await app.press('a', /^[1-9]\d* selected/m);
		await app.press('x', /Close \d+ sessions/);
		await app.press('y', 'Finished in');
	};

	await app.waitForFrame(firstId(simA));
	await closeAll('quiet');
	assert.ok(simA.stats().byMethod.DELETE, 'the close was sent');
	assert.deepEqual(readRecords(log), [], 'audit = false: nothing logged');

	// Up to Profiles, over to "loud", which keeps the log on: its close is logged, under its name.
	await app.press(keys.escape, 'No active sessions');
	await app.press(keys.escape, 'Enter sessions');
	await app.press(keys.escape, 'Esc/← profiles');
	await app.press(keys.escape, /^\s*❯\s+●\s+quiet\s/m);
	await app.press('j', /❯\s+loud/);
	await app.press(keys.enter, firstId(simB));
	await closeAll('loud');
	const records = readRecords(log);
	assert.deepEqual(
		[...new Set(records.map((record) => record.event))],
		['close.plan', 'close.result', 'close.end'],
	);
	assert.ok(
		records.every(
			(record) =>
				record.profile === 'loud' &&
				record.client_id === simB.clientId &&
				record.account_id === firstId(simB),
		),
	);
	assert.equal(
		records.filter((record) => record.event === 'close.result').length,
		simB.stats().byMethod.DELETE,
	);
});

test('started with --demo, Enter on a profile leaves the simulator for it', async (t) => {
	const [sim] = await simulators(t, 1);
	assert.ok(sim);
	const app = await appOnConfig(
		t,
		[profileTable('one', sim), profileTable('two', sim)].join('\n'),
		undefined,
		{demo: true},
	);
	await app.waitForFrame(/│ Accounts/);
	assert.ok(!app.frame().includes(firstId(sim)), 'the demo accounts first');
	await app.press(keys.escape, /│ Profiles/);
	await app.press(keys.enter, firstId(sim));
	assert.match(app.frame(), /│ one › Accounts/);
});
