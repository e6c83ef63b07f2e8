/**
 * Frame's data as the API sends it: snake_case fields, every one but the id optional, unknown
 * fields kept. Parsers coerce what is there and drop what has the wrong type, never throw on it.
 */

/** An account visible to the credentials. */
export type Account = {
	readonly id: string;
	readonly name?: string;
	readonly description?: string;
	readonly website?: string;
	readonly last_publish?: string;
	readonly active?: boolean;
	readonly [field: string]: unknown;
};

/** An organization: a customer's group of accounts (`GET /organizations`). */
export type Organization = {
	readonly id: string;
	readonly name?: string;
	readonly url_slug?: string;
	readonly description?: string;
	readonly website?: string;
	readonly [field: string]: unknown;
};

/** A pool of an account; `kind` is an open string (production, test, sandbox, …). */
export type Pool = {
	readonly external_id: string;
	readonly name?: string;
	readonly kind?: string;
	readonly [field: string]: unknown;
};

/**
 * Where a session keeps the fields the API sent with a type the parser could not use (a `state`
 * that is an object): only on such a session, out of JSON and of `Object.entries`, for the
 * details pane, which shows every field the API returned.
 */
export const unusedFields: unique symbol = Symbol('fields the parser could not use');

/** An active (or closing) session; `pool_id` matches a pool's `external_id`. */
export type Session = {
	readonly [unusedFields]?: Readonly<Record<string, unknown>>;
	readonly id: string;
	readonly pool_id?: string;
	readonly state?: string;
	readonly user_email?: string;
	readonly user_id?: string;
	readonly started_at?: string;
	readonly [field: string]: unknown;
};

/** States in which Frame counts a session as open; anything else is closing or closed. */
export const openStates: readonly string[] = ['init', 'reserved', 'open'];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asId(value: unknown): string | undefined {
	if (typeof value === 'string' && value !== '') {
		return value;
	}

	return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function asString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * The raw record with the named fields coerced to strings, and absent where they are not. Built
 * without `delete`, which would put each of thousands of records in V8's slower, larger
 * dictionary mode.
 */
function withStrings(raw: Json, fields: readonly string[], booleans: readonly string[] = []): Json {
	const result: Json = {};
	for (const [key, value] of Object.entries(raw)) {
		const coerced = fields.includes(key)
			? asString(value)
			: booleans.includes(key)
				? typeof value === 'boolean'
					? value
					: undefined
				: value;
		if (coerced !== undefined) {
			result[key] = coerced;
		}
	}

	return result;
}

/** The list inside a response: a bare array, or one wrapped as `data` or `items`; else undefined. */
export function unwrapList(body: unknown): readonly unknown[] | undefined {
	if (Array.isArray(body)) {
		return body;
	}

	if (isRecord(body)) {
		for (const key of ['data', 'items', 'results']) {
			const inner = body[key];
			if (Array.isArray(inner)) {
				return inner;
			}
		}
	}

	return undefined;
}

/** An account from the API, or undefined when it has no usable id. */
export function parseAccount(value: unknown): Account | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	const id = asId(value.id);
	if (id === undefined) {
		return undefined;
	}

	return {
		...withStrings(value, ['name', 'description', 'website', 'last_publish'], ['active']),
		id,
	};
}

/** An organization from the API, or undefined when it has no usable id. */
export function parseOrganization(value: unknown): Organization | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	const id = asId(value.id);
	return id === undefined
		? undefined
		: {...withStrings(value, ['name', 'url_slug', 'description', 'website']), id};
}

/** A pool from the API, or undefined when it has no usable external id. */
export function parsePool(value: unknown): Pool | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	const externalId = asId(value.external_id) ?? asId(value.id);
	if (externalId === undefined) {
		return undefined;
	}

	return {...withStrings(value, ['name', 'kind']), external_id: externalId};
}

const sessionStrings = ['pool_id', 'state', 'user_email', 'user_id', 'started_at', 'inserted_at'];

/** A session from the API, or undefined when it has no usable id. */
export function parseSession(value: unknown): Session | undefined {
	if (!isRecord(value)) {
		return undefined;
	}

	const id = asId(value.id);
	if (id === undefined) {
		return undefined;
	}

	const session: Json = {...withStrings(value, sessionStrings), id};
	const unused = sessionStrings.filter(
		(key) => Object.hasOwn(value, key) && session[key] === undefined,
	);
	if (unused.length > 0) {
		Object.defineProperty(session, unusedFields, {
			value: Object.fromEntries(unused.map((key) => [key, value[key]])),
		});
	}

	return session as Session;
}

/** Who a session belongs to, as well as the API says: email, then user id. */
export function sessionUser(session: Session): string | undefined {
	return session.user_email ?? session.user_id;
}

/** When a session started, as an ISO string, from whichever field the API sent. */
export function sessionStart(session: Session): string | undefined {
	return session.started_at ?? asString(session.inserted_at);
}

/** A time the API sent, which may lack a zone (then it is UTC), in epoch ms; NaN when unreadable. */
export function parseApiTime(value: string | undefined): number {
	if (value === undefined) {
		return Number.NaN;
	}

	const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(value);
	return Date.parse(hasZone || !value.includes('T') ? value : `${value}Z`);
}
