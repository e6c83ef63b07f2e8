import {type ClientRequest, Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import type {LookupFunction, Socket} from 'node:net';
import {HttpsProxyAgent} from 'https-proxy-agent';
import {ClientConfigError} from './errors.js';
import {isLoopbackHost} from './loopback.js';

/** The environment variables the proxy is read from; any other is ignored. */
export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/** The value of a proxy variable, lowercase first as curl reads them; empty counts as unset. */
function variable(env: ProxyEnvironment, name: string): {name: string; value: string} | undefined {
	for (const spelling of [name.toLowerCase(), name.toUpperCase()]) {
		const value = env[spelling]?.trim();
		if (value) {
			return {name: spelling, value};
		}
	}

	return undefined;
}

/** Whether NO_PROXY names this host: `*`, the host itself or a domain above it, with an optional port. */
function bypassed(env: ProxyEnvironment, url: URL): boolean {
	const list = variable(env, 'no_proxy')?.value.toLowerCase() ?? '';
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	return list.split(/[\s,]+/).some((entry) => {
		if (entry === '*') {
			return true;
		}

		// `name:port`, `[v6]:port`; a bare IPv6 address has colons but no port.
		const [, name = entry, entryPort] = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(entry) ?? [];
		const domain = name.replace(/^\*?\.?/, '').replace(/^\[|\]$/g, '');
		if (domain === '' || (entryPort !== undefined && entryPort !== port)) {
			return false;
		}

		return host === domain || host.endsWith(`.${domain}`);
	});
}

/**
 * The proxy requests to this base URL go through, from HTTPS_PROXY (https) or HTTP_PROXY (http)
 * and NO_PROXY, in either case; undefined for none. Loopback is never proxied, so the simulator
 * and demo mode work on any machine. A value without a scheme means `http://`.
 */
export function proxyFor(baseUrl: string, env: ProxyEnvironment): URL | undefined {
	const url = new URL(baseUrl);
	if (isLoopbackHost(url.hostname) || bypassed(env, url)) {
		return undefined;
	}

	const setting = variable(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
	if (setting === undefined) {
		return undefined;
	}

	let proxy: URL;
	try {
		proxy = new URL(setting.value.includes('://') ? setting.value : `http://${setting.value}`);
	} catch {
		// Never the value: it may carry a password.
		throw new ClientConfigError(`${setting.name} is not a URL such as http://proxy.example:3128`);
	}

	if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
		throw new ClientConfigError(
			`${setting.name} uses ${proxy.protocol}; only http:// and https:// proxies are supported`,
		);
	}

	return proxy;
}

/** How a proxy is named in messages: scheme, host and port, never a user name or password. */
export function proxyLabel(proxy: URL): string {
	return `${proxy.protocol}//${proxy.host}`;
}

/** An error of a failed connection, with a `code` as Node's own have. */
function connectionError(message: string, code: string): Error {
	return Object.assign(new Error(message), {code});
}

/** What https-proxy-agent hands `connect`: the request's host, port and TLS options. */
type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

/** Failures to reach the proxy itself: the only host a proxied request connects to. */
const unreachable = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET)$/;

/**
 * Codes of a proxy's answer other than 200 to CONNECT, read by `responses.ts`: nothing reached
 * the server. A 4xx (407 for credentials, 403 for a blocked host) will not change on retry; a
 * 5xx (the proxy could not reach the server) may.
 */
export const proxyCodes = {refused: 'ERR_PROXY_REFUSED', failed: 'ERR_PROXY_FAILED'} as const;

/**
 * A CONNECT tunnel through the proxy that trusts the given roots and turns the proxy's refusal
 * (407, 403, 502 …) into an error naming the proxy. https-proxy-agent would instead replay the
 * refusal as if the server had answered it, so a proxy's 502 would pass for Frame's own.
 */
class TunnellingAgent extends HttpsProxyAgent<string> {
	readonly #ca: readonly string[] | undefined;
	readonly #label: string;

	constructor(proxy: URL, options: AgentSettings) {
		super(proxy.href, {keepAlive: true, maxSockets: options.maxSockets});
		this.#ca = options.ca;
		this.#label = proxyLabel(proxy);
	}

	override async connect(request: ClientRequest, options: ConnectOptions): Promise<Socket> {
		let status = 0;
		let reason = '';
		request.once('proxyConnect', (answer: {statusCode: number; statusText: string}) => {
			status = answer.statusCode;
			reason = answer.statusText;
		});
		let socket: Socket;
		try {
			// https-proxy-agent keeps no agent options for the tunnelled TLS: the roots go per connection.
			socket = await super.connect(
				request,
				this.#ca ? ({...options, ca: [...this.#ca]} as ConnectOptions) : options,
			);
		} catch (error) {
			const code = (error as {code?: unknown}).code;
			throw typeof code === 'string' && unreachable.test(code)
				? connectionError(`cannot reach the proxy ${this.#label} (${code})`, code)
				: error;
		}

		if (status !== 200) {
			socket.destroy();
			throw connectionError(
				`the proxy ${this.#label} refused the connection: HTTP ${status}${reason ? ` ${reason}` : ''}`,
				status >= 500 ? proxyCodes.failed : proxyCodes.refused,
			);
		}

		return socket;
	}
}

/** What the agent of a transport is made from. */
export type AgentSettings = {
	readonly maxSockets: number;
	/** Trusted roots replacing Node's own; undefined keeps Node's (NODE_EXTRA_CA_CERTS included). */
	readonly ca?: readonly string[] | undefined;
	/** Host name resolution for direct connections (tests map a name to loopback). */
	readonly lookup?: LookupFunction | undefined;
};

/** The keep-alive agent for a base URL: a tunnel through its proxy, or a direct connection. */
export function createAgent(
	baseUrl: string,
	env: ProxyEnvironment,
	settings: AgentSettings,
): HttpAgent {
	const proxy = proxyFor(baseUrl, env);
	if (proxy) {
		return new TunnellingAgent(proxy, settings);
	}

	const options = {
		keepAlive: true,
		maxSockets: settings.maxSockets,
		...(settings.ca ? {ca: [...settings.ca]} : {}),
		...(settings.lookup ? {lookup: settings.lookup} : {}),
	};
	return baseUrl.startsWith('https:') ? new HttpsAgent(options) : new HttpAgent(options);
}
