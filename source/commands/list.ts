import type {Account, Pool, Session} from '../api/types.js';
import {sessionStart, sessionUser} from '../api/types.js';
import {formatAge, formatDateTime} from '../format/time.js';
import {resolveOrganization} from '../ops/organizations.js';
import {countByPool, describePool, isKind, loadSelection} from '../ops/select.js';
import {rawCell as raw} from '../ops/session-record.js';
import type {CommandContext} from './context.js';
import {printListing} from './listing.js';

/** `frame-tui accounts [--org ID|NAME]`: the accounts the credentials can see, or those of one organization. */
export async function accountsCommand({client, io, flags}: CommandContext): Promise<number> {
	const organization =
		flags.org === undefined ? undefined : await resolveOrganization(client, flags.org);
	const accounts = await client.listAccounts({organizationId: organization?.id});
	printListing<Account>(io, flags.output, flags.headers, {
		rows: accounts,
		columns: [
			{header: 'name', value: (account) => account.name ?? '—'},
			{header: 'id', value: (account) => account.id},
			{
				header: 'active',
				value: (account) => (account.active === undefined ? '—' : account.active ? 'yes' : 'no'),
			},
			{header: 'last publish', value: (account) => formatDateTime(account.last_publish)},
		],
		fields: [
			{header: 'id', value: (account) => account.id},
			{header: 'name', value: (account) => raw(account.name)},
			{header: 'active', value: (account) => raw(account.active)},
			{header: 'last_publish', value: (account) => raw(account.last_publish)},
			{header: 'description', value: (account) => raw(account.description)},
			{header: 'website', value: (account) => raw(account.website)},
		],
		json: () => accounts,
		empty: organization
			? `No accounts in organization ${organization.name ?? organization.id}.`
			: 'No accounts are visible to these credentials.',
	});
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
	printListing<Pool & {active_sessions: number}>(io, flags.output, flags.headers, {
		rows: withCounts,
		columns: [
			{header: 'name', value: (pool) => pool.name ?? '—'},
			{header: 'kind', value: (pool) => pool.kind ?? '—'},
			{header: 'id', value: (pool) => pool.external_id},
			{header: 'sessions', value: (pool) => String(pool.active_sessions), align: 'right'},
		],
		fields: [
			{header: 'external_id', value: (pool) => pool.external_id},
			{header: 'name', value: (pool) => raw(pool.name)},
			{header: 'kind', value: (pool) => raw(pool.kind)},
			{header: 'active_sessions', value: (pool) => String(pool.active_sessions)},
			{header: 'min_servers', value: (pool) => raw(pool.min_servers)},
			{header: 'buffer_servers', value: (pool) => raw(pool.buffer_servers)},
			{header: 'max_servers', value: (pool) => raw(pool.max_servers)},
		],
		json: () => withCounts,
		empty: flags.kind ? `No pools of kind ${flags.kind}.` : 'This account has no pools.',
	});
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
