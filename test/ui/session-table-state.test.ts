import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Pool, Session} from '../../source/api/types.js';
import {indexPools} from '../../source/ops/select.js';
import {
	hiddenSelected,
	initialTableState,
	type SessionTableAction,
	type SessionTableState,
	selectedSessions,
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

test('a selects every visible row, or clears them when all are; p selects exactly the production ones', () => {
	const filtered = run([
		load,
		{type: 'filterStart'},
		{type: 'filterType', text: 'test'},
		{type: 'filterKeep'},
	]);
	assert.equal(filtered.visible.length, 10);
	const all = run([{type: 'all'}], filtered);
	assert.equal(all.selected.size, 10);
	assert.equal(run([{type: 'all'}], all).selected.size, 0);
	const production = run([{type: 'production'}], filtered);
	assert.equal(production.selected.size, 20);
	assert.ok(
		[...production.selected].every((id) => sessions.find((s) => s.id === id)?.pool_id === 'p-air'),
	);
	assert.equal(hiddenSelected(production), 20);
	assert.equal(selectedSessions(production).length, 20);
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
