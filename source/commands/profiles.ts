import {formatTable} from '../format/table.js';
import {type Io, printJson, printLines, println} from '../output.js';
import {configPath, loadConfig} from '../profiles/config-file.js';
import {describeChoice, summarizeProfile} from '../profiles/summary.js';
import {chooseProfile} from '../settings.js';

/**
 * `frame-tui profiles [--json]`: the config file, its profiles and which one is active, and
 * why. No secret is read: a profile's secret is read only when the profile is used.
 * `--names` prints the names alone, one a line, for completion scripts.
 */
export async function profilesCommand(
	flags: {
		readonly json: boolean;
		readonly names: boolean;
		readonly demo: boolean;
		readonly profile: string | undefined;
	},
	io: Io,
	env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
	const config = await loadConfig(env);
	const path = config?.path ?? configPath(env).path;
	const profiles = (config?.profiles ?? []).map(summarizeProfile);
	if (flags.names) {
		printLines(
			io.stdout,
			profiles.map((profile) => profile.name),
		);
		return 0;
	}

	const choice = chooseProfile(config, flags, env, path);
	const active = choice.kind === 'profile' ? choice.profile.name : undefined;
	if (flags.json) {
		printJson(io.stdout, {
			path,
			exists: config !== undefined,
			active: choice.kind === 'profile' ? {name: active, source: choice.source} : null,
			credentials: choice.kind,
			profiles: profiles.map((profile) => ({
				name: profile.name,
				client_id: profile.clientId,
				api_host: profile.apiHost,
				secret: profile.secret,
				read_only: profile.readOnly,
				account: profile.account ?? null,
				active: profile.name === active,
			})),
		});
		return 0;
	}

	println(io.stdout, `config: ${path}${config ? '' : ' (not there)'}`);
	println(io.stdout, `active: ${describeChoice(choice)}`);
	if (profiles.length > 0) {
		println(io.stdout);
		printLines(
			io.stdout,
			formatTable(
				[
					{header: ' ', value: (profile) => (profile.name === active ? '*' : '')},
					{header: 'name', value: (profile) => profile.name},
					{header: 'client id', value: (profile) => profile.clientId},
					{header: 'api host', value: (profile) => profile.apiHost},
					{header: 'secret', value: (profile) => profile.secret},
					{header: 'read-only', value: (profile) => (profile.readOnly ? 'yes' : 'no')},
					{header: 'account', value: (profile) => profile.account ?? '—'},
				],
				profiles,
			),
		);
	}

	return 0;
}
