import {openStates, type Session} from '../api/types.js';
import type {SimClient} from './auth.js';
import type {RawOrganization, SimAccount, SimSession} from './data.js';

/** What the simulator answers: a status, a JSON body (a string is sent as it is), headers. */
export type Reply = {
	readonly status: number;
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
};

/** What routing reads and changes: the seeded data, the clock and the knobs that shape answers. */
export type RouteContext = {
	readonly data: ReadonlyMap<string, SimAccount>;
	readonly organizations: readonly RawOrganization[];
	/** The most items a page of `/organizations` holds, whatever `limit` asks. */
	readonly pageSize: number;
	readonly now: number;
	readonly closeDelayMs: number;
	readonly listShape: 'bare' | 'data' | 'items';
};

/** States `active_sessions` lists: open ones, and those still closing. */
const activeStates: ReadonlySet<string> = new Set([...openStates, 'closing']);

/** A session as the API shows it now: a close whose delay has passed reads as closed. */
export function sessionView(session: SimSession, now: number): Session {
	const {closingUntil, ...fields} = session;
	return session.state === 'closing' && (closingUntil ?? 0) <= now
		? {...fields, state: 'closed'}
		: fields;
}

/** The account's sessions that `active_sessions` lists now. */
export function activeSessions(world: SimAccount | undefined, now: number): Session[] {
	return [...(world?.sessions.values() ?? [])]
		.map((session) => sessionView(session, now))
		.filter((session) => activeStates.has(session.state ?? ''));
}

const notFound = (message: string): Reply => ({status: 404, body: {message}});

/** Whether the credential sees this account: all of them, those of its organization, or its one. */
function sees(client: SimClient, world: SimAccount): boolean {
	const {scope} = client;
	return scope === undefined
		? true
		: 'organization' in scope
			? world.organizationId === scope.organization
			: world.account.id === scope.account;
}

/** A whole number from the query, if it is one. */
function queryNumber(query: URLSearchParams, name: string): number | undefined {
	const value = query.get(name);
	return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * `GET /organizations[/{id}]`, as Frame's docs describe it: paged by `offset` and `limit` (at
 * most `pageSize` a page), filtered by `name`. A credential scoped to an organization is refused
 * with 403, one scoped to an account with 404: they see no organization level.
 */
function organizationsRoute(
	context: RouteContext,
	client: SimClient,
	id: string | undefined,
	query: URLSearchParams,
	list: (items: readonly unknown[]) => Reply,
): Reply {
	if (client.scope !== undefined) {
		return 'organization' in client.scope
			? {status: 403, body: {message: 'these credentials cannot list organizations'}}
			: notFound('no such endpoint');
	}

	if (id !== undefined) {
		const found = context.organizations.find((organization) => organization.id === id);
		return found ? {status: 200, body: found} : notFound(`organization ${id} not found`);
	}

	const name = query.get('name')?.toLowerCase();
	const matching = context.organizations.filter(
		(organization) => name === undefined || organization.name.toLowerCase().includes(name),
	);
	const offset = queryNumber(query, 'offset') ?? 0;
	const limit = Math.min(queryNumber(query, 'limit') ?? 20, context.pageSize);
	return list(matching.slice(offset, offset + limit));
}

/** Answers one authenticated request to the endpoints of frame-api.md: accounts, pools, sessions, organizations. */
export function route(
	context: RouteContext,
	method: string,
	segments: readonly string[],
	client: SimClient,
	query: URLSearchParams = new URLSearchParams(),
): Reply {
	const list = (items: readonly unknown[]): Reply => ({
		status: 200,
		body: context.listShape === 'bare' ? items : {[context.listShape]: items},
	});
	const [root, accountId, collection, sessionId, ...rest] = segments;
	if (root === 'organizations' && collection === undefined) {
		return method === 'GET'
			? organizationsRoute(context, client, accountId, query, list)
			: {status: 405, body: {message: `${method} is not allowed here`}};
	}

	if (root !== 'accounts' || rest.length > 0) {
		return notFound('no such endpoint');
	}

	if (method !== 'GET' && !(method === 'DELETE' && sessionId !== undefined)) {
		return {status: 405, body: {message: `${method} is not allowed here`}};
	}

	if (accountId === undefined) {
		const organization = query.get('organization_id');
		const name = query.get('name');
		return list(
			[...context.data.values()]
				.filter(
					(entry) =>
						sees(client, entry) &&
						(organization === null || entry.organizationId === organization) &&
						(name === null || entry.account.name === name),
				)
				.map((entry) => entry.account),
		);
	}

	const world = context.data.get(accountId);
	if (!world || !sees(client, world)) {
		return notFound(`account ${accountId} not found`);
	}

	if (collection === undefined) {
		return {status: 200, body: {...world.account, kind: 'frame'}};
	}

	if (collection === 'pools' && sessionId === undefined) {
		return list(world.pools);
	}

	if (collection === 'active_sessions' && sessionId === undefined) {
		return list(activeSessions(world, context.now));
	}

	const session = sessionId === undefined ? undefined : world.sessions.get(sessionId);
	if (collection !== 'sessions' || sessionId === undefined) {
		return notFound('no such endpoint');
	}

	if (!session) {
		return notFound(`session ${sessionId} not found`);
	}

	const current = sessionView(session, context.now);
	if (method === 'GET') {
		return {status: 200, body: current};
	}

	if (client.role !== 'admin') {
		return {
			status: 403,
			body: {message: 'the API role of these credentials cannot close sessions'},
		};
	}

	if (!openStates.includes(current.state ?? '')) {
		// A second close of a session still closing is accepted again; a closed one is gone.
		return current.state === 'closing'
			? {status: 202}
			: notFound(`session ${sessionId} is not active`);
	}

	session.state = context.closeDelayMs > 0 ? 'closing' : 'closed';
	if (context.closeDelayMs > 0) {
		session.closingUntil = context.now + context.closeDelayMs;
	}

	return {status: 202};
}
