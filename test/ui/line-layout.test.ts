import assert from 'node:assert/strict';
import {test} from 'node:test';
import stringWidth from 'string-width';
import type {Pool, Session} from '../../source/api/types.js';
import {sessionFacts} from '../../source/ops/session-query.js';
import {
	breadcrumbLine,
	type FooterKey,
	footerParts,
	headerLine,
} from '../../source/ui/line-layout.js';
import {breadcrumb} from '../../source/ui/routes.js';
import {fitSessionTable, sessionColumns} from '../../source/ui/sessions/session-table.js';
import type {TableRow} from '../../source/ui/sessions/use-session-table-state.js';
import {fitLabelled} from '../../source/ui/table-layout.js';
import {rawControl} from '../helpers/raw-controls.js';

/** The footer's line as the Footer draws it: its parts, keys and words, end to end. */
function footerLine(keys: readonly FooterKey[], width: number): string {
	return footerParts(keys, width)
		.map((part) => part.text)
		.join('');
}

/** The sessions screen's footer keys, as its action list has them. */
const sessionKeys: readonly FooterKey[] = [
	{key: '↑↓', does: 'move'},
	{key: 'Space', does: 'select', priority: 2},
	{key: 'v', does: 'range'},
	{key: 'a', does: 'all', priority: 1},
	{key: 'p', does: 'production', short: 'prod', priority: 1},
	{key: '/', does: 'filter', priority: 2},
	{key: 's', does: 'sort'},
	{key: 'x/Del', does: 'close', priority: 3},
	{key: 'd/Enter', does: 'details', priority: 1},
	{key: 'r', does: 'refresh'},
	{key: 'Esc/←', does: 'back'},
	{key: '?', does: 'help', keep: true},
	{key: 'q', does: 'quit', keep: true},
];

test('the footer fits every width, and ? help and q quit always show', () => {
	for (const width of [200, 120, 99, 79, 59, 40, 25, 14]) {
		const line = footerLine(sessionKeys, width);
		assert.ok(stringWidth(line) <= width, `${width}: ${line}`);
		assert.match(line, /\? help {1,2}q quit$/, `${width}: ${line}`);
	}

	assert.equal(
		footerLine(sessionKeys, 200),
		'↑↓ move  Space select  v range  a all  p production  / filter  s sort  x/Del close  d/Enter details  r refresh  Esc/← back  ? help  q quit',
	);
});

test('the footer shortens words before it drops a key', () => {
	// At 99 cells (100 columns) and 59 (60) every key is still there.
	for (const width of [99, 79, 59]) {
		const line = footerLine(sessionKeys, width);
		for (const key of ['↑↓', 'Space', 'v', 'a', 'p', '/', 's', 'x', 'd', 'r', 'Esc', '?', 'q']) {
			assert.ok(line.split(' ').includes(key), `${key} at ${width}: ${line}`);
		}
	}

	assert.equal(
		footerLine(sessionKeys, 99),
		'↑↓ move Space select v range a all p prod / filter s sort x close d details r Esc ? help q quit',
	);
	// Words leave the least important keys first: close keeps its word at 80 and 60 columns.
	assert.equal(
		footerLine(sessionKeys, 79),
		'↑↓ Space select v a all p prod / filter s x close d details r Esc ? help q quit',
	);
	assert.equal(
		footerLine(sessionKeys, 59),
		'↑↓ Space select v a p / s x close d r Esc ? help q quit',
	);
	// Only when even the bare keys are too many are keys dropped, the least important first, with … in their place.
	assert.equal(footerLine(sessionKeys, 25), 'Space / x … ? help q quit');
});

const account = {id: 'gateway-prod.5a1', name: 'Tradeshow Demo'};
/** The sessions screen's breadcrumb, as the app builds it. */
const sessionsCrumb = (poolName?: string) =>
	breadcrumb(
		{
			screen: 'sessions',
			account,
			pool: poolName ? {external_id: 'gateway-prod.69', name: poolName} : undefined,
		},
		undefined,
	);

test('under an organization, the breadcrumb lets the organization go whole before it cuts the account: no cut joins two names', () => {
	const parts = breadcrumb(
		{
			screen: 'pools',
			account: {id: 'gateway-prod.5', name: 'Tradeshow Demo 2'},
			organization: {id: 'org-1', name: 'Initech Partners'},
		},
		undefined,
	);
	assert.equal(
		breadcrumbLine(parts, 80),
		'Organizations › Initech Partners › Accounts › Tradeshow Demo 2 › Pools',
	);
	assert.equal(breadcrumbLine(parts, 43), 'Initech Partners › Tradeshow Demo 2 › Pools');
	assert.equal(breadcrumbLine(parts, 42), '… › Tradeshow Demo 2 › Pools');
	assert.equal(breadcrumbLine(parts, 22), '… › Trades…o 2 › Pools');
	for (const width of [80, 60, 43, 42, 34, 28, 22, 16, 10]) {
		const line = breadcrumbLine(parts, width);
		assert.ok(stringWidth(line) <= width, line);
		assert.doesNotMatch(line, /Partners?…|…show/, `${width}: ${line}`);
	}
});

