/**
 * The sessions a headless command selects: narrowed by the selection flags (`--older-than`,
 * `--user`, …), in one account or in every account at once (`--all-accounts [--org]`), where an
 * account that cannot be read is kept with why, never silently left out.
 */
import type {Account, Organization, Pool, Session} from '../api/types.js';
import {UsageError} from '../errors.js';
import {plural} from '../format/text.js';
import {loadEveryAccount, splitLoads, type UnreadAccount} from '../ops/all-accounts.js';
import {resolveOrganization} from '../ops/organizations.js';
import {describeAccount, filterSessions, indexPools} from '../ops/select.js';
import {factsOfSession, flagTerms, narrowSessions} from '../ops/session-query.js';
import {println} from '../output.js';
import type {CommandContext} from './context.js';

/**
 * The sessions the selection flags keep (`--older-than`, `--user`, …); those left out only for
 * having no start time are counted on stderr, so none seems forgotten.
 */
export function narrowSelection(
	context: CommandContext,
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
	account?: Account,
): readonly Session[] {
	const {kept, undated} = narrowSessions(
		sessions,
		(session) => factsOfSession(session, poolsById, account?.name),
		flagTerms(context.flags),
		context.now(),
	);
	if (undated > 0) {
		println(
			context.io.stderr,
			`${plural(undated, 'session')} without a start time left out${account ? ` in ${describeAccount(account)}` : ''}: a filter of age never matches ${undated === 1 ? 'it' : 'them'}`,
		);
	}

	return kept;
}

/**
 * `--all-accounts` reads every account, so no `--account` or `--pool` (pool ids are each
 * account's); `--org` chooses among the accounts of `--all-accounts`, so not without it.
 */
export function checkAccountFlags(flags: CommandContext['flags']): void {
	if (flags.allAccounts && (flags.account !== undefined || flags.pool.length > 0)) {
		throw new UsageError(
			'--all-accounts reads every account: leave out --account and --pool (--kind chooses pools in each)',
		);
	}

	if (!flags.allAccounts && flags.org !== undefined) {
		throw new UsageError('--org chooses the accounts of --all-accounts: give both, or --account');
	}
}

/** One account of a read of every account: its pools, and the sessions the flags chose there. */
export type AccountPart = {
	readonly account: Account;
	readonly pools: readonly Pool[];
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly sessions: readonly Session[];
};

export type {UnreadAccount};

/** Every account at once: the organization of `--org`, the accounts read, those not read. */
export type AccountsRead = {
	readonly organization: Organization | undefined;
	readonly parts: readonly AccountPart[];
	readonly unread: readonly UnreadAccount[];
};

/**
 * Every active account (of `--org`, when given), read a few at a time; in each, the sessions of
 * `--kind`, then those `keep` keeps (all by default), then those the selection flags keep.
 */
export async function readEveryAccount(
	context: CommandContext,
	keep: (sessions: readonly Session[]) => readonly Session[] = (sessions) => sessions,
): Promise<AccountsRead> {
	const {client, flags} = context;
	checkAccountFlags(flags);
	const organization =
		flags.org === undefined ? undefined : await resolveOrganization(client, flags.org);
	const parts: AccountPart[] = [];
	const {read, unread} = splitLoads(
		await loadEveryAccount(client, {organizationId: organization?.id}),
	);
	for (const load of read) {
		const {account, pools} = load;
		const poolsById = indexPools(pools);
		const chosen = keep(filterSessions(load.sessions, poolsById, {kind: flags.kind}));
		const sessions = narrowSelection(context, chosen, poolsById, account);
		parts.push({account, pools, poolsById, sessions});
	}

	return {organization, parts, unread};
}

/** The pools of every account read, by external id (unique across accounts, as Frame makes them). */
export function mergedPools(
	parts: readonly {readonly poolsById: ReadonlyMap<string, Pool>}[],
): ReadonlyMap<string, Pool> {
	return new Map(parts.flatMap(({poolsById}) => [...poolsById]));
}
