/**
 * The one place a run's settings are decided, read top to bottom:
 * 1. the credentials: `--demo`, `--profile`, FRAME_CLIENT_ID/SECRET, FRAME_PROFILE,
 *    default_profile, else demo mode;
 * 2. the connection: FRAME_API_URL, else the profile's `api_url`, else Frame's; the profile's
 *    `ca_file` (proxies are the client's, from HTTPS_PROXY and NO_PROXY);
 * 3. each setting (account, concurrency, patience, refresh, read-only, audit): the flag when
 *    given, else the profile's, else the config file's, else the built-in default.
 * Nothing here connects (connect.ts does); the only secret read is the chosen profile's.
 */

import type {Credentials} from './api/signing.js';
import {checkApiUrl, defaultApiUrl} from './api-url.js';
import {defaultKeep, defaultMaxMb} from './audit/log.js';
import {type CredentialSource, UsageError} from './errors.js';
import {hideSecret} from './format/sanitize.js';
import {defaultPatienceMs} from './ops/api-health.js';
import {defaultConcurrency} from './ops/close-sessions.js';
import {configPath, loadConfig} from './profiles/config-file.js';
import type {ConfigFile, Profile} from './profiles/profile-fields.js';
import {runSecretCommand} from './profiles/secret-command.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The flags that choose a profile and those a profile's values give way to: each counts only when given. */
export type SettingFlags = {
	readonly demo: boolean;
	readonly profile?: string | undefined;
	readonly account?: string | undefined;
	readonly concurrency?: number | undefined;
	readonly refresh?: number | undefined;
	readonly readOnly?: boolean | undefined;
	readonly audit?: boolean | undefined;
	/** How long a close waits for an unavailable API, in ms. */
	readonly patience?: number | undefined;
};

/** What a run works with, each from the flag, else the profile, else the file, else the default. */
export type Settings = {
	/** The account headless commands use when --account is not given; the app opens at it. */
	readonly account: string | undefined;
	readonly concurrency: number;
	readonly refresh: number;
	readonly readOnly: boolean;
	/** Whether closes are written to the audit log (`audit = false` turns it off). */
	readonly audit: boolean;
	/** How long a close waits for an unavailable API before it stops, in ms. */
	readonly patience: number;
	/** How many old audit logs are kept when the log is moved aside (the file's `audit_keep`). */
	readonly auditKeep: number;
	/** The size in MB at which a run moves the log aside (the file's `audit_max_mb`). */
	readonly auditMaxMb: number;
};

/** Where requests go: a real Frame API with credentials, or the built-in simulator. */
export type Connection =
	| {
			readonly kind: 'live';
			readonly baseUrl: string;
			readonly credentials: Credentials;
			/** A PEM file of roots to trust besides Node's own (the profile's `ca_file`). */
			readonly caFile?: string;
	  }
	| {readonly kind: 'demo'; readonly reason: 'flag' | 'no-credentials'};

/** Why a profile is the active one: `--profile`, FRAME_PROFILE, default_profile, or picked in the app. */
export type ProfileSource = 'flag' | 'env' | 'default' | 'app';

/** The profile in use, and why. */
export type ActiveProfile = {readonly name: string; readonly source: ProfileSource};

/** Where the credentials come from, before any secret is read. */
export type Choice =
	| {readonly kind: 'demo'; readonly reason: 'flag' | 'no-credentials'}
	| {readonly kind: 'environment'}
	| {readonly kind: 'profile'; readonly profile: Profile; readonly source: ProfileSource};

/** The result of resolving the configuration: where to connect, with which settings and profile. */
export type Resolved = {
	readonly connection: Connection;
	readonly settings: Settings;
	readonly profile: ActiveProfile | undefined;
	readonly config: ConfigFile | undefined;
};

/** How often the app refreshes sessions when neither a flag nor a profile says. */
export const defaultRefreshSeconds = 10;

// 1. The credentials.

function findProfile(
	config: ConfigFile | undefined,
	name: string,
	from: string,
	path: string,
): Profile {
	const found = config?.profiles.find((profile) => profile.name === name);
	if (!found) {
		const known = config?.profiles.map((profile) => profile.name) ?? [];
		throw new UsageError(
			`unknown profile ${JSON.stringify(name)} (${from}); ${known.length > 0 ? `known: ${known.join(', ')}` : `${path} has no profiles`}`,
		);
	}

	return found;
}

/**
 * Which credentials a run uses, without reading any secret: `--demo`; then `--profile` (the
 * operator's word for this run, so it beats credentials left in the environment); then
 * FRAME_CLIENT_ID and FRAME_CLIENT_SECRET; then FRAME_PROFILE; then default_profile; else demo.
 */
