import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {connect, type Socket} from 'node:net';

/** A CONNECT proxy on loopback, as an office's would be, and what it was asked. */
export type TestProxy = {
	/** `http://127.0.0.1:PORT`, for HTTPS_PROXY. */
	readonly url: string;
	/** Every CONNECT target it was asked for (`host:port`), in order. */
	readonly connects: readonly string[];
	readonly close: () => Promise<void>;
};

/**
 * Starts a CONNECT proxy on 127.0.0.1 that tunnels to the given host names only, each resolved
 * to 127.0.0.1 (the port as asked), so nothing leaves the machine; any other target gets 502.
 * With `refuse` set it answers every CONNECT with that status instead (407 wants credentials).
 */
export async function startProxy(
	hosts: readonly string[],
	options: {readonly refuse?: number} = {},
): Promise<TestProxy> {
	const connects: string[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((_request, response) => {
		response.writeHead(405).end();
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.on('connect', (request, client: Socket, head) => {
		const target = request.url ?? '';
		connects.push(target);
		const [, name = '', port = '443'] = /^(.*):(\d+)$/.exec(target) ?? [];
		if (options.refuse !== undefined || !hosts.includes(name)) {
			const status = options.refuse ?? 502;
			const reason = status === 407 ? 'Proxy Authentication Required' : 'Bad Gateway';
			client.end(
				`HTTP/1.1 ${status} ${reason}\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n`,
			);
			return;
		}

		const upstream = connect(Number(port), '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.once('close', () => sockets.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		connects,
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) {
					socket.destroy();
				}

				server.close(() => resolve());
			}),
	};
}
