import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Pool, Session} from '../../source/api/types.js';
import {indexPools} from '../../source/ops/select.js';
import {
	hiddenSelected,
	selectedSessions,
	selectionCounts,
} from '../../source/ui/sessions/session-selection.js';
import {
	initialTableState,
	type SessionTableAction,
	type SessionTableState,
	sessionTableReducer,
} from '../../source/ui/sessions/use-session-table-state.js';

const pools: Pool[] = [
	{external_id: 'p-air', name: 'Air 8GB', kind: 'production'},
	{external_id: 'p-test', name: 'Test', kind: 'test'},
];

function session(
	index: number,
	pool: string,
	minutesAgo: number,
	user = `user${index}@example.com`,
): Session {
	return {
		id: `gateway-prod.s${String(index).padStart(3, '0')}`,
		pool_id: pool,
		state: 'open',
		user_email: user,
		started_at: new Date(Date.parse('2026-11-23T12:00:00Z') - minutesAgo * 60_000).toISOString(),
	};
}

const sessions = Array.from({length: 30}, (_, index) =>
	session(index, index % 3 === 0 ? 'p-test' : 'p-air', index),
);

function run(
	actions: readonly SessionTableAction[],
	state = initialTableState(10),
): SessionTableState {
	return actions.reduce(sessionTableReducer, state);
}

const load: SessionTableAction = {type: 'load', sessions, poolsById: indexPools(pools)};
const cursorId = (state: SessionTableState) => state.visible[state.cursor]?.session.id;

test('loads newest first; the window follows the cursor', () => {
	const state = run([
		load,
		...Array.from({length: 12}, () => ({type: 'move', to: 'down'}) as const),
	]);
	assert.equal(state.visible[0]?.session.id, 'gateway-prod.s000');
	assert.equal(state.cursor, 12);
	assert.equal(state.offset, 3);
	const back = run([{type: 'move', to: 'home'}], state);
	assert.equal(back.offset, 0);
	const end = run([{type: 'move', to: 'end'}], state);
	assert.deepEqual([end.cursor, end.offset], [29, 20]);
	const paged = run([{type: 'move', to: 'pageDown'}], run([load]));
	assert.equal(paged.cursor, 9);
});

test('Space toggles and moves down; a refresh keeps selection and cursor on the same sessions', () => {
	let state = run([load, {type: 'toggle'}, {type: 'toggle'}, {type: 'move', to: 'down'}]);
	assert.deepEqual([...state.selected], ['gateway-prod.s000', 'gateway-prod.s001']);
	assert.equal(cursorId(state), 'gateway-prod.s003');
	// s000 closed elsewhere, and a new session started: it sorts first.
	const refreshed = [
		session(99, 'p-air', -1),
		...sessions.filter((s) => s.id !== 'gateway-prod.s000'),
	];
	state = run([{type: 'load', sessions: refreshed, poolsById: indexPools(pools)}], state);
	assert.deepEqual([...state.selected], ['gateway-prod.s001']);
	assert.equal(cursorId(state), 'gateway-prod.s003');
});

test('v marks a range that follows the cursor, added to what was selected', () => {
	const state = run([
		load,
		{type: 'toggle'},
		{type: 'move', to: 'down'},
		{type: 'range'},
		{type: 'move', to: 'down'},
		{type: 'move', to: 'down'},
		{type: 'move', to: 'up'},
	]);
	assert.deepEqual([...state.selected].sort(), [
		'gateway-prod.s000',
		'gateway-prod.s002',
		'gateway-prod.s003',
	]);
	const ended = run(
		[{type: 'range'}, {type: 'move', to: 'down'}, {type: 'move', to: 'down'}],
		state,
	);
	assert.equal(ended.selected.size, 3);
	assert.equal(ended.range, undefined);
});

test('a selects every visible row, or clears them when all are', () => {
	const filtered = run([
		load,
		{type: 'filterStart'},
		{type: 'filterType', text: 'test'},
		{type: 'filterKeep'},
	]);
	assert.equal(filtered.visible.length, 10);
	const all = run([{type: 'all'}], filtered);
	assert.equal(all.selected.size, 10);
	assert.equal(hiddenSelected(all), 0);
	assert.equal(run([{type: 'all'}], all).selected.size, 0);
});

