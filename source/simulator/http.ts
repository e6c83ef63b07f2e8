import type {IncomingMessage, ServerResponse} from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import {brotliCompressSync, deflateSync, gzipSync} from 'node:zlib';
import type {InjectedResponse} from './faults.js';
import type {Reply} from './routes.js';

/** Sends a reply: a JSON body (a string goes as it is), its length, its headers. */
export function send(response: ServerResponse, {status, body, headers = {}}: Reply): void {
	const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	response.writeHead(status, {
		...(text ? {'content-type': 'application/json'} : {}),
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	response.end(text);
}

/** Sends the status and half of the body, then resets the connection. */
function breakBody(response: ServerResponse, {status, body}: Reply): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? {closed: true});
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	response.write(text.slice(0, Math.floor(text.length / 2)), () => response.socket?.destroy());
}

/** Answers as a test asked: late, never, with a dropped connection, a broken body, or as given. */
export async function answerInjected(
	request: IncomingMessage,
	response: ServerResponse,
	injected: InjectedResponse,
): Promise<void> {
	await delay(injected.delayMs ?? 0);
	if (injected.hang) {
		// No answer ever: the connection stays open until the client gives up.
		await new Promise((resolve) => request.socket.once('close', resolve));
		return;
	}

	if (injected.destroy) {
		request.socket.destroy();
		return;
	}

	const reply = {...injected, status: injected.status ?? 200};
	if (injected.breakBody) {
		breakBody(response, reply);
	} else if (injected.encoding) {
		sendCompressed(response, reply, injected.encoding);
	} else {
		send(response, reply);
	}
}

const compressors = {gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync} as const;

/** Sends a reply's body compressed, with its `content-encoding`. */
function sendCompressed(
	response: ServerResponse,
	{status, body, headers = {}}: Reply,
	encoding: keyof typeof compressors,
): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
	const bytes = compressors[encoding](Buffer.from(text));
	response.writeHead(status, {
		'content-type': 'application/json',
		'content-encoding': encoding,
		'content-length': bytes.length,
		...headers,
	});
	response.end(bytes);
}

/** A 429 that says when to come back, in seconds or as an HTTP date. */
export function rateLimited(seconds: number, as: 'seconds' | 'date', nowMs: number): Reply {
	return {
		status: 429,
		body: {message: 'rate limit exceeded'},
		headers: {
			'retry-after':
				as === 'date' ? new Date(nowMs + seconds * 1000).toUTCString() : String(seconds),
		},
	};
}

/** What a close is answered with under `closeAnswer: 'html'`, as a proxy or a portal might. */
export const htmlReply: Reply = {
	status: 200,
	body: '<!doctype html><html><body><p>Session closed.</p></body></html>',
	headers: {'content-type': 'text/html'},
};
