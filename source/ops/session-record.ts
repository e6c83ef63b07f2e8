/**
 * A session as frame-tui writes it out, in JSON, in CSV and in the app's export: the record the
 * API sent, with its pool's name and kind and its account, and its fields in one order.
 */
import type {Account, Pool, Session} from '../api/types.js';
import {sessionStart, sessionUser} from '../api/types.js';
import type {Column} from '../format/table.js';
import type {CloseResult} from './close-sessions.js';

/** A session with its pool's name and kind and its account. */
export type SessionRecord = Session & {
	readonly pool_name?: string;
	readonly pool_kind?: string;
	readonly account_id: string;
	readonly account_name?: string;
};

/** The session as written out. */
export function sessionRecord(
	session: Session,
	poolsById: ReadonlyMap<string, Pool>,
	account: Account,
): SessionRecord {
	const pool = poolsById.get(session.pool_id ?? '');
	return {
		...session,
		...(pool?.name === undefined ? {} : {pool_name: pool.name}),
		...(pool?.kind === undefined ? {} : {pool_kind: pool.kind}),
		account_id: account.id,
		...(account.name === undefined ? {} : {account_name: account.name}),
	};
}

/** A value as a CSV or wide cell: as the API sent it, empty when it did not. */
export function rawCell(value: unknown): string {
	return value === undefined || value === null
		? ''
		: typeof value === 'string'
			? value
			: String(value);
}

/** Every field of a session record, whole, in the order CSV and the wide table write them. */
export const sessionFields: readonly Column<SessionRecord>[] = [
	{header: 'id', value: (session) => session.id},
	{header: 'user', value: (session) => rawCell(sessionUser(session))},
	{header: 'user_id', value: (session) => rawCell(session.user_id)},
	{header: 'state', value: (session) => rawCell(session.state)},
	{header: 'started_at', value: (session) => rawCell(sessionStart(session))},
	{header: 'pool_id', value: (session) => rawCell(session.pool_id)},
	{header: 'pool_name', value: (session) => rawCell(session.pool_name)},
	{header: 'pool_kind', value: (session) => rawCell(session.pool_kind)},
	{header: 'account_id', value: (session) => session.account_id},
	{header: 'account_name', value: (session) => rawCell(session.account_name)},
];

/** A session's result as CSV writes it: every field whole, with its user, pool and account. */
export function resultFields(
	poolsById: ReadonlyMap<string, Pool>,
	/** The account of each session, by its id: one for all, or each its own across accounts. */
	accountOf: (sessionId: string) => Account | undefined,
	/** The sessions of the close, for who was disconnected. */
	sessions: readonly Session[],
): readonly Column<CloseResult>[] {
	const pool = (result: CloseResult) => poolsById.get(result.pool_id ?? '');
	const byId = new Map(sessions.map((session) => [session.id, session]));
	const user = (result: CloseResult) => {
		const session = byId.get(result.id);
		return session === undefined ? undefined : sessionUser(session);
	};
	return [
		{header: 'id', value: (result) => result.id},
		{header: 'status', value: (result) => result.status},
		{header: 'attempts', value: (result) => String(result.attempts)},
		{header: 'error', value: (result) => rawCell(result.error)},
		{header: 'user', value: (result) => rawCell(user(result))},
		{header: 'pool_id', value: (result) => rawCell(result.pool_id)},
		{header: 'pool_name', value: (result) => rawCell(pool(result)?.name)},
		{header: 'pool_kind', value: (result) => rawCell(pool(result)?.kind)},
		{header: 'account_id', value: (result) => rawCell(accountOf(result.id)?.id)},
		{header: 'account_name', value: (result) => rawCell(accountOf(result.id)?.name)},
	];
}