test('p adds the production sessions the filter shows, and only those', () => {
	const everyProduction = run([load, {type: 'production'}]);
	assert.equal(everyProduction.selected.size, 20);
	assert.ok(
		[...everyProduction.selected].every(
			(id) => sessions.find((s) => s.id === id)?.pool_id === 'p-air',
		),
	);
	// s000 is in the test pool: selected by hand first, it stays.
	const byHand = run([load, {type: 'toggle'}]);
	assert.deepEqual([...byHand.selected], ['gateway-prod.s000']);
	const filtered = run(
		[{type: 'filterStart'}, {type: 'filterType', text: 'user1'}, {type: 'filterKeep'}],
		byHand,
	);
	// user1 and user10 to user19: 11 shown, of which those not in the test pool (index % 3 ≠ 0).
	const shownProduction = filtered.visible.filter((row) => row.pool?.kind === 'production');
	assert.equal(shownProduction.length, 8);
	const added = run([{type: 'production'}], filtered);
	assert.equal(added.selected.size, 1 + 8);
	assert.ok(added.selected.has('gateway-prod.s000'), 'the earlier selection stays');
	assert.ok(shownProduction.every((row) => added.selected.has(row.session.id)));
	assert.equal(hiddenSelected(added), 1, 's000 is hidden by the filter');
	assert.equal(selectedSessions(added).length, 9);
});

test("the selection is the account's: sessions of other pools stay selected and are closed with it", () => {
	const air = sessions.filter((s) => s.pool_id === 'p-air');
	const test = sessions.filter((s) => s.pool_id === 'p-test');
	// The account's selection so far: two test-pool sessions, chosen on another screen.
	const chosen = new Set([test[0]?.id ?? '', test[1]?.id ?? '']);
	const inAir = run(
		[{type: 'load', sessions: air, others: test, poolsById: indexPools(pools)}, {type: 'toggle'}],
		initialTableState(10, chosen),
	);
	assert.equal(inAir.selected.size, 3);
	assert.deepEqual(selectionCounts(inAir), {hidden: 0, elsewhere: 2});
	assert.deepEqual(
		selectedSessions(inAir).map((s) => s.id),
		[inAir.visible[0]?.session.id, ...chosen],
	);
});

test('a fresh load drops the selected sessions that ended and counts them, unless the app closed them', () => {
	const selectedFirst = run([load, {type: 'toggle'}, {type: 'toggle'}, {type: 'toggle'}]);
	const [s0, s1, s2] = [...selectedFirst.selected];
	assert.ok(s0 && s1 && s2);
	const without = (...ids: string[]) => sessions.filter((s) => !ids.includes(s.id));
	const poolsById = indexPools(pools);
	// A cached load may predate sessions selected since: it drops nothing.
	const cached = run(
		[{type: 'load', sessions: without(s0, s1), poolsById, fresh: false}],
		selectedFirst,
	);
	assert.deepEqual([cached.selected.size, cached.ended], [3, 0]);
	const refreshed = run([{type: 'load', sessions: without(s0, s1), poolsById}], selectedFirst);
	assert.deepEqual([...refreshed.selected], [s2]);
	assert.equal(refreshed.ended, 2);
	assert.equal(run([{type: 'move', to: 'down'}], refreshed).ended, 0, 'news until the next key');
	// A session that goes on to closing has ended too.
	const closing = sessions.map((s) => (s.id === s2 ? {...s, state: 'closing'} : s));
	assert.equal(run([{type: 'load', sessions: closing, poolsById}], selectedFirst).ended, 1);
	// The app's own close is no news.
	const closedHere = run(
		[
			{type: 'closing', ids: [s0, s1]},
			{type: 'load', sessions: without(s0, s1), poolsById},
		],
		selectedFirst,
	);
	assert.deepEqual([closedHere.selected.size, closedHere.ended], [1, 0]);
});

test('the filter matches user, pool, kind and id; Esc clears it; Backspace edits it', () => {
	const byUser = run([load, {type: 'filterStart'}, {type: 'filterType', text: 'USER1'}]);
	assert.deepEqual(
		byUser.visible.map((row) => row.user),
		['user1@example.com', ...Array.from({length: 10}, (_, i) => `user${10 + i}@example.com`)],
	);
	const byId = run(
		[{type: 'filterBackspace'}, {type: 'filterBackspace'}, {type: 'filterType', text: 's02'}],
		byUser,
	);
	assert.equal(byId.filter, 'USEs02');
	assert.equal(byId.visible.length, 0);
	const cleared = run([{type: 'filterClear'}], byId);
	assert.deepEqual(
		[cleared.filter, cleared.editingFilter, cleared.visible.length],
		['', false, 30],
	);
	assert.equal(
		run([load, {type: 'filterStart'}, {type: 'filterType', text: 'air'}]).visible.length,
		20,
	);
});

test('s cycles started → user → pool, keeping the cursor on its session', () => {
	const start = run([load, {type: 'move', to: 'down'}, {type: 'move', to: 'down'}]);
	const byUser = run([{type: 'sort'}], start);
	assert.equal(byUser.sort, 'user');
	assert.equal(cursorId(byUser), cursorId(start));
	assert.deepEqual(
		byUser.visible.slice(0, 3).map((row) => row.user),
		['user0@example.com', 'user1@example.com', 'user2@example.com'],
	);
	const byPool = run([{type: 'sort'}], byUser);
	assert.equal(byPool.visible[0]?.pool?.name, 'Air 8GB');
	assert.equal(run([{type: 'sort'}], byPool).sort, 'started');
});

