import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Pool, Session} from '../../source/api/types.js';
import {indexPools} from '../../source/ops/select.js';
import {confirmQuestion} from '../../source/ui/sessions/session-actions.js';

const pools = indexPools([
	{external_id: 'p-air', name: 'Air 8GB', kind: 'production'},
	{external_id: 'p-pro', name: 'Pro 16GB', kind: 'Production'},
	{external_id: 'p-test', name: 'Test', kind: 'test'},
] satisfies Pool[]);
const account = {id: 'gateway-prod.1', name: 'Tradeshow Demo'};

function sessions(pool: string, users: readonly (string | undefined)[]): Session[] {
	return users.map((user, index) => ({id: `${pool}.${index}`, pool_id: pool, user_email: user}));
}

test('the close question names the sessions, their users, their pools and the account', () => {
	const production = [
		...sessions('p-air', ['a', 'b', 'c', 'd', 'e', 'f']),
		...sessions('p-pro', ['g', 'h', 'i', 'j']),
	];
	assert.equal(
		confirmQuestion(production, pools, account),
		'Close 10 sessions of 10 users in 2 production pools of Tradeshow Demo?',
	);
	// One user twice, a mix of kinds.
	const mixed = [...production, ...sessions('p-test', ['a', 'k'])];
	assert.equal(
		confirmQuestion(mixed, pools, account),
		'Close 12 sessions of 11 users in 3 pools (2 production) of Tradeshow Demo?',
	);
	assert.equal(
		confirmQuestion(sessions('p-air', ['a']), pools, account),
		'Close 1 session of 1 user in 1 production pool of Tradeshow Demo?',
	);
	assert.equal(
		confirmQuestion(sessions('p-test', ['a', 'b']), pools, {id: 'gateway-prod.2'}),
		'Close 2 sessions of 2 users in 1 pool of gateway-prod.2?',
	);
	// No user known: the users go unsaid rather than "0 users".
	assert.equal(
		confirmQuestion(sessions('p-test', [undefined]), pools, account),
		'Close 1 session in 1 pool of Tradeshow Demo?',
	);
});