test('the breadcrumb drops its fixed labels before it cuts a name, and keeps the current level', () => {
	const parts = sessionsCrumb('Pro 16GB GPU');
	assert.equal(breadcrumbLine(parts, 60), 'Accounts › Tradeshow Demo › Pools › Pro 16GB GPU');
	assert.equal(breadcrumbLine(parts, 40), 'Tradeshow Demo › Pools › Pro 16GB GPU');
	assert.equal(breadcrumbLine(parts, 30), 'Tradeshow Demo › Pro 16GB GPU');
	// Only then are names cut: what leads to the current level first.
	assert.equal(breadcrumbLine(parts, 22), 'Trad…mo › Pro 16GB GPU');
	assert.equal(breadcrumbLine(parts, 16), '… › Pro 16GB GPU');
	assert.equal(breadcrumbLine(parts, 8), 'Pro…GPU');
	assert.equal(breadcrumbLine(parts, 12), 'Pro 16GB GPU');
	for (const width of [60, 45, 30, 20, 12, 5]) {
		assert.ok(stringWidth(breadcrumbLine(parts, width)) <= width);
	}

	// The pools screen's current level is a label, and it stays.
	const pools = breadcrumb({screen: 'pools', account}, undefined);
	assert.equal(breadcrumbLine(pools, 30), 'Tradeshow Demo › Pools');

	// Names from outside are sanitized; wide ones are cut by cells.
	const hostile = breadcrumbLine(
		breadcrumb(
			{screen: 'pools', account: {id: 'a', name: '会議室\u001B]0;x\u0007東京大阪名古屋'}},
			undefined,
		),
		24,
	);
	assert.doesNotMatch(hostile, rawControl);
	assert.match(hostile, / › Pools$/);
	assert.ok(stringWidth(hostile) <= 24);
});

test('the header gives its room to the breadcrumb: "refreshed", "frame-tui", the labels, then the host go before a name is cut', () => {
	const options = {
		connection: 'DEMO',
		breadcrumb: sessionsCrumb(),
		time: '12:30:28',
		badge: '',
	};
	const at = (width: number, connection = 'DEMO') => {
		const {left, crumb, right} = headerLine(width, {...options, connection});
		return {left, crumb, right};
	};
	assert.deepEqual(at(120), {
		left: ' frame-tui │ DEMO │ ',
		crumb: 'Accounts › Tradeshow Demo › Pools › All pools',
		right: 'refreshed 12:30:28 ',
	});
	assert.equal(at(80).right, '12:30:28 ');
	assert.equal(at(80).crumb, 'Accounts › Tradeshow Demo › Pools › All pools');
	// At 60 columns the account's name is whole; the labels before it gave way.
	assert.equal(at(60).left, ' DEMO │ ');
	assert.equal(at(60).crumb, 'Tradeshow Demo › Pools › All pools');
	// Against a simulator, with the spinner's two cells taken: the host is shortened before the name.
	const host = '127.0.0.1:34073';
	assert.equal(at(58, host).crumb, 'Tradeshow Demo › All pools');
	assert.equal(at(58, host).left, ` ${host} │ `);
	assert.equal(at(50, host).crumb, 'Tradeshow Demo › All pools');
	assert.match(at(50, host).left, /^ 127\.0.*….*073 │ $/);
	for (const width of [58, 50, 40]) {
		const {left, crumb, right} = at(width, host);
		assert.ok(stringWidth(`${left}${crumb} ${right}`) <= width, `${width}: ${left}${crumb}`);
	}
});

function row(id: string, pool: Pool): TableRow {
	const session: Session = {id, pool_id: pool.external_id, state: 'open'};
	const user = 'ana.garcia1@example.com';
	return {
		session,
		pool,
		user,
		started: 0,
		account: undefined,
		facts: sessionFacts({
			user,
			pool: pool.name,
			kind: pool.kind,
			state: 'open',
			id,
			account: '',
			started: 0,
		}),
	};
}

test('the sessions table at 100, 80 and 60 columns: the start time gives way first; id, state and kind stay; the pool name keeps its share', () => {
	const pool: Pool = {external_id: 'p1', name: 'Pro 16GB GPU', kind: 'production'};
	const rows = ['7f3a91c2AAAAAAAA', '7f3a91c2BBBBBBBB', '0c55e1d4AAAAAAAA'].map((tail) =>
		row(`gateway-prod.${tail}`, pool),
	);
	const index = (header: string) => sessionColumns.findIndex((column) => column.header === header);
	for (const [width, startedShown, idShown, poolShown] of [
		[100, true, 'gateway-prod.7f3a91c2AAAAAAAA', 'Pro 16GB GPU '],
		[80, true, '…7f3a91c2AAAAAAAA', 'Pro 16GB… '],
		[60, false, '…7f3a91c2AAAAAAAA', 'Pro 16… '],
	] as const) {
		const {widths, shortId} = fitSessionTable(rows, width);
		assert.equal(
			widths.reduce((sum, cells) => sum + cells + (cells > 0 ? 1 : 0), -1),
			width,
		);
		assert.equal((widths[index('Started')] ?? 0) > 0, startedShown, `Started at ${width}`);
		assert.ok((widths[index('User')] ?? 0) >= 7, `User at ${width}`);
		assert.equal(widths[index('State')], 8);
		assert.equal(shortId(rows[0]?.session.id ?? ''), idShown);
		assert.equal(new Set(rows.map((each) => shortId(each.session.id))).size, rows.length);
		const cell = fitLabelled('Pro 16GB GPU', '(production)', widths[index('Pool')] ?? 0);
		assert.equal(cell.label, '(production)', `the kind whole at ${width}`);
		// The user column gave way to the pool's name: it was "Pro… " at 80 and "P… " at 60.
		assert.equal(cell.text, poolShown, `the pool's name at ${width}`);
		const air = fitLabelled('Air 8GB', '(production)', widths[index('Pool')] ?? 0);
		assert.equal(air.text, 'Air 8GB ', `Air 8GB whole at ${width}`);
	}

	// Below 60 columns the user gives way too; the id, the state and the pool's kind stay.
	const narrow = fitSessionTable(rows, 56).widths;
	assert.equal(narrow[index('User')], 0);
	assert.ok((narrow[index('Session id')] ?? 0) >= 17);
	assert.ok((narrow[index('Pool')] ?? 0) >= '(production)'.length);
});
