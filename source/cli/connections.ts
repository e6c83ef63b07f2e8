import {type AuditMode, type Auditor, createAuditor} from '../audit/events.js';
import {type Connected, connect} from '../connect.js';
import {credentialSource, resolveSettings, type SettingFlags} from '../settings.js';
import type {OpenedProfile} from '../ui/profiles-screen.js';

/** A connection as the audit log names it: with the profile it came from, if any. */
function named(connected: Connected, profile: string | undefined): Connected {
	return profile === undefined
		? connected
		: {...connected, identity: {...connected.identity, profile}};
}

/**
 * The run's connection, resolved from flags, environment and config file, and a way to switch
 * it to another profile (the app's Profiles screen): the new client is opened first, then the
 * old one is closed, so a failed switch leaves the current one working. `close` lets go of
 * whichever is current.
 */
export async function openConnections(
	flags: SettingFlags,
	env: Readonly<Record<string, string | undefined>>,
	notice: (text: string) => void,
	options: {readonly secretTimeoutMs?: number} = {},
) {
	const first = await resolveSettings(flags, env, options);
	let current = named(await connect(first.connection, notice, env), first.profile?.name);
	let settings = first.settings;
	return {
		first: {...first, connected: current},
		async open(name: string): Promise<OpenedProfile> {
			// Picked by the operator, so like --profile, and it leaves --demo's simulator too.
			const next = await resolveSettings({...flags, demo: false, profile: name}, env, {
				...options,
				source: 'app',
			});
			const opened = named(await connect(next.connection, notice, env), next.profile?.name);
			const previous = current;
			current = opened;
			settings = next.settings;
			await previous.close();
			return {
				client: opened.client,
				label: opened.label,
				settings: next.settings,
				profile: next.profile,
				credentials: credentialSource(next),
			};
		},
		/**
		 * The auditor of every close of this run: each is written through the connection current
		 * when it starts, under that connection's profile, unless its settings turn the log off
		 * (the app may switch to a profile with another `audit`).
		 */
		auditor(options: {
			readonly mode: AuditMode;
			readonly version: string;
			readonly path: string;
		}): Auditor {
			return {
				path: options.path,
				begin: (plan) =>
					settings.audit
						? createAuditor({
								path: options.path,
								identity: {mode: options.mode, version: options.version, ...current.identity},
								rotation: {keep: settings.auditKeep, maxBytes: settings.auditMaxMb * 1024 * 1024},
							}).begin(plan)
						: undefined,
			};
		},
		close: () => current.close(),
	};
}

/** The run's connection, once `openConnections` has opened it. */
export type Connections = Awaited<ReturnType<typeof openConnections>>;
