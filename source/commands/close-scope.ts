/**
 * Which sessions a headless close is about, exactly: given ids checked against the account's
 * active sessions before anything is sent, kinds and pools that must match a pool, and every
 * account's at once (`--all-accounts`). What an earlier close left open is close-retry.ts's.
 */
import {createInterface} from 'node:readline';
import type {Account, Organization, Pool, Session} from '../api/types.js';
import {UsageError} from '../errors.js';
import {idList} from '../format/text.js';
import {closable, isKind, loadSelection, unknownKind} from '../ops/select.js';
import {flagTerms} from '../ops/session-query.js';
import {type Io, println} from '../output.js';
import type {CommandContext} from './context.js';
import {
	type AccountPart,
	mergedPools,
	narrowSelection,
	readEveryAccount,
	type UnreadAccount,
} from './selection.js';

/** A close across accounts: each session's account, and what could not be read. */
export type Across = {
	/** Each session's account, by the session's id (sessions from the API do not name theirs). */
	readonly accountOf: ReadonlyMap<string, Account>;
	/** The accounts that could not be read, so none of their sessions is in the close. */
	readonly unread: readonly UnreadAccount[];
	/** The organization of `--org`, when given. */
	readonly organization?: Organization | undefined;
};

/** What a close is about to close, and what it knows beforehand. */
export type CloseScope = {
	readonly poolsById: ReadonlyMap<string, Pool>;
	readonly targets: readonly Session[];
	/** A `--retry` of this run: the credential is proven if it closed anything. */
	readonly retryOf?: {readonly runId: string; readonly credentialProven: boolean};
	/** Given `--session` ids that are not active, so not sent. */
	readonly notActive?: readonly string[];
} & (
	| {readonly account: Account; readonly across?: undefined}
	| {readonly account?: undefined; readonly across: Across}
);

/** The account of a session of the close, by its id. */
export function accountOfScope(scope: CloseScope): (sessionId: string) => Account | undefined {
	const {account, across} = scope;
	return across ? (id) => across.accountOf.get(id) : () => account;
}

/** Reads session ids from stdin, one a line; blank lines and surrounding spaces are ignored. */
async function idsFromStdin(io: Io): Promise<string[]> {
	if (io.stdin.isTTY) {
		throw new UsageError('--session - reads ids from stdin, which is a terminal: pipe them in');
	}

	const ids: string[] = [];
	for await (const line of createInterface({
		input: io.stdin,
		crlfDelay: Number.POSITIVE_INFINITY,
	})) {
		const id = line.trim();
		if (id !== '') {
			ids.push(id);
		}
	}

	return ids;
}

/** The given `--session` ids that are active in the account; the others are named and not sent. */
async function givenSessions(
	context: CommandContext,
	account: Account,
	active: readonly Session[],
): Promise<{readonly targets: readonly Session[]; readonly notActive: readonly string[]}> {
	const {flags, io} = context;
	const fromStdin = flags.session.includes('-') ? await idsFromStdin(io) : [];
	const ids = [...new Set([...flags.session.filter((id) => id !== '-'), ...fromStdin])];
	if (ids.length === 0) {
		throw new UsageError('--session - read no id from stdin');
	}

	const listed = new Map(active.map((session) => [session.id, session]));
	const unknown = ids.filter((id) => !listed.has(id));
	const targets = ids.flatMap((id) => listed.get(id) ?? []);
	if (targets.length === 0) {
		throw new UsageError(
			`not active in account ${account.id}: ${idList(unknown)}; nothing was sent ("frame-tui sessions --account ${account.id}" lists the active ones)`,
		);
	}

	if (unknown.length > 0) {
		// Every one of them: the operator named each.
		println(io.stderr, `not active, so not closed: ${idList(unknown, Number.POSITIVE_INFINITY)}`);
	}

	return {targets, notActive: unknown};
}

/** The sessions a close selects by `--session`, `--pool`, `--kind` or `--all`. */
export async function selectedScope(context: CommandContext): Promise<CloseScope> {
	const {flags} = context;
	if (flags.allAccounts) {
		return everyAccountScope(context);
	}

	if (flags.session.length > 0) {
		refuseNarrowing(flags, '--session names the sessions to close');
	}

	const selection = await loadSelection(context.client, flags);
	const {account, poolsById} = selection;
	const kindProblem = unknownKind(selection.pools, flags.kind, account);
	if (kindProblem !== undefined) {
		throw new UsageError(kindProblem);
	}

	if (flags.session.length > 0) {
		return {account, poolsById, ...(await givenSessions(context, account, selection.allSessions))};
	}

	return {
		account,
		poolsById,
		targets: narrowSelection(context, closable(selection.sessions), poolsById),
	};
}

/**
 * `--all-accounts [--org]`: the sessions `--kind` or `--all` selects in every account read, each
 * with its account; a kind no account read has is a typo, not an empty close.
 */
async function everyAccountScope(context: CommandContext): Promise<CloseScope> {
	const {organization, parts, unread} = await readEveryAccount(context, closable);
	const {kind} = context.flags;
	if (
		kind !== undefined &&
		parts.length > 0 &&
		!parts.some(({pools}) => pools.some((pool) => isKind(pool, kind)))
	) {
		throw new UsageError(
			`no pool of kind "${kind}" in any account read; kinds there: ${idList(kindsOf(parts))}`,
		);
	}

	return {
		poolsById: mergedPools(parts),
		targets: parts.flatMap(({sessions}) => sessions),
		across: {accountOf: accountsBySession(parts), unread, organization},
	};
}

/** The kinds of the accounts' pools, each once. */
function kindsOf(parts: readonly AccountPart[]): string[] {
	return [...new Set(parts.flatMap(({pools}) => pools.flatMap((pool) => pool.kind ?? [])))];
}

/** Each session's account, by the session's id. */
export function accountsBySession(
	parts: readonly {readonly account: Account; readonly sessions: readonly Session[]}[],
): ReadonlyMap<string, Account> {
	return new Map(
		parts.flatMap(({account, sessions}) => sessions.map((session) => [session.id, account])),
	);
}

/**
 * The selection flags choose among `--all`, `--pool` or `--kind`. Beside ids named one by one, or
 * a retry (whose next retry would forget what they left out), they would drop sessions unsaid.
 */
export function refuseNarrowing(flags: CommandContext['flags'], why: string): void {
	if (flagTerms(flags).length > 0) {
		throw new UsageError(
			`${why}: --older-than, --newer-than, --started-before, --user and --state go with --all, --pool or --kind`,
		);
	}
}
