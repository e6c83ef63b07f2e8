import type {FrameClient} from '../api/client.js';
import {linkedSignal} from '../api/signals.js';
import {openStates, type Pool, type Session} from '../api/types.js';

/** Which sessions to act on; absent parts match everything. */
export type SessionFilter = {
	/** Pools by external id or by name (case-insensitive). */
	readonly pools?: readonly string[];
	/** A pool kind, case-insensitive. */
	readonly kind?: string;
};

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

/** Finds pools by external id or name; `unknown` lists the references that matched none. */
export function findPools(
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
	const counts = new Map<string | undefined, number>();
	for (const session of sessions) {
		counts.set(session.pool_id, (counts.get(session.pool_id) ?? 0) + 1);
	}

	return [...counts]
		.map(([poolId, count]) => ({poolId, pool: poolId ? poolsById.get(poolId) : undefined, count}))
		.sort((a, b) => b.count - a.count);
}

/** A pool as people read it: "Air 8GB (production)", falling back to its id. */
export function describePool(pool: Pool | undefined, poolId?: string): string {
	if (!pool) {
		return poolId ? `pool ${poolId}` : 'no pool';
	}

	const name = pool.name ?? pool.external_id;
	return pool.kind ? `${name} (${pool.kind})` : name;
}

/**
 * An account's pools and active sessions, fetched side by side. When one fetch fails the other
 * is cancelled, so its retries do not outlive the error.
 */
export async function loadPoolsAndSessions(
	client: Pick<FrameClient, 'listPools' | 'listActiveSessions'>,
	accountId: string,
	signal?: AbortSignal,
): Promise<{readonly pools: readonly Pool[]; readonly sessions: readonly Session[]}> {
	const siblings = linkedSignal([signal]);
	const options = {signal: siblings.signal};
	const cancelOthersOnError = <T>(promise: Promise<T>) =>
		promise.catch((error: unknown) => {
			siblings.abort();
			throw error;
		});
	try {
		const [pools, sessions] = await Promise.all([
			cancelOthersOnError(client.listPools(accountId, options)),
			cancelOthersOnError(client.listActiveSessions(accountId, options)),
		]);
		return {pools, sessions};
	} finally {
		siblings.dispose();
	}
}
