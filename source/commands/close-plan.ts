/**
 * What a close is about to do, as it is shown before it starts: the headline, the sessions by
 * pool (by account and then pool, across accounts), and a dry run's whole plan in each format.
 */
import type {Account, Session} from '../api/types.js';
import {formatTable} from '../format/table.js';
import {plural} from '../format/text.js';
import {describeAccount, describePool, sharesByPool} from '../ops/select.js';
import {newestFirst} from '../ops/session-order.js';
import {sessionFields, sessionRecord} from '../ops/session-record.js';
import {printJson, printLines, println} from '../output.js';
import {printUnread, unreadJson} from './close-report.js';
import {accountOfScope, type CloseScope} from './close-scope.js';
import type {CommandContext} from './context.js';
import {sessionColumns} from './list.js';
import {noTable, printListing} from './listing.js';

/** The sessions of a close across accounts, account by account, in the order of their first session. */
function byAccount(
	scope: CloseScope,
): readonly {readonly account: Account; readonly sessions: readonly Session[]}[] {
	const accountOf = accountOfScope(scope);
	const groups = new Map<string, {account: Account; sessions: Session[]}>();
	for (const session of scope.targets) {
		const account = accountOf(session.id) ?? {id: ''};
		const group = groups.get(account.id) ?? {account, sessions: []};
		group.sessions.push(session);
		groups.set(account.id, group);
	}

	return [...groups.values()];
}

/** "240 sessions in 12 pools of Acme (acc.1)", or "… of 3 accounts of Acme Training" across accounts. */
export function planHeadline(scope: CloseScope): string {
	const {targets, poolsById, across} = scope;
	const pools = sharesByPool(targets, poolsById).length;
	const organization = across?.organization;
	const of = across
		? `${plural(byAccount(scope).length, 'account')}${organization ? ` of ${organization.name ?? organization.id}` : ''}`
		: describeAccount(scope.account);
	return `${plural(targets.length, 'session')} in ${plural(pools, 'pool')} of ${of}`;
}

/** The sessions by pool, "  Air 8GB (production): 40"; across accounts, under each account's line. */
export function planLines(scope: CloseScope): string[] {
	const poolLines = (sessions: readonly Session[]) =>
		sharesByPool(sessions, scope.poolsById).map(
			({pool, poolId, count}) => `  ${describePool(pool, poolId)}: ${count}`,
		);
	if (!scope.across) {
		return poolLines(scope.targets);
	}

	return byAccount(scope).flatMap(({account, sessions}) => [
		`${describeAccount(account)}: ${plural(sessions.length, 'session')}`,
		...poolLines(sessions),
	]);
}

/** A dry run's plan: a table (stdout), one JSON document, or the sessions as CSV. */
export function printPlan(context: CommandContext, scope: CloseScope): void {
	const {io, flags, now} = context;
	const {poolsById, across} = scope;
	const accountOf = accountOfScope(scope);
	// Listed as `sessions` lists them: newest first.
	const sessions = newestFirst(scope.targets);
	const count = sessions.length;
	if (across) {
		printUnread(io.stderr, across.unread);
	}

	if (flags.output === 'csv') {
		// The plan's sessions, as `sessions -o csv` writes them; the words go to stderr.
		printListing(io, 'csv', flags.headers, {
			...noTable,
			rows: sessions.map((session) =>
				sessionRecord(session, poolsById, accountOf(session.id) ?? {id: ''}),
			),
			fields: sessionFields,
		});
		println(io.stderr, `Dry run: nothing was closed (${plural(count, 'session')} would be).`);
		return;
	}

	if (flags.json) {
		printJson(io.stdout, planJson(scope, sessions));
		return;
	}

	println(io.stdout, `Would close ${planHeadline(scope)}${count > 0 ? ':' : '.'}`);
	if (count > 0) {
		printLines(io.stdout, planLines(scope));
		println(io.stdout);
		const columns = sessionColumns(poolsById, now());
		const account = (session: Session) => {
			const found = accountOf(session.id);
			return found?.name ?? found?.id ?? '';
		};
		printLines(
			io.stdout,
			formatTable(across ? [{header: 'account', value: account}, ...columns] : columns, sessions),
		);
	}

	// After a long table the headline has scrolled away: the last line says nothing happened.
	println(
		io.stdout,
		`Dry run: nothing was closed${count > 0 ? ` (${plural(count, 'session')} would be)` : ''}.`,
	);
}

/**
 * A dry run as JSON. One account: `{dry_run, account, pools, sessions}`. Across accounts:
 * `{dry_run, organization, accounts: [{account, pools, sessions}], unread: [{account, error}]}`,
 * the organization null without `--org`. Pools carry their `sessions` count; sessions newest first.
 */
function planJson(scope: CloseScope, sessions: readonly Session[]) {
	const pools = (chosen: readonly Session[]) =>
		sharesByPool(chosen, scope.poolsById).map(({pool, poolId, count}) => ({
			...pool,
			external_id: poolId,
			sessions: count,
		}));
	if (!scope.across) {
		return {dry_run: true, account: scope.account, pools: pools(sessions), sessions};
	}

	return {
		dry_run: true,
		organization: scope.across.organization ?? null,
		accounts: byAccount(scope).map(({account, sessions: chosen}) => ({
			account,
			pools: pools(chosen),
			sessions: newestFirst(chosen),
		})),
		unread: unreadJson(scope.across.unread),
	};
}
