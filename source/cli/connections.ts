import {type Connected, connect} from '../connect.js';
import {resolveSettings, type SettingFlags} from '../profiles/resolve.js';
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
	return {
		first: {...first, connected: current},
		async open(name: string): Promise<OpenedProfile> {
			const next = await resolveSettings({...flags, profile: name}, env, {
				...options,
				source: 'app',
			});
			const opened = named(await connect(next.connection, notice, env), next.profile?.name);
			const previous = current;
			current = opened;
			await previous.close();
			return {
				client: opened.client,
				label: opened.label,
				settings: next.settings,
				profile: next.profile,
			};
		},
		/** The connection in use now, for the audit log of a close. */
		current: () => current,
		close: () => current.close(),
	};
}
