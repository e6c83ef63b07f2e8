import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {setTimeout as delay} from 'node:timers/promises';
import {openStates, type Pool, type Session} from '../api/types.js';
import {type SimClient, verifyRequest} from './auth.js';
import {type RawAccount, type SimAccount, type SimSession, seedData} from './data.js';
import {FailurePlan, type InjectedResponse, Injections, RateLimiter} from './faults.js';
import {createRandom} from './random.js';

/** Knobs that may change while the simulator runs. */
export type SimulatorKnobs = {
	/** Added to every response, in ms. */
	readonly latencyMs?: number;
	/** Latency varies by up to this much either way, in ms. */
	readonly jitterMs?: number;
	/** Requests per second before 429s with `Retry-After`; 0 for no limit. */
	readonly rateLimit?: number;
	/** Share of requests answered with a 5xx, from 0 to 1. */
	readonly failRate?: number;
	/** How long a closed session stays `closing` (and listed as active), in ms. */
	readonly closeDelayMs?: number;
	/** How lists are sent: bare arrays, or wrapped as `{data}` or `{items}`. */
	readonly listShape?: 'bare' | 'data' | 'items';
};

/** Everything the simulator can be started with; all optional. */
export type SimulatorOptions = SimulatorKnobs & {
	/** 0 (the default) picks a free port. */
	readonly port?: number;
	readonly seed?: number;
	readonly accounts?: number;
	/** Active sessions seeded in each account. */
	readonly sessions?: number;
	/** Accepted credentials; one admin derived from the seed when absent. */
	readonly clients?: readonly SimClient[];
	/** Largest accepted distance between a request's timestamp and the clock, in seconds. */
	readonly maxSkewSeconds?: number;
	readonly now?: () => number;
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
};

/** A running simulator: its URL and credentials, its state for assertions, and its controls. */
export type Simulator = {
	readonly url: string;
	readonly clientId: string;
	readonly clientSecret: string;
	readonly accounts: () => readonly RawAccount[];
	readonly pools: (accountId: string) => readonly Pool[];
	/** Every session the account ever had, each with its state now (open, closing, closed, …). */
	readonly sessions: (accountId: string) => readonly Session[];
	/** What `GET /accounts/{id}/active_sessions` lists now. */
	readonly activeSessions: (accountId: string) => readonly Session[];
	readonly stats: () => SimulatorStats;
	readonly resetStats: () => void;
	readonly inject: (rule: InjectedResponse) => void;
	readonly configure: (knobs: SimulatorKnobs) => void;
	readonly close: () => Promise<void>;
};

const activeStates = new Set([...openStates, 'closing']);

function publicSession(session: SimSession, now: number): Session {
	if (session.state === 'closing' && (session.closingUntil ?? 0) <= now) {
		session.state = 'closed';
		delete session.closingUntil;
	}

	const {closingUntil: _, ...fields} = session;
	return fields;
}