test('an empty table takes every key without failing', () => {
	const state = run([
		{type: 'load', sessions: [], poolsById: new Map()},
		{type: 'toggle'},
		{type: 'range'},
		{type: 'all'},
		{type: 'move', to: 'end'},
	]);
	assert.deepEqual([state.cursor, state.offset, state.selected.size], [0, 0, 0]);
});

test('a, Space, v, p, the filter and loads in any order: a selects as the plain rule says, the counts are true, and no selection once given is changed', () => {
	// A small random generator with a seed, so that a failure can be run again.
	let seed = 20261203;
	const next = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
	const everyone = Array.from({length: 60}, (_, index) => ({
		...session(index, index % 3 === 0 ? 'p-test' : 'p-air', index),
		state: index % 7 === 0 ? 'closing' : 'open',
	}));
	// What `a` did before it kept sets: every shown open session, or none when all are selected.
	const plainSelectAll = (state: SessionTableState): Set<string> => {
		const shown = state.visible.filter((row) => row.session.state !== 'closing');
		const every = shown.every((row) => state.selected.has(row.session.id));
		const selected = new Set(state.selected);
		for (const row of shown) {
			if (every) {
				selected.delete(row.session.id);
			} else {
				selected.add(row.session.id);
			}
		}

		return selected;
	};
	const given: Array<{readonly set: ReadonlySet<string>; readonly ids: string}> = [];
	const remember = (set: ReadonlySet<string>) => {
		if (!given.some((entry) => entry.set === set)) {
			given.push({set, ids: [...set].sort().join()});
		}
	};
	const actions: Array<() => SessionTableAction> = [
		() => ({type: 'all'}),
		() => ({type: 'all'}),
		() => ({type: 'toggle'}),
		() => ({type: 'range'}),
		() => ({type: 'production'}),
		() => ({type: 'move', to: pick(['up', 'down', 'home', 'end'] as const)}),
		() => ({type: 'filterStart'}),
		() => ({type: 'filterType', text: pick(['1', 'test', 'air', 'user2'])}),
		() => ({type: 'filterBackspace'}),
		() => ({type: 'filterKeep'}),
		() => ({type: 'filterClear'}),
		() => ({type: 'sort'}),
		() => {
			// A refresh in which some sessions ended and others came back.
			const kept = everyone.filter(() => next() > 0.2);
			return {type: 'load', sessions: kept, poolsById: indexPools(pools), fresh: true};
		},
	];
	let state = run([{type: 'load', sessions: everyone, poolsById: indexPools(pools)}]);
	for (let step = 0; step < 3000; step++) {
		const action = pick(actions)();
		const expected = action.type === 'all' ? plainSelectAll(state) : undefined;
		state = sessionTableReducer(state, action);
		remember(state.selected);
		if (expected) {
			assert.deepEqual([...state.selected].sort(), [...expected].sort(), `step ${step}: a`);
		}

		const inRows = state.rows.filter((row) => state.selected.has(row.session.id)).length;
		const shown = state.visible.filter((row) => state.selected.has(row.session.id)).length;
		assert.deepEqual(
			selectionCounts(state),
			{hidden: inRows - shown, elsewhere: state.selected.size - inRows},
			`step ${step}: ${action.type}`,
		);
	}

	for (const entry of given) {
		assert.equal([...entry.set].sort().join(), entry.ids, 'a selection given out was changed');
	}

	assert.ok(given.length > 100, 'the run went through many selections');
});

test('a filter of age moves on with each load, the same sessions found again included; account: reads the account', () => {
	const loadedAt = Date.parse('2026-11-23T12:00:00Z');
	const typed = (state: SessionTableState, text: string) =>
		[...text].reduce(
			(next, character) => sessionTableReducer(next, {type: 'filterType', text: character}),
			state,
		);
	const loaded = sessionTableReducer(initialTableState(50), {
		type: 'load',
		sessions,
		poolsById: indexPools(pools),
		now: loadedAt,
		account: 'Tradeshow Demo',
	});
	// Sessions started 0 to 29 minutes before the load.
	const older = typed(loaded, 'age>20m');
	assert.equal(older.visible.length, 9);
	// Ten minutes on, the same sessions: ten more are older than 20 minutes.
	const later = sessionTableReducer(older, {type: 'clock', now: loadedAt + 10 * 60_000});
	assert.equal(later.visible.length, 19);
	assert.equal(typed(loaded, 'account:tradeshow').visible.length, 30);
	assert.equal(typed(loaded, 'account:training').visible.length, 0);
});
