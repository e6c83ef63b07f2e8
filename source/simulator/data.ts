import type {Pool, Session} from '../api/types.js';
import {createRandom, type Random} from './random.js';

/** A session as the simulator keeps it: the API fields plus when a close completes. */
export type SimSession = {
	-readonly [K in keyof Session]: Session[K];
} & {closingUntil?: number};

/** An account as the simulator sends it, nulls included as Frame sends them. */
export type RawAccount = {
	readonly id: string;
	readonly name: string;
	readonly [field: string]: unknown;
};

/** An organization as the simulator sends it. */
export type RawOrganization = {
	readonly id: string;
	readonly name: string;
	readonly [field: string]: unknown;
};

/** One account's world: the account, its organization, its pools and every session it ever had. */
export type SimAccount = {
	readonly account: RawAccount;
	readonly organizationId: string;
	readonly pools: readonly Pool[];
	readonly sessions: Map<string, SimSession>;
};

/** How much data to seed. */
export type SeedOptions = {
	readonly seed: number;
	readonly accounts: number;
	readonly sessionsPerAccount: number;
	/** The clock, epoch ms: start times lie up to `spreadHours` before it. */
	readonly now: number;
	/** The accounts are dealt to this many organizations (`seedOrganizations`), in turn. */
	readonly organizations: readonly RawOrganization[];
	/** How far back sessions started, in hours: 8 unless said (a working day). */
	readonly spreadHours?: number;
	/** Share of sessions the API sends without a start time, from 0 to 1: none unless said. */
	readonly undated?: number;
};

const organizationNames = [
	['Acme Training', 'acme-training', 'https://training.example.com'],
	['Globex Events', 'globex-events', null],
	['Initech Partners', 'initech', 'https://initech.example.com'],
] as const;

/**
 * The organizations accounts belong to. They come from a random stream of their own, so the
 * accounts, pools and sessions of a seed are the same however many organizations there are.
 */
export function seedOrganizations(seed: number, count: number): RawOrganization[] {
	const random = createRandom(`organizations:${seed}`);
	return Array.from({length: count}, (_, index) => {
		const [name, slug, website] =
			organizationNames[index % organizationNames.length] ?? organizationNames[0];
		const suffix =
			index < organizationNames.length
				? ''
				: ` ${Math.floor(index / organizationNames.length) + 1}`;
		return {
			// The index keeps ids apart however many there are; the random part, that they look real.
			id: `org-${random.int(10_000, 99_999)}${index}`,
			name: `${name}${suffix}`,
			url_slug: `${slug}${suffix.trim() ? `-${suffix.trim()}` : ''}`,
			description: null,
			website,
		};
	});
}

const accountNames = [
	['Tradeshow Demo', 'Booth desktops for the spring tradeshow'],
	['Training Lab', 'Instructor-led courses'],
	['Engineering', 'CAD and build workstations'],
	['Partner Sandbox', 'Evaluation account for partners'],
	['Sales Enablement', null],
] as const;

const poolTemplates = [
	{name: 'Air 8GB', kind: 'production', max: 40},
	{name: 'Pro 16GB GPU', kind: 'production', max: 20},
	{name: 'Test', kind: 'test', max: 4},
	{name: 'Sandbox', kind: 'sandbox', max: 2},
] as const;

/** Share of sessions in each pool template, in the order above. */
const poolWeights = [0.55, 0.2, 0.15, 0.1];

const firstNames = ['ana', 'ben', 'chloe', 'dev', 'eli', 'fatima', 'george', 'hana', 'ivan', 'jo'];
const lastNames = ['smith', 'garcia', 'nguyen', 'okafor', 'rossi', 'tanaka', 'meyer', 'kowalski'];
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function weightedIndex(random: Random, weights: readonly number[]): number {
	let roll = random.next();
	for (const [index, weight] of weights.entries()) {
		roll -= weight;
		if (roll < 0) {
			return index;
		}
	}

	return weights.length - 1;
}

function seedSessions(
	random: Random,
	pools: readonly Pool[],
	count: number,
	now: number,
	spreadHours: number,
) {
	const sessions = new Map<string, SimSession>();
	while (sessions.size < count) {
		const pool = pools[weightedIndex(random, poolWeights)] as Pool;
		const first = random.pick(firstNames);
		const last = random.pick(lastNames);
		const stateRoll = random.next();
		const session: SimSession = {
			id: `gateway-prod.${random.chars(16, idAlphabet)}`,
			pool_id: pool.external_id,
			state: stateRoll < 0.9 ? 'open' : stateRoll < 0.95 ? 'reserved' : 'init',
			user_id: String(random.int(100_000, 999_999)),
			user_email: `${first}.${last}${random.int(1, 99)}@example.com`,
			started_at: new Date(now - random.int(60, spreadHours * 3600) * 1000).toISOString(),
		};
		sessions.set(session.id, session);
	}

	return sessions;
}

/** Deterministic demo data: the same options give the same accounts, pools and sessions. */
export function seedData(options: SeedOptions): Map<string, SimAccount> {
	const random = createRandom(options.seed);
	const accounts = new Map<string, SimAccount>();
	for (let index = 0; index < options.accounts; index++) {
		const [name, description] = accountNames[index % accountNames.length] ?? accountNames[0];
		const suffix =
			index < accountNames.length ? '' : ` ${Math.floor(index / accountNames.length) + 1}`;
		const account: RawAccount = {
			id: `gateway-prod.${random.int(100_000, 999_999)}`,
			name: `${name}${suffix}`,
			description,
			website: null,
			active: index % 4 !== 3,
			// Frame sends this without a zone.
			last_publish: new Date(options.now - random.int(1, 30) * 86_400_000)
				.toISOString()
				.slice(0, 19),
		};
		const pools: Pool[] = poolTemplates.map((template) => ({
			external_id: `gateway-prod.${random.int(1_000_000, 9_999_999)}`,
			name: template.name,
			kind: template.kind,
			min_servers: 0,
			buffer_servers: template.kind === 'production' ? 2 : 0,
			max_servers: template.max,
		}));
		const sessions = seedSessions(
			random,
			pools,
			options.sessionsPerAccount,
			options.now,
			options.spreadHours ?? 8,
		);
		const organization = options.organizations[index % options.organizations.length];
		accounts.set(account.id, {account, organizationId: organization?.id ?? '', pools, sessions});
	}

	// Sessions without a start time, picked by a stream of their own: the rest stay as seeded.
	const undated = createRandom(`undated:${options.seed}`);
	for (const {sessions} of options.undated ? accounts.values() : []) {
		for (const session of sessions.values()) {
			if (undated.next() < (options.undated ?? 0)) {
				delete session.started_at;
			}
		}
	}

	return accounts;
}
