import type {Account, Pool, Session} from '../api/types.js';
import {describeError, UsageError} from '../errors.js';
import {plural} from '../format/text.js';
import {activeAccounts, failedLoad, loadAccounts} from '../ops/all-accounts.js';
import {resolveOrganization} from '../ops/organizations.js';
import {
	describeAccount,
	filterSessions,
	indexPools,
	loadSelection,
	unknownKind,
} from '../ops/select.js';
import {newestFirst} from '../ops/session-order.js';
import {factsOfSession, flagTerms, narrowSessions} from '../ops/session-query.js';
import {type SessionRecord, sessionFields, sessionRecord} from '../ops/session-record.js';
import {println} from '../output.js';
import type {CommandContext} from './context.js';
import {sessionColumns} from './list.js';
import {printListing} from './listing.js';

/** The sessions of one account, as listed: each with its pool's name and kind, and the account. */
function listed(
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
	account: Account,
): SessionRecord[] {
	return sessions.map((session) => sessionRecord(session, poolsById, account));
}

/**
 * `frame-tui sessions --account ID [--pool ID ...] [--kind KIND]`, or `--all-accounts [--org
 * ID]`: the active sessions, newest first. Every account read at once is one table with an
 * account column; an account that cannot be read is named on stderr, and the exit code is 1.
 */
export async function sessionsCommand(context: CommandContext): Promise<number> {
	const {io, flags, now} = context;
	const {sessions, poolsById, unread} = flags.allAccounts
		? await everyAccount(context)
		: await oneAccount(context);
	const rows = newestFirst(sessions);
	const columns = sessionColumns(poolsById, now());
	printListing<SessionRecord>(io, flags.output, flags.headers, {
		rows,
		columns: flags.allAccounts
			? [
					{header: 'account', value: (session) => session.account_name ?? session.account_id},
					...columns,
				]
			: columns,
		fields: sessionFields,
		json: () => rows,
		empty: 'No active sessions.',
		footer: plural(rows.length, 'active session'),
	});
	return unread > 0 ? 1 : 0;
}

/** What a listing of sessions holds: the sessions, their pools, and how many accounts went unread. */
type Found = {
	readonly sessions: readonly SessionRecord[];
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly unread: number;
};

async function oneAccount(context: CommandContext): Promise<Found> {
	if (context.flags.org !== undefined) {
		throw new UsageError('--org chooses the accounts of --all-accounts: give both, or --account');
	}

	const selection = await loadSelection(context.client, context.flags);
	const {poolsById, account} = selection;
	// Listing by a kind an account lacks is no error (a script goes through many accounts), but a
	// typo should not read as an empty account.
	const kindProblem = unknownKind(selection.pools, context.flags.kind, account);
	if (kindProblem !== undefined) {
		println(context.io.stderr, `frame-tui: ${kindProblem}`);
	}
	const narrowed = narrowSelection(context, selection.sessions, poolsById);
	return {sessions: listed(narrowed, poolsById, account), poolsById, unread: 0};
}

/** Every active account (of `--org`, when given), read a few at a time. */
async function everyAccount(context: CommandContext): Promise<Found> {
	const {client, flags, io} = context;
	if (flags.account !== undefined || flags.pool.length > 0) {
		throw new UsageError(
			'--all-accounts reads every account: leave out --account and --pool (--kind chooses pools in each)',
		);
	}

	const organization =
		flags.org === undefined ? undefined : await resolveOrganization(client, flags.org);
	const accounts = activeAccounts(await client.listAccounts({organizationId: organization?.id}));
	const loads = await loadAccounts(client, accounts);
	const sessions: SessionRecord[] = [];
	const poolsById = new Map<string, Pool>();
	let unread = 0;
	for (const load of loads) {
		if (failedLoad(load)) {
			unread++;
			println(
				io.stderr,
				`frame-tui: ${describeAccount(load.account)} could not be read, so its sessions are not listed: ${describeError(load.error).line}`,
			);
			continue;
		}

		const pools = indexPools(load.pools);
		for (const [id, pool] of pools) {
			poolsById.set(id, pool);
		}

		const chosen = filterSessions(load.sessions, pools, {kind: flags.kind});
		sessions.push(
			...listed(narrowSelection(context, chosen, pools, load.account), pools, load.account),
		);
	}

	return {sessions, poolsById, unread};
}

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
