import {createServer, type RequestListener} from 'node:http';
import {createServer as createTlsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import type {Pool, Session} from '../api/types.js';
import type {SimClient} from './auth.js';
import {type RawAccount, type RawOrganization, seedData, seedOrganizations} from './data.js';
import {type InjectedResponse, Injections} from './faults.js';
import {createBehaviour, defaultClients, emptyStats, handle, type World} from './handle.js';
import {hostileOrganizations, makeHostile} from './hostile.js';
import {send} from './http.js';
import {createRandom} from './random.js';
import {activeSessions, sessionView} from './routes.js';

/** Knobs that may change while the simulator runs. */
export type SimulatorKnobs = {
	/** Added to every response, in ms. */
	readonly latencyMs?: number;
	/** Latency varies by up to this much either way, in ms. */
	readonly jitterMs?: number;
	/** Added to every DELETE on top of `latencyMs`, in ms: a close takes longer than a read. */
	readonly deleteLatencyMs?: number;
	/** The DELETE latency varies by up to this much either way, in ms. */
	readonly deleteJitterMs?: number;
	/** Requests per second before 429s with `Retry-After`; 0 for no limit. */
	readonly rateLimit?: number;
	/** Share of requests answered with a 5xx, from 0 to 1. */
	readonly failRate?: number;
	/** How long a closed session stays `closing` (and listed as active), in ms. */
	readonly closeDelayMs?: number;
	/** How lists are sent: bare arrays, or wrapped as `{data}` or `{items}`. */
	readonly listShape?: 'bare' | 'data' | 'items';
	/** How a 429 says when to come back: in seconds, or as an HTTP date. */
	readonly retryAfterAs?: 'seconds' | 'date';
	/** How a successful close is answered: 202 with no body, or 200 with an HTML page. */
	readonly closeAnswer?: 'empty' | 'html';
	/**
	 * Sessions whose close is refused with a 403 (whatever the role), by id prefix: an exact id
	 * is a prefix of itself. Other sessions close as usual, so refusals come mixed with successes.
	 */
	readonly refuse?: readonly string[];
	/** Every request in this window of the simulator's clock fails, with a status or a dropped connection. */
	readonly outage?: Outage | undefined;
};

/** A time when the API is down: from `start` to `end` (epoch ms), answering `status` or dropping connections. */
export type Outage = {
	readonly start: number;
	readonly end: number;
	readonly answer: number | 'drop';
};

/** Everything the simulator can be started with; all optional. */
export type SimulatorOptions = SimulatorKnobs & {
	/** 0 (the default) picks a free port. */
	readonly port?: number;
	readonly seed?: number;
	readonly accounts?: number;
	/** Active sessions seeded in each account. */
	readonly sessions?: number;
	/** Organizations the accounts are dealt to, in turn: 1 unless said. */
	readonly organizations?: number;
	/** The most organizations a page of `/organizations` holds: 50 unless said. */
	readonly pageSize?: number;
	/** How far back sessions started, in hours: 8 unless said. */
	readonly spreadHours?: number;
	/** Share of sessions sent without a start time, from 0 to 1: none unless said. */
	readonly undated?: number;
	/** Seed hostile data: names and users carrying terminal controls, dot ids (see hostile.ts). */
	readonly hostile?: boolean;
	/** Accepted credentials; one admin derived from the seed when absent. */
	readonly clients?: readonly SimClient[];
	/** Largest accepted distance between a request's timestamp and the clock, in seconds. */
	readonly maxSkewSeconds?: number;
	readonly now?: () => number;
	/** Serve HTTPS with this PEM key and certificate instead of plain HTTP. */
	readonly tls?: {readonly key: string; readonly cert: string};
};

/** What the simulator has seen since it started or since `resetStats`. */
export type SimulatorStats = {
	readonly requests: number;
	readonly inFlight: number;
	readonly peakInFlight: number;
	readonly byMethod: Readonly<Record<string, number>>;
	readonly rateLimited: number;
	readonly failures: number;
	readonly unauthorized: number;
	/** Closes refused by the `refuse` knob. */
	readonly refused: number;
};

/** A running simulator: its URL and credentials, its state for assertions, and its controls. */
export type Simulator = {
	readonly url: string;
	readonly clientId: string;
	readonly clientSecret: string;
	readonly accounts: () => readonly RawAccount[];
	readonly organizations: () => readonly RawOrganization[];
	/** The id of the organization an account belongs to. */
	readonly organizationOf: (accountId: string) => string | undefined;
	readonly pools: (accountId: string) => readonly Pool[];
	/** Every session the account ever had, each with its state now (open, closing, closed, …). */
	readonly sessions: (accountId: string) => readonly Session[];
	/** What `GET /accounts/{id}/active_sessions` lists now. */
	readonly activeSessions: (accountId: string) => readonly Session[];
	readonly stats: () => SimulatorStats;
	readonly resetStats: () => void;
	readonly inject: (rule: InjectedResponse) => void;
	readonly configure: (knobs: SimulatorKnobs) => void;
	/** Starts an outage now that lasts `forMs`: every request fails with `answer` (503 by default). */
	readonly outage: (forMs: number, answer?: Outage['answer']) => void;
	readonly close: () => Promise<void>;
};

/** Starts the Frame control-plane simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const now = options.now ?? Date.now;
	const seed = options.seed ?? 1;
	const seeded = seedOrganizations(seed, Math.max(1, options.organizations ?? 1));
	const organizations = options.hostile ? hostileOrganizations(seeded) : seeded;
	const data = seedData({
		seed,
		accounts: options.accounts ?? 3,
		sessionsPerAccount: options.sessions ?? 40,
		now: now(),
		organizations,
		...(options.spreadHours === undefined ? {} : {spreadHours: options.spreadHours}),
		...(options.undated === undefined ? {} : {undated: options.undated}),
	});
	if (options.hostile) {
		makeHostile(data);
	}

	const clients = options.clients ?? defaultClients(seed);
	const behaviour = createBehaviour(options, seed, now);
	const injections = new Injections();
	let inFlight = 0;
	let stats = emptyStats(inFlight);
	const world: World = {
		data,
		organizations,
		pageSize: options.pageSize ?? 50,
		clients,
		behaviour,
		injections,
		jitter: createRandom(`jitter:${seed}`),
		stats: () => stats,
		now,
		maxSkewSeconds: options.maxSkewSeconds ?? 300,
	};
	const listener: RequestListener = (request, response) => {
		stats.requests++;
		stats.byMethod[request.method ?? 'GET'] = (stats.byMethod[request.method ?? 'GET'] ?? 0) + 1;
		inFlight++;
		stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
		response.once('close', () => {
			inFlight--;
		});
		handle(world, request, response).catch(() => {
			if (!response.headersSent) {
				send(response, {status: 500, body: {message: 'simulator error'}});
			}
		});
	};
	const server = options.tls
		? createTlsServer({key: options.tls.key, cert: options.tls.cert}, listener)
		: createServer(listener);
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	const [mainClient] = clients;
	if (!mainClient) {
		throw new Error('the simulator needs at least one client');
	}

	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/v1`,
		clientId: mainClient.clientId,
		clientSecret: mainClient.clientSecret,
		accounts: () => [...data.values()].map((entry) => entry.account),
		organizations: () => organizations,
		organizationOf: (accountId) => data.get(accountId)?.organizationId,
		pools: (accountId) => data.get(accountId)?.pools ?? [],
		sessions: (accountId) =>
			[...(data.get(accountId)?.sessions.values() ?? [])].map((session) =>
				sessionView(session, now()),
			),
		activeSessions: (accountId) => activeSessions(data.get(accountId), now()),
		stats: () => ({...stats, inFlight, byMethod: {...stats.byMethod}}),
		resetStats: () => {
			stats = emptyStats(inFlight);
		},
		inject: (rule) => injections.add(rule),
		configure: behaviour.configure,
		outage: (forMs, answer = 503) =>
			behaviour.configure({outage: {start: now(), end: now() + forMs, answer}}),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
