/**
 * Choosing sessions by what they are, as Citrix's `Get-BrokerSession -UserName … ` and kubectl's
 * field selectors do: by user, pool, kind, state, id, account and age. One set of terms serves the
 * app's filter (`user:ann* pool:air kind:prod age>2h state:open -test`, read by `parseQuery`) and
 * the headless flags (`--user`, `--older-than`, …, made into terms by `flagTerms`). Every term
 * must hold; a session without a start time never matches a term of age.
 */
import {type Pool, parseApiTime, type Session, sessionStart, sessionUser} from '../api/types.js';
import {parseDuration} from '../format/time.js';

/** What a term can look at in a session, lower case, worked out once per load (`sessionFacts`). */
export type SessionFacts = {
	readonly user: string;
	readonly pool: string;
	readonly kind: string;
	readonly state: string;
	readonly id: string;
	readonly account: string;
	/** When it started, epoch ms; NaN when the API did not say. */
	readonly started: number;
	/** The columns a bare word is looked for in, joined: one search of a string a row, per key. */
	readonly any: string;
};

/** The fields a term can name. */
export const queryFields = ['user', 'pool', 'kind', 'state', 'id', 'account'] as const;
type Field = (typeof queryFields)[number];

/** The columns a bare word is looked for in, as the filter always has. */
const anyField: readonly Field[] = ['user', 'pool', 'kind', 'id', 'account'];

/** A session's facts, in lower case, from what the table shows of it. */
export function sessionFacts(
	shown: Readonly<Record<Field, string | undefined>> & {readonly started: number},
): SessionFacts {
	const lower = (field: Field) => (shown[field] ?? '').toLowerCase();
	const facts = {
		user: lower('user'),
		pool: lower('pool'),
		kind: lower('kind'),
		state: lower('state'),
		id: lower('id'),
		account: lower('account'),
		started: shown.started,
	};
	return {...facts, any: anyField.map((field) => facts[field]).join('\n')};
}

/** One condition on a session, and how the filter read it. */
export type QueryTerm = {
	readonly test: (facts: SessionFacts, now: number) => boolean;
	/** In words, for the status line: "user ann*", "not test", "older than 2h". */
	readonly reading: string;
	/** Whether it looks at the start time: a session without one never matches it. */
	readonly age?: boolean;
};

/** A term that could not be read, named as typed: "age>2x: not a duration". */
export type QueryProblem = {readonly term: string; readonly reason: string};

/** A filter as read: its terms, and those it could not read (left out of the match). */
export type Query = {
	readonly terms: readonly QueryTerm[];
	readonly problems: readonly QueryProblem[];
	/** Whether a term is more than a bare word: then the status line says how it was read. */
	readonly structured: boolean;
};

/** What the terms see of a session of the API, with its pool and its account's name. */
export function factsOfSession(
	session: Session,
	poolsById: ReadonlyMap<string, Pool>,
	account?: string,
): SessionFacts {
	const pool = poolsById.get(session.pool_id ?? '');
	return sessionFacts({
		user: sessionUser(session),
		pool: pool?.name,
		kind: pool?.kind,
		state: session.state,
		id: session.id,
		account,
		started: parseApiTime(sessionStart(session)),
	});
}

/** A glob (`*` any run, `?` one character) as a whole-value test, case aside. */
export function globTest(glob: string): (value: string) => boolean {
	const source = [...glob]
		.map((character) =>
			character === '*'
				? '.*'
				: character === '?'
					? '.'
					: character.replace(/[\\^$.|+()[\]{}]/g, '\\$&'),
		)
		.join('');
	// `s`: a hostile value with a line break in it is still one value to the glob.
	const pattern = new RegExp(`^${source}$`, 'isu');
	return (value) => pattern.test(value);
}

/**
 * A value as a field term matches a fact (lower case already): a glob of the whole when it has
 * `*` or `?`, else a part of it, case aside.
 */
function valueTest(value: string): (fact: string) => boolean {
	if (/[*?]/.test(value)) {
		return globTest(value);
	}

	const needle = value.toLowerCase();
	return (fact) => fact.includes(needle);
}

const negated = (term: QueryTerm): QueryTerm => ({
	...term,
	// A session with no start time matches no term of age, negated or not.
	test: term.age
		? (facts, now) => Number.isFinite(facts.started) && !term.test(facts, now)
		: (facts, now) => !term.test(facts, now),
	reading: `not ${term.reading}`,
});

/** A term of age: older than (`>`) or newer than (`<`) a duration, from now. */
export function ageTerm(over: boolean, ms: number, shown: string): QueryTerm {
	return {
		age: true,
		reading: `${over ? 'older' : 'newer'} than ${shown}`,
		test: (facts, now) =>
			Number.isFinite(facts.started) &&
			(over ? now - facts.started > ms : now - facts.started < ms),
	};
}

