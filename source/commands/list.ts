import type {Pool, Session} from '../api/types.js';
import {sessionStart, sessionUser} from '../api/types.js';
import {formatTable} from '../format/table.js';
import {plural} from '../format/text.js';
import {formatAge, formatDateTime} from '../format/time.js';
import {countByPool, describePool, isKind, loadSelection} from '../ops/select.js';
import {newestFirst} from '../ops/session-order.js';
import {factsOfSession, flagTerms, narrowSessions} from '../ops/session-query.js';
import {printJson, printLines, println} from '../output.js';
import type {CommandContext} from './context.js';

/** `frame-tui accounts`: the accounts the credentials can see. */
export async function accountsCommand({client, io, flags}: CommandContext): Promise<number> {
	const accounts = await client.listAccounts();
	if (flags.json) {
		printJson(io.stdout, accounts);
	} else if (accounts.length === 0) {
		println(io.stdout, 'No accounts are visible to these credentials.');
	} else {
		printLines(
			io.stdout,
			formatTable(
				[
					{header: 'name', value: (account) => account.name ?? '—'},
					{header: 'id', value: (account) => account.id},
					{
						header: 'active',
						value: (account) =>
							account.active === undefined ? '—' : account.active ? 'yes' : 'no',
					},
					{header: 'last publish', value: (account) => formatDateTime(account.last_publish)},
				],
				accounts,
			),
		);
	}

	return 0;
}

/** `frame-tui pools --account ID [--kind KIND]`: pools with their active session counts. */
export async function poolsCommand(context: CommandContext): Promise<number> {
	const {io, flags} = context;
	const {pools, allSessions} = await loadSelection(context.client, {...flags, pool: []});
	const counts = countByPool(allSessions);

	const shown =
		flags.kind === undefined ? pools : pools.filter((pool) => isKind(pool, flags.kind ?? ''));
	const withCounts = shown.map((pool) => ({
		...pool,
		active_sessions: counts.get(pool.external_id) ?? 0,
	}));
	if (flags.json) {
		printJson(io.stdout, withCounts);
	} else if (withCounts.length === 0) {
		println(
			io.stdout,
			flags.kind ? `No pools of kind ${flags.kind}.` : 'This account has no pools.',
		);
	} else {
		printLines(
			io.stdout,
			formatTable<Pool & {active_sessions: number}>(
				[
					{header: 'name', value: (pool) => pool.name ?? '—'},
					{header: 'kind', value: (pool) => pool.kind ?? '—'},
					{header: 'id', value: (pool) => pool.external_id},
					{header: 'sessions', value: (pool) => String(pool.active_sessions), align: 'right'},
				],
				withCounts,
			),
		);
	}

	return 0;
}

/** The columns of a session table, shared by `sessions` and the close plan. */
export function sessionColumns(poolsById: ReadonlyMap<string, Pool>, nowMs: number) {
	return [
		{header: 'user', value: (session: Session) => sessionUser(session) ?? '—'},
		{
			header: 'pool',
			value: (session: Session) =>
				describePool(poolsById.get(session.pool_id ?? ''), session.pool_id),
		},
		{header: 'state', value: (session: Session) => session.state ?? '—'},
		{header: 'started', value: (session: Session) => formatAge(sessionStart(session), nowMs)},
		{header: 'id', value: (session: Session) => session.id},
	];
}

/** `frame-tui sessions --account ID [--pool ID ...] [--kind KIND]`: the active sessions, newest first. */
export async function sessionsCommand(context: CommandContext): Promise<number> {
	const {io, flags, now} = context;
	const selection = await loadSelection(context.client, flags);
	const {poolsById} = selection;
	const narrowed = narrowSelection(context, selection.sessions, poolsById);
	// The app's default order, so a headless list and the app's table read alike.
	const sessions = newestFirst(narrowed);
	if (flags.json) {
		printJson(io.stdout, sessions);
	} else if (sessions.length === 0) {
		println(io.stdout, 'No active sessions.');
	} else {
		printLines(io.stdout, formatTable(sessionColumns(poolsById, now()), sessions));
		println(io.stdout, plural(sessions.length, 'active session'));
	}

	return 0;
}

/**
 * The sessions the selection flags keep (`--older-than`, `--user`, …); those left out only for
 * having no start time are counted on stderr, so none seems forgotten.
 */
export function narrowSelection(
	context: CommandContext,
	sessions: readonly Session[],
	poolsById: ReadonlyMap<string, Pool>,
): readonly Session[] {
	const {kept, undated} = narrowSessions(
		sessions,
		(session) => factsOfSession(session, poolsById),
		flagTerms(context.flags),
		context.now(),
	);
	if (undated > 0) {
		println(
			context.io.stderr,
			`${plural(undated, 'session')} without a start time left out: a filter of age never matches ${undated === 1 ? 'it' : 'them'}`,
		);
	}

	return kept;
}
