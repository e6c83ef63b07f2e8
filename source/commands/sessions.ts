import type {Account, Pool, Session} from '../api/types.js';
import {describeError} from '../errors.js';
import {plural} from '../format/text.js';
import {describeAccount, loadSelection, unknownKind} from '../ops/select.js';
import {newestFirst} from '../ops/session-order.js';
import {type SessionRecord, sessionFields, sessionRecord} from '../ops/session-record.js';
import {println} from '../output.js';
import type {CommandContext} from './context.js';
import {sessionColumns} from './list.js';
import {printListing} from './listing.js';
import {checkAccountFlags, mergedPools, narrowSelection, readEveryAccount} from './selection.js';

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
	checkAccountFlags(flags);
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
	const {parts, unread} = await readEveryAccount(context);
	for (const {account, error} of unread) {
		println(
			context.io.stderr,
			`frame-tui: ${describeAccount(account)} could not be read, so its sessions are not listed: ${describeError(error).line}`,
		);
	}

	const sessions = parts.flatMap(({account, poolsById: pools, sessions: chosen}) =>
		listed(chosen, pools, account),
	);
	return {sessions, poolsById: mergedPools(parts), unread: unread.length};
}
