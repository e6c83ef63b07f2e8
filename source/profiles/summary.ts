import {defaultApiUrl} from '../api-url.js';
import type {Choice} from '../settings.js';
import type {Profile} from './profile-fields.js';

/** What may be shown of a profile: never its secret, only where the secret comes from. */
export type ProfileSummary = {
	readonly name: string;
	readonly clientId: string;
	readonly apiHost: string;
	readonly secret: 'inline' | 'command';
	readonly readOnly: boolean;
	readonly account: string | undefined;
};

/** A profile as the `profiles` command and the Profiles screen show it. */
export function summarizeProfile(profile: Profile): ProfileSummary {
	return {
		name: profile.name,
		clientId: profile.clientId,
		apiHost: new URL(profile.apiUrl ?? defaultApiUrl).host,
		secret: profile.secret.kind,
		readOnly: profile.readOnly ?? false,
		account: profile.account,
	};
}

const sourceWords = {
	flag: '--profile',
	env: 'FRAME_PROFILE',
	default: 'default_profile',
	app: 'chosen in the app',
} as const;

/** Which credentials are in use and why, in a few words: "production (from --profile)". */
export function describeChoice(choice: Choice): string {
	if (choice.kind === 'profile') {
		return `${choice.profile.name} (from ${sourceWords[choice.source]})`;
	}

	if (choice.kind === 'environment') {
		return 'none: FRAME_CLIENT_ID and FRAME_CLIENT_SECRET are set, and they come first';
	}

	return choice.reason === 'flag'
		? 'none: --demo'
		: 'none: no profile is chosen (no --profile, FRAME_PROFILE or default_profile), so demo mode';
}