export function chooseProfile(
	config: ConfigFile | undefined,
	flags: Pick<SettingFlags, 'demo' | 'profile'>,
	env: Env,
	path: string,
): Choice {
	if (flags.demo) {
		return {kind: 'demo', reason: 'flag'};
	}

	if (flags.profile !== undefined) {
		return {
			kind: 'profile',
			profile: findProfile(config, flags.profile, '--profile', path),
			source: 'flag',
		};
	}

	if (env.FRAME_CLIENT_ID?.trim() || env.FRAME_CLIENT_SECRET) {
		return {kind: 'environment'};
	}

	const named = env.FRAME_PROFILE?.trim();
	if (named) {
		return {
			kind: 'profile',
			profile: findProfile(config, named, 'FRAME_PROFILE', path),
			source: 'env',
		};
	}

	if (config?.defaultProfile !== undefined) {
		const profile = findProfile(config, config.defaultProfile, 'default_profile', path);
		return {kind: 'profile', profile, source: 'default'};
	}

	return {kind: 'demo', reason: 'no-credentials'};
}

// 2. The connection: the API URL and the secret (FRAME_API_URL beats a profile's `api_url`).

/** Reads the connection from the environment; `--demo` forces the simulator. */
export function resolveConnection(env: Env, options: {readonly demo?: boolean} = {}): Connection {
	if (options.demo) {
		return {kind: 'demo', reason: 'flag'};
	}

	const clientId = env.FRAME_CLIENT_ID?.trim() ?? '';
	const clientSecret = env.FRAME_CLIENT_SECRET ?? '';
	if (!clientId && !clientSecret) {
		return {kind: 'demo', reason: 'no-credentials'};
	}

	if (!clientId || !clientSecret) {
		const [missing, present] = clientId
			? ['FRAME_CLIENT_SECRET', 'FRAME_CLIENT_ID']
			: ['FRAME_CLIENT_ID', 'FRAME_CLIENT_SECRET'];
		throw new UsageError(
			`${missing} is not set but ${present} is: set both, or neither for demo mode`,
		);
	}

	return {
		kind: 'live',
		baseUrl: checkApiUrl(env.FRAME_API_URL?.trim() || defaultApiUrl),
		credentials: {clientId, clientSecret},
	};
}

/** A profile's connection: its secret read now (inline, or from its command); `ca_file` is read by the client. */
async function profileConnection(
	profile: Profile,
	env: Env,
	secretTimeoutMs: number | undefined,
): Promise<Connection> {
	const clientSecret =
		profile.secret.kind === 'inline'
			? profile.secret.value
			: await runSecretCommand(profile.name, profile.secret.argv, secretTimeoutMs);
	hideSecret(clientSecret);
	const override = env.FRAME_API_URL?.trim();
	return {
		kind: 'live',
		baseUrl: override ? checkApiUrl(override) : (profile.apiUrl ?? defaultApiUrl),
		credentials: {clientId: profile.clientId, clientSecret},
		...(profile.caFile === undefined ? {} : {caFile: profile.caFile}),
	};
}

// 3. The settings: the environment chooses only the credentials and the URL, never these.

/** The settings: a flag when given, else the profile's value, else the file's, else the default. */
function settingsOf(flags: SettingFlags, profile: Profile | undefined, config?: ConfigFile) {
	return {
		account: flags.account ?? profile?.account,
		concurrency: flags.concurrency ?? profile?.concurrency ?? defaultConcurrency,
		refresh: flags.refresh ?? profile?.refresh ?? defaultRefreshSeconds,
		readOnly: flags.readOnly ?? profile?.readOnly ?? false,
		audit: flags.audit ?? profile?.audit ?? config?.audit ?? true,
		patience: flags.patience ?? profile?.patience ?? defaultPatienceMs,
		auditKeep: config?.auditKeep ?? defaultKeep,
		auditMaxMb: config?.auditMaxMb ?? defaultMaxMb,
	} satisfies Settings;
}

// 4. All of it.

/**
 * The one resolver: reads the config file, chooses the credentials (see `chooseProfile`),
 * reads the chosen profile's secret and returns the connection, the settings and the profile.
 * `secretTimeoutMs` is for tests.
 */
export async function resolveSettings(
	flags: SettingFlags,
	env: Env,
	options: {readonly secretTimeoutMs?: number; readonly source?: ProfileSource} = {},
): Promise<Resolved> {
	const config = await loadConfig(env);
	const path = config?.path ?? configPath(env).path;
	const choice = chooseProfile(config, flags, env, path);
	if (choice.kind !== 'profile') {
		return {
			connection:
				choice.kind === 'demo'
					? {kind: 'demo', reason: choice.reason}
					: resolveConnection(env, {demo: false}),
			settings: settingsOf(flags, undefined, config),
			profile: undefined,
			config,
		};
	}

	const {profile} = choice;
	return {
		connection: await profileConnection(profile, env, options.secretTimeoutMs),
		settings: settingsOf(flags, profile, config),
		profile: {name: profile.name, source: options.source ?? choice.source},
		config,
	};
}

/** Where a resolved connection's credential came from, for the advice after a 401. */
export function credentialSource(resolved: Omit<Resolved, 'settings'>): CredentialSource {
	if (resolved.connection.kind === 'demo') {
		return {kind: 'demo'};
	}

	return resolved.profile
		? {
				kind: 'profile',
				name: resolved.profile.name,
				path: resolved.config?.path ?? 'the config file',
			}
		: {kind: 'environment'};
}
