import {isLoopbackHost} from './api/loopback.js';
import {UsageError} from './errors.js';

/** The public Frame environment's API. */
export const defaultApiUrl = 'https://api.console.nutanix.com/v1';

/**
 * Checks an API URL (FRAME_API_URL, or a profile's `api_url`, named by `source`): https anywhere, http only on loopback; no user info, query or fragment,
 * since request paths are appended to it (`…/v1?x=1` would send `/v1?x=1/accounts`, and with
 * `…/v1#x` every request, a DELETE included, would go to `/v1`). Returns it without a final slash.
 */
export function checkApiUrl(value: string, source = 'FRAME_API_URL'): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		// Shown to help find the typo, but without what may be a password before an @.
		const shown = value.replace(/^([^/]*\/\/)[^/]*@/, '$1***@');
		throw new UsageError(`${source} is not a URL: ${JSON.stringify(shown)}`);
	}

	if (url.username || url.password) {
		throw new UsageError(`${source} must not contain a user name or password`);
	}

	if (value.includes('?') || value.includes('#')) {
		throw new UsageError(
			`${source} must not have a query (?) or a fragment (#): give the base URL, such as https://api.console.nutanix.com/v1`,
		);
	}

	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new UsageError(
			`${source} uses plain http to ${url.hostname}: only https is allowed beyond this machine`,
		);
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new UsageError(`${source} must be an https URL, not ${url.protocol}`);
	}

	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
