import {createHash} from 'node:crypto';
import {BadResponseError, InvalidIdError, NotFoundError} from './errors.js';
import type {Credentials} from './signing.js';
import {
	createTransport,
	frameAuth,
	type RequestOptions,
	type TransportOptions,
	type TransportResponse,
} from './transport.js';
import {
	type Account,
	type Organization,
	type Pool,
	parseAccount,
	parseOrganization,
	parsePool,
	parseSession,
	type Session,
	unwrapList,
} from './types.js';

/** How a close went: `already_closed` is a 404, the session was gone either way. */
export type CloseOutcome = {
	readonly outcome: 'closed' | 'already_closed';
	readonly attempts: number;
	/** The HTTP status of the answer that settled it. */
	readonly status: number;
};

/**
 * Per-call options: `signal` aborts the whole call, retries included; `waitSignal` only stops
 * it from starting another attempt; `onRetry` hears of each retry; the rest as `RequestOptions`.
 */
export type CallOptions = Pick<
	RequestOptions,
	'signal' | 'waitSignal' | 'onRetry' | 'retryLimit' | 'gate' | 'onAttempt' | 'onSend' | 'onPaced'
>;

/** The typed calls of Frame's Admin API that frame-tui uses. */
export type FrameClient = {
	/** Every organization the credential sees, every page read; a scoped credential is refused (403, 404). */
	listOrganizations(options?: CallOptions): Promise<readonly Organization[]>;
	/** The accounts the credential sees, or those of one organization. */
	listAccounts(
		options?: CallOptions & {readonly organizationId?: string | undefined},
	): Promise<readonly Account[]>;
	listPools(accountId: string, options?: CallOptions): Promise<readonly Pool[]>;
	listActiveSessions(accountId: string, options?: CallOptions): Promise<readonly Session[]>;
	getSession(accountId: string, sessionId: string, options?: CallOptions): Promise<Session>;
	closeSession(accountId: string, sessionId: string, options?: CallOptions): Promise<CloseOutcome>;
	/** Cancels calls still running and releases keep-alive sockets; the client is done after. */
	close(): void;
};

/** Options of the client: where, who, and the transport's knobs (timeout, retries, fetch, clock). */
export type ClientOptions = Omit<TransportOptions, 'auth'> & {
	readonly credentials: Credentials;
};

/** Whether an id can stand as one segment of a URL path: not empty, not "." or "..". */
export function isSafeId(id: string): boolean {
	return id !== '' && id !== '.' && id !== '..';
}

/**
 * A URL path from a template whose every interpolated value is an id: each is checked with
 * `isSafeId` and encoded (real ids contain dots and more). `method` names the call in the error.
 */
export function apiPath(method: string) {
	return (strings: TemplateStringsArray, ...ids: readonly string[]): string => {
		let path = strings[0] ?? '';
		for (const [index, id] of ids.entries()) {
			if (!isSafeId(id)) {
				throw new InvalidIdError({method, path: strings.join('…'), attempts: 0}, id);
			}

			path += encodeURIComponent(id) + (strings[index + 1] ?? '');
		}

		return path;
	};
}

/** A response body read as JSON, or the error that says it is not. */
function jsonBody(method: string, path: string, response: TransportResponse): unknown {
	const context = {method, path, status: response.status, attempts: response.attempts};
	if (response.text.trim() === '') {
		return undefined;
	}

	try {
		return JSON.parse(response.text);
	} catch {
		throw new BadResponseError(context, 'the body is not JSON');
	}
}

/**
 * A query string, `?` first, its values encoded: `apiQuery({organization_id: id})`. Undefined
 * values are left out.
 */
export function apiQuery(values: Readonly<Record<string, string | number | undefined>>): string {
	const query = new URLSearchParams();
	for (const [name, value] of Object.entries(values)) {
		if (value !== undefined) {
			query.set(name, String(value));
		}
	}

	const text = query.toString();
	return text === '' ? '' : `?${text}`;
}

/** Items a page of a paged list is asked for; a server may send fewer, its own page size. */
const pageLimit = 100;
/** Pages read at most, whatever a server answers: 100,000 organizations. */
const maxPages = 1000;

/** How many lists' last answers a client keeps (see `list`). */
const keptLists = 4;

