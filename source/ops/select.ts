import type {CallOptions, FrameClient} from '../api/client.js';
import {ForbiddenError} from '../api/errors.js';
import {type Account, openStates, type Pool, type Session} from '../api/types.js';
import {UsageError} from '../errors.js';
import {idList} from '../format/text.js';

/** Sessions grouped by the pool they are in, for plans and confirmations. */
export type PoolShare = {
	readonly poolId: string | undefined;
	readonly pool: Pool | undefined;
	readonly count: number;
};

/** Whether a session is still open: a known open state, or no state at all (so we try). */
export function isOpen(session: Session): boolean {
	return session.state === undefined || openStates.includes(session.state);
}

/** The sessions a close may be sent for: the open ones, not those already closing. */
export function closable(sessions: readonly Session[]): readonly Session[] {
	return sessions.filter(isOpen);
}

/** How many sessions each pool has, by the pool's external id (undefined: no pool). */
export function countByPool(sessions: readonly Session[]): ReadonlyMap<string | undefined, number> {
	const counts = new Map<string | undefined, number>();
	for (const session of sessions) {
		counts.set(session.pool_id, (counts.get(session.pool_id) ?? 0) + 1);
	}

	return counts;
}

/** Finds pools by external id or name; `unknown` lists the references that matched none. */
function findPools(
	pools: readonly Pool[],
	references: readonly string[],
): {readonly matched: readonly Pool[]; readonly unknown: readonly string[]} {
	const matched = new Set<Pool>();
	const unknown: string[] = [];
	for (const reference of references) {
		const byId = pools.filter((pool) => pool.external_id === reference);
		const found =
			byId.length > 0
				? byId
				: pools.filter((pool) => pool.name?.toLowerCase() === reference.toLowerCase());
		if (found.length === 0) {
			unknown.push(reference);
		}

		for (const pool of found) {
			matched.add(pool);
		}
	}

	return {matched: [...matched], unknown};
}

/** Whether a pool is of a kind, compared case-insensitively (kinds are open strings). */
export function isKind(pool: Pool | undefined, kind: string): boolean {
	return pool?.kind?.toLowerCase() === kind.toLowerCase();
}

/**
 * Why `--kind` matches no pool of the account, when it does not (`prod` for `production`): the
 * kinds there are named.
 */
export function unknownKind(
	pools: readonly Pool[],
	kind: string | undefined,
	account: Account,
): string | undefined {
	if (kind === undefined || pools.some((pool) => isKind(pool, kind))) {
		return undefined;
	}

	const kinds = [...new Set(pools.flatMap((pool) => (pool.kind ? [pool.kind] : [])))];
	const there = kinds.length > 0 ? `kinds there: ${kinds.join(', ')}` : 'its pools have no kind';
	return `no pool of kind "${kind}" in account ${account.id}; ${there}`;
}

/** The sessions in the given pools (all when `pools` is undefined) whose pool has the kind. */
export function filterSessions(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
	filter: {readonly pools?: readonly Pool[]; readonly kind?: string},
): readonly Session[] {
	const poolIds = filter.pools && new Set(filter.pools.map((pool) => pool.external_id));
	return sessions.filter(
		(session) =>
			(!poolIds || poolIds.has(session.pool_id ?? '')) &&
			(filter.kind === undefined || isKind(poolsById.get(session.pool_id ?? ''), filter.kind)),
	);
}

/** Pools by external id. */
export function indexPools(pools: readonly Pool[]): ReadonlyMap<string, Pool> {
	return new Map(pools.map((pool) => [pool.external_id, pool]));
}

/** How many sessions fall in each pool, most first. */
export function sharesByPool(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
): readonly PoolShare[] {
	return [...countByPool(sessions)]
		.map(([poolId, count]) => ({poolId, pool: poolId ? poolsById.get(poolId) : undefined, count}))
		.sort((a, b) => b.count - a.count);
}

/**
 * A pool's name and its kind as a label ("(production)", empty without a kind), apart so that a
 * narrow cell can cut the name and keep the label whole; falling back to the pool's id.
 */
