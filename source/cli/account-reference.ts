import {isSafeId} from '../api/client.js';
import {UsageError} from '../errors.js';

const consoleUrlShape = 'a Frame console URL is https://…/account/<id>/…';

/**
 * What `--account` names: the value as given (an id or a name), or, for a Frame console URL
 * pasted from the browser (`https://frame.nutanix.com/frame/account/<id>/basic-info`), the
 * account id in it. A URL must be https, carry no user name, and have an id after `account/`
 * that passes the checks every id passes; anything else is a usage error.
 */
export function accountReference(value: string): string {
	if (!/^[a-z][a-z\d+.-]*:/i.test(value)) {
		return value;
	}

	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new UsageError(`--account is not a URL, an id or a name: ${consoleUrlShape}`);
	}

	if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
		throw new UsageError(`--account takes an https URL without a user name: ${consoleUrlShape}`);
	}

	const segments = url.pathname.split('/');
	const at = segments.indexOf('account');
	const encoded = at === -1 ? undefined : segments[at + 1];
	let id: string | undefined;
	try {
		id = encoded === undefined ? undefined : decodeURIComponent(encoded);
	} catch {
		id = undefined;
	}

	if (id === undefined || !isSafeId(id)) {
		throw new UsageError(`--account URL names no account: ${consoleUrlShape}`);
	}

	return id;
}