/** A client for one Frame API base URL, signing every attempt with the credentials. */
export function createFrameClient(options: ClientOptions): FrameClient {
	const {credentials, ...transportOptions} = options;
	const transport = createTransport({...transportOptions, auth: frameAuth(credentials)});
	const get = apiPath('GET');
	// The last answers (their digests, not megabytes of text) of the few lists read last, and what
	// they gave: the app refreshes the same lists every few seconds, and an answer the same to the
	// byte as the last is the same list, not 10,000 records to parse and check again (the lists
	// handed out are never changed). A few lists: a screen refreshes two (pools and sessions).
	const lastLists = new Map<
		string,
		{readonly digest: string; readonly items: readonly unknown[]}
	>();
	const digestOf = (text: string) => createHash('sha256').update(text).digest('base64');

	async function list<T>(
		path: string,
		parse: (value: unknown) => T | undefined,
		callOptions: CallOptions | undefined,
	): Promise<readonly T[]> {
		const response = await transport.request('GET', path, callOptions);
		const digest = digestOf(response.text);
		const last = lastLists.get(path);
		if (last?.digest === digest) {
			return last.items as readonly T[];
		}

		const items = unwrapList(jsonBody('GET', path, response));
		if (items === undefined) {
			throw new BadResponseError(
				{method: 'GET', path, status: response.status, attempts: response.attempts},
				'expected a list',
			);
		}

		const parsed: T[] = [];
		for (const item of items) {
			const value = parse(item);
			if (value !== undefined) {
				parsed.push(value);
			}
		}

		lastLists.delete(path);
		lastLists.set(path, {digest, items: parsed});
		// The oldest goes first; a Map keeps the order things were set in.
		for (const old of lastLists.keys()) {
			if (lastLists.size <= keptLists) {
				break;
			}

			lastLists.delete(old);
		}

		return parsed;
	}

	/**
	 * Every page of a list paged with `offset` and `limit`, read until a page comes back empty:
	 * a short page may only be the server's own page size. A page that adds nothing (a server that
	 * ignores `offset`) ends it too; a list that never ends is an error, not a list cut short. Items without a usable id are skipped, as in `list`.
	 */
	async function pagedList<T extends {readonly id: string}>(
		path: string,
		parse: (value: unknown) => T | undefined,
		callOptions: CallOptions | undefined,
	): Promise<readonly T[]> {
		const found = new Map<string, T>();
		let offset = 0;
		for (let page = 0; page < maxPages; page++) {
			const pagePath = `${path}${apiQuery({offset, limit: pageLimit})}`;
			const response = await transport.request('GET', pagePath, callOptions);
			const items = unwrapList(jsonBody('GET', pagePath, response));
			if (items === undefined) {
				throw new BadResponseError(
					{method: 'GET', path: pagePath, status: response.status, attempts: response.attempts},
					'expected a list',
				);
			}

			const before = found.size;
			for (const item of items) {
				const value = parse(item);
				if (value !== undefined && !found.has(value.id)) {
					found.set(value.id, value);
				}
			}

			if (items.length === 0 || found.size === before) {
				return [...found.values()];
			}

			offset += items.length;
		}

		throw new BadResponseError(
			{method: 'GET', path, status: 200, attempts: 1},
			`the list did not end after ${maxPages} pages`,
		);
	}

	return {
		listOrganizations: (callOptions) =>
			pagedList(get`/organizations`, parseOrganization, callOptions),
		listAccounts: ({organizationId, ...callOptions} = {}) =>
			list(
				`${get`/accounts`}${apiQuery({organization_id: organizationId})}`,
				parseAccount,
				callOptions,
			),
		listPools: async (accountId, callOptions) =>
			list(get`/accounts/${accountId}/pools`, parsePool, callOptions),
		listActiveSessions: async (accountId, callOptions) =>
			list(get`/accounts/${accountId}/active_sessions`, parseSession, callOptions),
		async getSession(accountId, sessionId, callOptions) {
			const path = get`/accounts/${accountId}/sessions/${sessionId}`;
			const response = await transport.request('GET', path, callOptions);
			const session = parseSession(jsonBody('GET', path, response));
			if (session === undefined) {
				throw new BadResponseError(
					{method: 'GET', path, status: response.status, attempts: response.attempts},
					'expected a session',
				);
			}

			return session;
		},
		async closeSession(accountId, sessionId, callOptions) {
			const path = apiPath('DELETE')`/accounts/${accountId}/sessions/${sessionId}`;
			try {
				// Any 2xx means the session is closing, whatever the body says or lacks.
				const response = await transport.request('DELETE', path, {
					...callOptions,
					bodyless: true,
				});
				return {outcome: 'closed', attempts: response.attempts, status: response.status};
			} catch (error) {
				if (error instanceof NotFoundError) {
					return {outcome: 'already_closed', attempts: error.attempts, status: 404};
				}

				throw error;
			}
		},
		close: () => transport.close(),
	};
}
