/**
 * Every account at once: each active account's pools and sessions, read a few accounts at a
 * time (one credential, one rate limit), each account's outcome kept on its own. An account
 * that cannot be read is named with why, never silently left out.
 */
import type {CallOptions, FrameClient} from '../api/client.js';
import type {Account, Pool, Session} from '../api/types.js';
import {idList, plural} from '../format/text.js';
import {loadPoolsAndSessions} from './select.js';

/** Accounts read at once: the client's pacer and retries still see every request. */
export const accountConcurrency = 6;

/** One account's read: its pools and sessions, or why it could not be read. */
export type AccountLoad =
	| {
			readonly account: Account;
			readonly pools: readonly Pool[];
			readonly sessions: readonly Session[];
	  }
	| {readonly account: Account; readonly error: unknown};

/** Whether an account's read failed. */
export function failedLoad(
	load: AccountLoad,
): load is {readonly account: Account; readonly error: unknown} {
	return 'error' in load;
}

/** The accounts an "every account" view covers: all but those the API says are inactive. */
export function activeAccounts(accounts: readonly Account[]): readonly Account[] {
	return accounts.filter((account) => account.active !== false);
}

/**
 * Reads every account's pools and sessions, `concurrency` accounts at a time, in the accounts'
 * order; `onProgress` hears after each account (done of total).
 */
export async function loadAccounts(
	client: Pick<FrameClient, 'listPools' | 'listActiveSessions'>,
	accounts: readonly Account[],
	options: {
		readonly concurrency?: number;
		readonly signal?: AbortSignal;
		readonly onRetry?: CallOptions['onRetry'];
		readonly onProgress?: (done: number, total: number) => void;
	} = {},
): Promise<readonly AccountLoad[]> {
	const loads: AccountLoad[] = new Array(accounts.length);
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < accounts.length) {
			const index = next++;
			const account = accounts[index] as Account;
			try {
				const {pools, sessions} = await loadPoolsAndSessions(
					client,
					account.id,
					options.signal,
					options.onRetry,
				);
				loads[index] = {account, pools, sessions};
			} catch (error) {
				// A stop is the caller's, not the account's.
				if (options.signal?.aborted) {
					throw error;
				}

				loads[index] = {account, error};
			}

			done++;
			options.onProgress?.(done, accounts.length);
		}
	};

	const workers = Math.max(1, Math.min(options.concurrency ?? accountConcurrency, accounts.length));
	await Promise.all(Array.from({length: workers}, worker));
	return loads;
}

/** An account whose read worked: its pools and sessions. */
export type ReadAccount = Exclude<AccountLoad, {readonly error: unknown}>;

/** An account that could not be read, and why. */
export type UnreadAccount = {readonly account: Account; readonly error: unknown};

/**
 * The accounts read and those not. A session id an earlier account already listed makes the later
 * account unread, named with the ids: its closes would be sent to the wrong account, where a 404
 * reads as already closed while the session stays open.
 */
export function splitLoads(loads: readonly AccountLoad[]): {
	readonly read: readonly ReadAccount[];
	readonly unread: readonly UnreadAccount[];
} {
	const read: ReadAccount[] = [];
	const unread: UnreadAccount[] = [];
	const owner = new Map<string, Account>();
	for (const load of loads) {
		if (failedLoad(load)) {
			unread.push(load);
			continue;
		}

		const shared = load.sessions.filter((session) => owner.has(session.id));
		if (shared.length > 0) {
			const other = owner.get(shared[0]?.id ?? '');
			unread.push({
				account: load.account,
				error: new Error(
					`${plural(shared.length, 'session id')} also listed in account ${other?.id}: ${idList(shared.map((session) => session.id))}`,
				),
			});
			continue;
		}

		for (const session of load.sessions) {
			owner.set(session.id, load.account);
		}

		read.push(load);
	}

	return {read, unread};
}

/** Every account read at once, as one list: the sessions, their pools and accounts, and the unread. */
export type EveryAccount = {
	/** The accounts read, in their order. */
	readonly accounts: readonly Account[];
	readonly sessions: readonly Session[];
	/** Every account's pools; a pool's id is the API's, unique across accounts. */
	readonly poolsById: ReadonlyMap<string, Pool>;
	/** Each session's account, by session id. */
	readonly accountOf: ReadonlyMap<string, Account>;
	/** The accounts that could not be read, each with why. */
	readonly unread: readonly UnreadAccount[];
};

/** The loads of every account as one list. */
export function mergeLoads(loads: readonly AccountLoad[]): EveryAccount {
	const accounts: Account[] = [];
	const sessions: Session[] = [];
	const poolsById = new Map<string, Pool>();
	const accountOf = new Map<string, Account>();
	const {read, unread} = splitLoads(loads);
	for (const load of read) {
		accounts.push(load.account);
		for (const pool of load.pools) {
			poolsById.set(pool.external_id, pool);
		}

		for (const session of load.sessions) {
			sessions.push(session);
			accountOf.set(session.id, load.account);
		}
	}

	return {accounts, sessions, poolsById, accountOf, unread};
}

/**
 * Every active account the credential sees (of one organization, when given), read a few at a
 * time: `onProgress` hears after each account.
 */
export async function loadEveryAccount(
	client: Pick<FrameClient, 'listAccounts' | 'listPools' | 'listActiveSessions'>,
	options: {
		readonly organizationId?: string | undefined;
		readonly signal?: AbortSignal;
		readonly onRetry?: CallOptions['onRetry'];
		readonly onProgress?: (done: number, total: number) => void;
	} = {},
): Promise<readonly AccountLoad[]> {
	const {organizationId, ...loading} = options;
	const accounts = activeAccounts(
		await client.listAccounts({
			organizationId,
			...(loading.signal ? {signal: loading.signal} : {}),
			...(loading.onRetry ? {onRetry: loading.onRetry} : {}),
		}),
	);
	loading.onProgress?.(0, accounts.length);
	return loadAccounts(client, accounts, loading);
}