/** One word of the filter as a term, or why it is not one. */
function readTerm(word: string): QueryTerm | QueryProblem {
	const negate = word.length > 1 && word.startsWith('-');
	const body = negate ? word.slice(1) : word;
	const term = readPositive(word, body);
	return 'test' in term && negate ? negated(term) : term;
}

function readPositive(word: string, body: string): QueryTerm | QueryProblem {
	const age = /^age\s*([<>])=?(.*)$/i.exec(body);
	if (age) {
		const ms = parseDuration(age[2] ?? '');
		return ms === undefined
			? {term: word, reason: 'not a duration (30m, 2h, 7d)'}
			: ageTerm(age[1] === '>', ms, (age[2] ?? '').trim());
	}

	if (/^age$/i.test(body) || /^age:/i.test(body)) {
		return {term: word, reason: 'age takes > or <, as age>2h'};
	}

	const field = /^([a-z]+):(.*)$/i.exec(body);
	if (!field) {
		const test = valueTest(body);
		const glob = /[*?]/.test(body);
		return {
			reading: `"${body}"`,
			// A glob is of one column's whole value; a part is found in all of them at once.
			test: glob
				? (facts) => anyField.some((name) => test(facts[name]))
				: (facts) => test(facts.any),
		};
	}

	const name = (field[1] ?? '').toLowerCase();
	const value = field[2] ?? '';
	if (!(queryFields as readonly string[]).includes(name)) {
		return {term: word, reason: `no such field; one of ${queryFields.join(', ')}, age`};
	}

	if (value === '') {
		return {term: word, reason: 'needs a value'};
	}

	const test = valueTest(value);
	return {reading: `${name} ${value}`, test: (facts) => test(facts[name as Field])};
}

/** Words of the filter: split at spaces, a double-quoted part kept whole (`pool:"Air 8GB"`). */
function words(text: string): string[] {
	return [...text.matchAll(/(?:[^\s"]+|"[^"]*"?)+/g)].map((match) => match[0].replaceAll('"', ''));
}

/** Reads the app's filter: terms joined by and, `-` negates, a bare word matches any column. */
export function parseQuery(text: string): Query {
	const terms: QueryTerm[] = [];
	const problems: QueryProblem[] = [];
	let structured = false;
	for (const word of words(text)) {
		const read = readTerm(word);
		if ('test' in read) {
			terms.push(read);
			structured ||= !read.reading.startsWith('"');
		} else {
			problems.push(read);
		}
	}

	return {terms, problems, structured: structured || problems.length > 0};
}

/** Whether a session holds every term. */
export function matchesQuery(
	terms: readonly QueryTerm[],
	facts: SessionFacts,
	now: number,
): boolean {
	for (const term of terms) {
		if (!term.test(facts, now)) {
			return false;
		}
	}

	return true;
}

/** The headless selection flags, checked: durations and a time in epoch ms. */
export type SelectionFlags = {
	readonly olderThan: number | undefined;
	readonly newerThan: number | undefined;
	readonly startedBefore: number | undefined;
	readonly user: readonly string[];
	readonly state: string | undefined;
};

/**
 * The terms of `--older-than`, `--newer-than`, `--started-before`, `--user` (globs of the whole
 * user, any of them) and `--state`; every one must hold, as in the app's filter.
 */
export function flagTerms(flags: SelectionFlags): QueryTerm[] {
	const terms: QueryTerm[] = [];
	if (flags.olderThan !== undefined) {
		terms.push(ageTerm(true, flags.olderThan, '--older-than'));
	}

	if (flags.newerThan !== undefined) {
		terms.push(ageTerm(false, flags.newerThan, '--newer-than'));
	}

	const before = flags.startedBefore;
	if (before !== undefined) {
		terms.push({
			age: true,
			reading: 'started before',
			test: (facts) => Number.isFinite(facts.started) && facts.started < before,
		});
	}

	if (flags.user.length > 0) {
		const tests = flags.user.map(globTest);
		terms.push({reading: 'user', test: (facts) => tests.some((test) => test(facts.user))});
	}

	const state = flags.state?.toLowerCase();
	if (state !== undefined) {
		terms.push({reading: 'state', test: (facts) => facts.state === state});
	}

	return terms;
}

/**
 * The sessions every term holds for, and how many were left out only for having no start time
 * (a term of age never matches them): the plan says so, lest they seem forgotten.
 */
export function narrowSessions<T>(
	sessions: readonly T[],
	factsOf: (session: T) => SessionFacts,
	terms: readonly QueryTerm[],
	now: number,
): {readonly kept: readonly T[]; readonly undated: number} {
	if (terms.length === 0) {
		return {kept: sessions, undated: 0};
	}

	const rest = terms.filter((term) => !term.age);
	const kept: T[] = [];
	let undated = 0;
	for (const session of sessions) {
		const facts = factsOf(session);
		if (matchesQuery(terms, facts, now)) {
			kept.push(session);
		} else if (!Number.isFinite(facts.started) && matchesQuery(rest, facts, now)) {
			undated++;
		}
	}

	return {kept, undated};
}