export function poolParts(
	pool: Pool | undefined,
	poolId?: string,
): {readonly name: string; readonly kind: string} {
	if (!pool) {
		return {name: poolId ? `pool ${poolId}` : 'no pool', kind: ''};
	}

	return {name: pool.name ?? pool.external_id, kind: pool.kind ? `(${pool.kind})` : ''};
}

/** A pool as people read it: "Air 8GB (production)", falling back to its id. */
export function describePool(pool: Pool | undefined, poolId?: string): string {
	const {name, kind} = poolParts(pool, poolId);
	return kind ? `${name} ${kind}` : name;
}

/**
 * An account's pools and active sessions, fetched side by side. When one fetch fails the other
 * is cancelled, so its retries do not outlive the error; `onRetry` hears of both fetches' retries.
 */
export async function loadPoolsAndSessions(
	client: Pick<FrameClient, 'listPools' | 'listActiveSessions'>,
	accountId: string,
	signal?: AbortSignal,
	onRetry?: CallOptions['onRetry'],
): Promise<{readonly pools: readonly Pool[]; readonly sessions: readonly Session[]}> {
	// One list failing cancels the other.
	const siblings = new AbortController();
	const options = {
		signal: signal ? AbortSignal.any([signal, siblings.signal]) : siblings.signal,
		onRetry,
	};
	const cancelOthersOnError = <T>(promise: Promise<T>) =>
		promise.catch((error: unknown) => {
			siblings.abort();
			throw error;
		});
	const [pools, sessions] = await Promise.all([
		cancelOthersOnError(client.listPools(accountId, options)),
		cancelOthersOnError(client.listActiveSessions(accountId, options)),
	]);
	return {pools, sessions};
}

/** The account named by `--account`: its id, or its name when that is unique. */
export async function resolveAccount(
	client: FrameClient,
	reference: string | undefined,
): Promise<Account> {
	if (!reference) {
		throw new UsageError('--account is required: "frame-tui accounts" lists the accounts');
	}

	let accounts: readonly Account[];
	try {
		accounts = await client.listAccounts();
	} catch (error) {
		// Credentials scoped to one account may not list accounts; take the id as given.
		if (error instanceof ForbiddenError) {
			return {id: reference};
		}

		throw error;
	}

	const byId = accounts.find((account) => account.id === reference);
	if (byId) {
		return byId;
	}

	const byName = accounts.filter(
		(account) => account.name?.toLowerCase() === reference.toLowerCase(),
	);
	if (byName.length > 1) {
		throw new UsageError(`${byName.length} accounts are named "${reference}": use the account id`);
	}

	if (!byName[0]) {
		throw new UsageError(`no account "${reference}": "frame-tui accounts" lists the accounts`);
	}

	return byName[0];
}

/** An account as people read it: "Tradeshow Demo (gateway-prod.664366)". */
export function describeAccount(account: Account): string {
	return account.name ? `${account.name} (${account.id})` : account.id;
}

/** Which account, and which of its pools and kinds, a command is about. */
export type SelectionFlags = {
	readonly account: string | undefined;
	readonly pool: readonly string[];
	readonly kind: string | undefined;
};

/** The account, its pools, and its active sessions narrowed by `--pool` and `--kind`. */
export async function loadSelection(client: FrameClient, flags: SelectionFlags) {
	const account = await resolveAccount(client, flags.account);
	const {pools, sessions} = await loadPoolsAndSessions(client, account.id);
	const found = findPools(pools, flags.pool);
	if (found.unknown.length > 0) {
		const there = pools.map((pool) => pool.name ?? pool.external_id);
		throw new UsageError(
			`no pool ${found.unknown.map((reference) => `"${reference}"`).join(', ')} in account ${account.id}; ${there.length > 0 ? `pools there: ${idList(there)}` : 'it has no pools'}`,
		);
	}

	const selectedPools = flags.pool.length > 0 ? found.matched : undefined;
	const poolsById = indexPools(pools);
	const filter = {pools: selectedPools, kind: flags.kind};
	return {
		account,
		pools,
		poolsById,
		sessions: filterSessions(sessions, poolsById, filter),
		allSessions: sessions,
	};
}