/** Starts the Frame control-plane simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const now = options.now ?? Date.now;
	const seed = options.seed ?? 1;
	const data = seedData({
		seed,
		accounts: options.accounts ?? 3,
		sessionsPerAccount: options.sessions ?? 40,
		now: now(),
	});
	const credentialRandom = createRandom(`credentials:${seed}`);
	const hex = '0123456789abcdef';
	const clients = options.clients ?? [
		{
			clientId: `sim-${credentialRandom.chars(12, hex)}`,
			clientSecret: `sim-secret-${credentialRandom.chars(32, hex)}`,
			role: 'admin' as const,
		},
	];
	const knobs: Required<SimulatorKnobs> = {
		latencyMs: 0,
		jitterMs: 0,
		rateLimit: 0,
		failRate: 0,
		closeDelayMs: 0,
		listShape: 'bare',
	};
	let limiter: RateLimiter | undefined;
	let failures = new FailurePlan(0, seed);
	const configure = (changes: SimulatorKnobs) => {
		Object.assign(
			knobs,
			Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
		);
		limiter = knobs.rateLimit > 0 ? new RateLimiter(knobs.rateLimit, now()) : undefined;
		failures = new FailurePlan(knobs.failRate, seed);
	};

	configure(options);
	const injections = new Injections();
	const jitter = createRandom(`jitter:${seed}`);
	let inFlight = 0;
	const emptyStats = () => ({
		requests: 0,
		peakInFlight: inFlight,
		byMethod: {} as Record<string, number>,
		rateLimited: 0,
		failures: 0,
		unauthorized: 0,
	});
	let stats = emptyStats();

	const send = (
		response: ServerResponse,
		status: number,
		body?: unknown,
		headers: Readonly<Record<string, string>> = {},
	) => {
		const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		response.writeHead(status, {
			...(text ? {'content-type': 'application/json'} : {}),
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		response.end(text);
	};

	const sendList = (response: ServerResponse, items: readonly unknown[]) =>
		send(response, 200, knobs.listShape === 'bare' ? items : {[knobs.listShape]: items});

	function route(
		method: string,
		segments: readonly string[],
		client: SimClient,
		response: ServerResponse,
	) {
		const [root, accountId, collection, sessionId, ...rest] = segments;
		const world: SimAccount | undefined = accountId === undefined ? undefined : data.get(accountId);
		if (root !== 'accounts' || rest.length > 0) {
			return send(response, 404, {message: 'no such endpoint'});
		}

		if (method !== 'GET' && !(method === 'DELETE' && sessionId !== undefined)) {
			return send(response, 405, {message: `${method} is not allowed here`});
		}

		if (accountId === undefined) {
			return sendList(
				response,
				[...data.values()].map((entry) => entry.account),
			);
		}

		if (!world) {
			return send(response, 404, {message: `account ${accountId} not found`});
		}

		if (collection === undefined) {
			return send(response, 200, {...world.account, kind: 'frame'});
		}

		if (collection === 'pools' && sessionId === undefined) {
			return sendList(response, world.pools);
		}

		if (collection === 'active_sessions' && sessionId === undefined) {
			const active = [...world.sessions.values()]
				.map((session) => publicSession(session, now()))
				.filter((session) => activeStates.has(session.state ?? ''));
			return sendList(response, active);
		}

		if (collection !== 'sessions' || sessionId === undefined) {
			return send(response, 404, {message: 'no such endpoint'});
		}

		const session = world.sessions.get(sessionId);
		if (!session) {
			return send(response, 404, {message: `session ${sessionId} not found`});
		}

		const current = publicSession(session, now());
		if (method === 'GET') {
			return send(response, 200, current);
		}

		if (client.role !== 'admin') {
			return send(response, 403, {
				message: 'the API role of these credentials cannot close sessions',
			});
		}

		if (!openStates.includes(current.state ?? '')) {
			return current.state === 'closing'
				? send(response, 202)
				: send(response, 404, {message: `session ${sessionId} is not active`});
		}

		if (knobs.closeDelayMs > 0) {
			session.state = 'closing';
			session.closingUntil = now() + knobs.closeDelayMs;
		} else {
			session.state = 'closed';
		}

		return send(response, 202);
	}

	async function handle(request: IncomingMessage, response: ServerResponse) {
		const method = request.method ?? 'GET';
		const pathname = new URL(request.url ?? '/', 'http://simulator').pathname;
		const apiPath = pathname.replace(/^\/v1(?=\/|$)/, '');
		const latency = knobs.latencyMs + (jitter.next() * 2 - 1) * knobs.jitterMs;
		if (latency > 0) {
			await delay(latency);
		}

		const injected = injections.take(method, apiPath);
		if (injected) {
			await delay(injected.delayMs ?? 0);
			if (injected.destroy) {
				request.socket.destroy();
				return;
			}

			return send(response, injected.status ?? 200, injected.body, injected.headers);
		}

		const allowed = limiter?.take(now()) ?? {ok: true};
		if (!allowed.ok) {
			stats.rateLimited++;
			return send(
				response,
				429,
				{message: 'rate limit exceeded'},
				{
					'retry-after': String(allowed.retryAfterSeconds),
				},
			);
		}

		const verdict = verifyRequest(request.headers, clients, now(), options.maxSkewSeconds ?? 300);
		if (!verdict.ok) {
			stats.unauthorized++;
			return send(response, 401, {message: verdict.message});
		}

		const failure = failures.next(method, apiPath);
		if (failure !== undefined) {
			stats.failures++;
			return send(response, failure, {message: 'simulated failure'});
		}

		if (pathname === apiPath) {
			return send(response, 404, {message: 'the API lives under /v1'});
		}

		let segments: string[];
		try {
			segments = apiPath.split('/').slice(1).map(decodeURIComponent);
		} catch {
			return send(response, 400, {message: 'malformed path'});
		}

		route(method, segments.filter(Boolean), verdict.client, response);
	}

	const server = createServer((request, response) => {
		stats.requests++;
		stats.byMethod[request.method ?? 'GET'] = (stats.byMethod[request.method ?? 'GET'] ?? 0) + 1;
		inFlight++;
		stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
		response.once('close', () => {
			inFlight--;
		});
		handle(request, response).catch(() => {
			if (!response.headersSent) {
				send(response, 500, {message: 'simulator error'});
			}
		});
	});
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

	const world = (accountId: string) => [...(data.get(accountId)?.sessions.values() ?? [])];
	return {
		url: `http://127.0.0.1:${port}/v1`,
		clientId: mainClient.clientId,
		clientSecret: mainClient.clientSecret,
		accounts: () => [...data.values()].map((entry) => entry.account),
		pools: (accountId) => data.get(accountId)?.pools ?? [],
		sessions: (accountId) => world(accountId).map((session) => publicSession(session, now())),
		activeSessions: (accountId) =>
			world(accountId)
				.map((session) => publicSession(session, now()))
				.filter((session) => activeStates.has(session.state ?? '')),
		stats: () => ({...stats, inFlight, byMethod: {...stats.byMethod}}),
		resetStats: () => {
			stats = emptyStats();
		},
		inject: (rule) => injections.add(rule),
		configure,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
