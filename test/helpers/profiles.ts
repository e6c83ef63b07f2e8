import {chmod, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';
import {type Simulator, startSimulator} from '../../source/simulator/server.js';

/** A TOML string: JSON's escapes are TOML's for what tests write. */
export const toml = (value: string) => JSON.stringify(value);

/** An argv for `secret_command` that runs this Node with a script. */
export const nodeCommand = (script: string) =>
	`[${[process.execPath, '-e', script].map(toml).join(', ')}]`;

/** A `[profiles.NAME]` table pointing at a simulator, its secret inline unless `fields` say otherwise. */
export function profileTable(name: string, sim: Simulator, fields: Record<string, string> = {}) {
	const lines = {
		client_id: toml(sim.clientId),
		...(fields.secret_command ? {} : {client_secret: toml(sim.clientSecret)}),
		api_url: toml(sim.url),
		...fields,
	};
	return [
		`[profiles.${name}]`,
		...Object.entries(lines).map(([key, value]) => `${key} = ${value}`),
	].join('\n');
}

/** Writes a config file in a temporary folder removed after the test; returns its path. */
export async function writeConfig(t: TestContext, text: string, mode = 0o600): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'frame-tui-config-'));
	t.after(() => rm(dir, {recursive: true, force: true}));
	const path = join(dir, 'config.toml');
	await writeFile(path, `${text}\n`);
	await chmod(path, mode);
	return path;
}

/** Simulators with credentials and accounts of their own (a seed each), closed after the test. */
export async function simulators(t: TestContext, count: number): Promise<Simulator[]> {
	const sims = await Promise.all(
		Array.from({length: count}, (_, index) =>
			startSimulator({accounts: 2, sessions: 12, seed: 100 + index}),
		),
	);
	t.after(() => Promise.all(sims.map((sim) => sim.close())));
	return sims;
}

/** The account ids a simulator holds, which `accounts --json` lists when talking to it. */
export const accountIds = (sim: Simulator) => sim.accounts().map((account) => account.id);
