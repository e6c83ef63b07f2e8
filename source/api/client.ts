import {BadResponseError, NotFoundError} from './errors.js';
import type {Credentials} from './signing.js';
import {createTransport, frameAuth, type TransportOptions} from './transport.js';
import {
	type Account,
	type Pool,
	parseAccount,
	parsePool,
	parseSession,
	type Session,
	unwrapList,
} from './types.js';

/** How a close went: `already_closed` is a 404, the session was gone either way. */
export type CloseOutcome = {
	readonly outcome: 'closed' | 'already_closed';
	readonly attempts: number;
};

/** Per-call options: an abort signal for the whole call, retries included. */
export type CallOptions = {readonly signal?: AbortSignal};

/** The typed calls of Frame's Admin API that frame-tui uses. */
export type FrameClient = {
	listAccounts(options?: CallOptions): Promise<readonly Account[]>;
	listPools(accountId: string, options?: CallOptions): Promise<readonly Pool[]>;
	listActiveSessions(accountId: string, options?: CallOptions): Promise<readonly Session[]>;
	getSession(accountId: string, sessionId: string, options?: CallOptions): Promise<Session>;
	closeSession(accountId: string, sessionId: string, options?: CallOptions): Promise<CloseOutcome>;
	/** Releases keep-alive sockets; the client must not be used afterwards. */
	close(): void;
};

/** Options of the client: where, who, and the transport's knobs (timeout, retries, fetch, clock). */
export type ClientOptions = Omit<TransportOptions, 'auth'> & {
	readonly credentials: Credentials;
};

/** Builds a URL path from segments, each one encoded (real ids contain dots and more). */
export function apiPath(...segments: readonly string[]): string {
	return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}

/** A client for one Frame API base URL, signing every attempt with the credentials. */
export function createFrameClient(options: ClientOptions): FrameClient {
	const {credentials, ...transportOptions} = options;
	const transport = createTransport({...transportOptions, auth: frameAuth(credentials)});

	async function list<T>(
		path: string,
		parse: (value: unknown) => T | undefined,
		callOptions: CallOptions | undefined,
	): Promise<readonly T[]> {
		const response = await transport.request('GET', path, callOptions);
		const items = unwrapList(response.body);
		if (items === undefined) {
			throw new BadResponseError(
				{method: 'GET', path, status: response.status, attempts: response.attempts},
				'expected a list',
			);
		}

		return items.flatMap((item) => parse(item) ?? []);
	}

	return {
		listAccounts: (callOptions) => list(apiPath('accounts'), parseAccount, callOptions),
		listPools: (accountId, callOptions) =>
			list(apiPath('accounts', accountId, 'pools'), parsePool, callOptions),
		listActiveSessions: (accountId, callOptions) =>
			list(apiPath('accounts', accountId, 'active_sessions'), parseSession, callOptions),
		async getSession(accountId, sessionId, callOptions) {
			const path = apiPath('accounts', accountId, 'sessions', sessionId);
			const response = await transport.request('GET', path, callOptions);
			const session = parseSession(response.body);
			if (session === undefined) {
				throw new BadResponseError(
					{method: 'GET', path, status: response.status, attempts: response.attempts},
					'expected a session',
				);
			}

			return session;
		},
		async closeSession(accountId, sessionId, callOptions) {
			const path = apiPath('accounts', accountId, 'sessions', sessionId);
			try {
				const response = await transport.request('DELETE', path, callOptions);
				return {outcome: 'closed', attempts: response.attempts};
			} catch (error) {
				if (error instanceof NotFoundError) {
					return {outcome: 'already_closed', attempts: error.attempts};
				}

				throw error;
			}
		},
		close: () => transport.close(),
	};
}
