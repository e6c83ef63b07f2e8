import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	globTest,
	matchesQuery,
	parseQuery,
	type SessionFacts,
	sessionFacts,
} from '../../source/ops/session-query.js';

const now = Date.parse('2026-12-03T18:00:00Z');
const hours = (count: number) => now - count * 3_600_000;

const sessions: Record<string, SessionFacts> = {
	ann: sessionFacts({
		user: 'ann.smith@acme.com',
		pool: 'Air 8GB',
		kind: 'production',
		state: 'open',
		id: 'gateway-prod.AAA',
		account: 'Tradeshow Demo',
		started: hours(3),
	}),
	annie: sessionFacts({
		user: 'Annie.Lee@acme.com',
		pool: 'Test',
		kind: 'test',
		state: 'reserved',
		id: 'gateway-prod.BBB',
		account: 'Training Lab',
		started: hours(1),
	}),
	bob: sessionFacts({
		user: 'bob@acme.com',
		pool: 'Air 8GB',
		kind: 'production',
		state: 'open',
		id: 'gateway-prod.CCC',
		account: 'Training Lab',
		started: Number.NaN,
	}),
};

/** The names of the sessions the filter keeps. */
function kept(filter: string): string[] {
	const {terms} = parseQuery(filter);
	return Object.entries(sessions)
		.filter(([, facts]) => matchesQuery(terms, facts, now))
		.map(([name]) => name);
}

test('terms are joined by and; a bare word matches any column, as the filter always did', () => {
	assert.deepEqual(kept(''), ['ann', 'annie', 'bob']);
	assert.deepEqual(kept('air'), ['ann', 'bob']);
	assert.deepEqual(kept('AIR lab'), ['bob'], 'the account is a column too');
	assert.deepEqual(kept('user:ann* pool:air kind:prod age>2h state:open -test'), ['ann']);
});

test('a field takes a part of its value, or a glob of the whole when it has * or ?, case aside', () => {
	assert.deepEqual(kept('user:ann'), ['ann', 'annie']);
	assert.deepEqual(kept('user:ann.*'), ['ann']);
	assert.deepEqual(kept('user:?nnie*'), ['annie']);
	assert.deepEqual(kept('user:acme.com'), ['ann', 'annie', 'bob']);
	assert.deepEqual(kept('user:*.com.'), [], 'a dot in a glob is a dot, not any character');
	assert.deepEqual(kept('state:reserved'), ['annie']);
	assert.deepEqual(kept('id:bbb'), ['annie']);
	assert.deepEqual(kept('pool:"air 8gb"'), ['ann', 'bob'], 'quotes keep a value with spaces whole');
	assert.deepEqual(kept('account:training -kind:test'), ['bob']);
});

test('age compares with now; a session without a start time matches no term of age, negated or not', () => {
	assert.deepEqual(kept('age>2h'), ['ann']);
	assert.deepEqual(kept('age<2h'), ['annie']);
	assert.deepEqual(kept('age>30m'), ['ann', 'annie']);
	assert.deepEqual(kept('-age>2h'), ['annie']);
	assert.deepEqual(kept('age>1d'), []);
});

test('a term that cannot be read is named as typed, with why, and left out of the match', () => {
	const query = parseQuery('user:ann age>2x colour:red age user: -test');
	assert.deepEqual(query.problems, [
		{term: 'age>2x', reason: 'not a duration (30m, 2h, 7d)'},
		{term: 'colour:red', reason: 'no such field; one of user, pool, kind, state, id, account, age'},
		{term: 'age', reason: 'age takes > or <, as age>2h'},
		{term: 'user:', reason: 'needs a value'},
	]);
	assert.deepEqual(
		query.terms.map((term) => term.reading),
		['user ann', 'not "test"'],
	);
	assert.deepEqual(kept('user:ann age>2x'), ['ann', 'annie']);
});

test('the status line says how a filter was read only when it is more than words', () => {
	assert.equal(parseQuery('smith air').structured, false);
	assert.equal(parseQuery('-smith').structured, true);
	assert.equal(parseQuery('age>2x').structured, true);
	assert.deepEqual(
		parseQuery('user:ann* age>2h -test').terms.map((term) => term.reading),
		['user ann*', 'older than 2h', 'not "test"'],
	);
});

test('a glob matches the whole value, and its other characters only themselves', () => {
	assert.equal(globTest('a+b*')('a+bc'), true);
	assert.equal(globTest('a+b*')('aab'), false);
	assert.equal(globTest('(x)?')('(x)1'), true);
	assert.equal(globTest('ann')('joann'), false);
});

test('a glob takes a hostile line break as any other character', () => {
	assert.equal(globTest('*x*')('line\nbreak x'), true);
	assert.equal(globTest('a?b')('a\nb'), true);
});
