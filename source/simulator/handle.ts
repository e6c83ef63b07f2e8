/**
 * How the simulator answers one request: its knobs and what they make (a rate limiter, a failure
 * plan), the credentials it accepts, and the order of the checks a request goes through.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {type SimClient, verifyRequest} from './auth.js';
import type {RawOrganization, SimAccount} from './data.js';
import {FailurePlan, type Injections, RateLimiter} from './faults.js';
import {answerInjected, htmlReply, rateLimited, send} from './http.js';
import {createRandom, type Random} from './random.js';
import {route} from './routes.js';
import type {SimulatorKnobs, SimulatorOptions} from './server.js';

/** The simulator's changing parts: its knobs, and the rate limiter and failure plan they make. */
export function createBehaviour(options: SimulatorOptions, seed: number, now: () => number) {
	const knobs: Required<Omit<SimulatorKnobs, 'outage'>> & Pick<SimulatorKnobs, 'outage'> = {
		latencyMs: 0,
		jitterMs: 0,
		deleteLatencyMs: 0,
		deleteJitterMs: 0,
		rateLimit: 0,
		failRate: 0,
		closeDelayMs: 0,
		listShape: 'bare',
		retryAfterAs: 'seconds',
		closeAnswer: 'empty',
		refuse: [],
		outage: undefined,
	};
	const behaviour = {
		knobs,
		limiter: undefined as RateLimiter | undefined,
		failures: new FailurePlan(0, seed),
		configure(changes: SimulatorKnobs) {
			Object.assign(
				knobs,
				Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
			);
			// Only what changed starts over: an outage begun mid-run must not replay the failures so far.
			if (changes.rateLimit !== undefined || behaviour.limiter === undefined) {
				behaviour.limiter =
					knobs.rateLimit > 0 ? new RateLimiter(knobs.rateLimit, now()) : undefined;
			}

			if (changes.failRate !== undefined) {
				behaviour.failures = new FailurePlan(knobs.failRate, seed);
			}
		},
	};
	behaviour.configure(options);
	return behaviour;
}

/** The one admin the simulator accepts when given none, derived from the seed. */
export function defaultClients(seed: number): readonly SimClient[] {
	const random = createRandom(`credentials:${seed}`);
	const hex = '0123456789abcdef';
	return [
		{
			clientId: `sim-${random.chars(12, hex)}`,
			clientSecret: `sim-secret-${random.chars(32, hex)}`,
			role: 'admin',
		},
	];
}

/** Counts of what the simulator has seen. */
export function emptyStats(inFlight: number) {
	return {
		requests: 0,
		peakInFlight: inFlight,
		byMethod: {} as Record<string, number>,
		rateLimited: 0,
		failures: 0,
		unauthorized: 0,
		refused: 0,
	};
}

/** Everything a request is answered from. */
export type World = {
	readonly data: ReadonlyMap<string, SimAccount>;
	readonly organizations: readonly RawOrganization[];
	readonly pageSize: number;
	readonly clients: readonly SimClient[];
	readonly behaviour: ReturnType<typeof createBehaviour>;
	readonly injections: Injections;
	readonly jitter: Random;
	readonly stats: () => ReturnType<typeof emptyStats>;
	readonly now: () => number;
	readonly maxSkewSeconds: number;
};

/** Answers one request: the latency, an injected answer, the rate limit, the signature, a failure, the route. */
export async function handle(world: World, request: IncomingMessage, response: ServerResponse) {
	const {knobs, limiter, failures} = world.behaviour;
	const {now} = world;
	const method = request.method ?? 'GET';
	const {pathname, searchParams} = new URL(request.url ?? '/', 'http://simulator');
	const apiPath = pathname.replace(/^\/v1(?=\/|$)/, '');
	const latency =
		knobs.latencyMs +
		(world.jitter.next() * 2 - 1) * knobs.jitterMs +
		(method === 'DELETE'
			? knobs.deleteLatencyMs + (world.jitter.next() * 2 - 1) * knobs.deleteJitterMs
			: 0);
	if (latency > 0) {
		await delay(latency);
	}

	const injected = world.injections.take(method, apiPath);
	if (injected) {
		return answerInjected(request, response, injected);
	}

	const {outage} = knobs;
	if (outage && outage.start <= now() && now() < outage.end) {
		world.stats().failures++;
		if (outage.answer === 'drop') {
			request.socket.destroy();
			return;
		}

		return send(response, {status: outage.answer, body: {message: 'service unavailable'}});
	}

	const allowed = limiter?.take(now()) ?? {ok: true};
	if (!allowed.ok) {
		world.stats().rateLimited++;
		return send(response, rateLimited(allowed.retryAfterSeconds, knobs.retryAfterAs, now()));
	}

	const verdict = verifyRequest(request.headers, world.clients, now(), world.maxSkewSeconds);
	if (!verdict.ok) {
		world.stats().unauthorized++;
		return send(response, {status: 401, body: {message: verdict.message}});
	}

	const failure = failures.next(method, apiPath);
	if (failure !== undefined) {
		world.stats().failures++;
		return send(response, {status: failure, body: {message: 'simulated failure'}});
	}

	if (pathname === apiPath) {
		return send(response, {status: 404, body: {message: 'the API lives under /v1'}});
	}

	let segments: string[];
	try {
		segments = apiPath.split('/').slice(1).map(decodeURIComponent);
	} catch {
		return send(response, {status: 400, body: {message: 'malformed path'}});
	}

	if (
		method === 'DELETE' &&
		knobs.refuse.some((prefix) => (segments[3] ?? '').startsWith(prefix))
	) {
		world.stats().refused++;
		return send(response, {status: 403, body: {message: 'closing this session is not allowed'}});
	}

	const context = {
		...knobs,
		data: world.data,
		organizations: world.organizations,
		pageSize: world.pageSize,
		now: now(),
	};
	const reply = route(context, method, segments.filter(Boolean), verdict.client, searchParams);
	const closed = method === 'DELETE' && reply.status >= 200 && reply.status < 300;
	send(response, closed && knobs.closeAnswer === 'html' ? htmlReply : reply);
}
