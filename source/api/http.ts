/**
 * One HTTP exchange over `node:http`: the request, then the whole body as text. What
 * node-fetch did for the transport, without a stream per response to collect: on Node 24 those
 * survived young collections and took a close of 10,000 sessions 150 MB higher (README,
 * Performance).
 */
import {type Agent, type IncomingHttpHeaders, type IncomingMessage, request} from 'node:http';
import {request as requestTls} from 'node:https';
import {pipeline, type Readable} from 'node:stream';
import {createBrotliDecompress, createGunzip, createInflate} from 'node:zlib';

/** What came back: the status and headers, and the body, or how reading it failed. */
export type HttpAnswer = {
	readonly status: number;
	readonly headers: IncomingHttpHeaders;
	readonly text: string;
	/** Why the body could not be read whole (broken off, too large); `text` is then empty. */
	readonly bodyError?: unknown;
};

/** One exchange. */
export type HttpExchange = {
	readonly method: string;
	readonly headers: Readonly<Record<string, string>>;
	readonly agent: Agent;
	/** The exchange fails with a `TimedOut` when headers and body take longer, in ms. */
	readonly timeoutMs: number;
	/** Any of them aborting ends the exchange at once, with that signal's reason. */
	readonly signals: readonly (AbortSignal | undefined)[];
	/** The longest body read, in UTF-16 units; past it the exchange ends with `bodyError`. */
	readonly maxBodyLength: number;
};

/** The exchange took longer than its time out. */
export class TimedOut extends Error {
	constructor(timeoutMs: number) {
		super(`no response within ${timeoutMs} ms`);
	}
}

/** A body longer than the exchange accepts. */
export class BodyTooLarge extends Error {
	constructor(maxBodyLength: number) {
		const size =
			maxBodyLength >= 2 ** 20
				? `${Math.round(maxBodyLength / 2 ** 20)} MB`
				: `${Math.round(maxBodyLength / 2 ** 10)} KB`;
		super(`the answer is larger than the ${size} allowed`);
	}
}

/** Decompressors for the encodings asked for in `accept-encoding`. */
const decoders: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
	gzip: createGunzip,
	'x-gzip': createGunzip,
	deflate: createInflate,
	br: createBrotliDecompress,
};

/** The encodings the answers may come in. */
export const acceptEncoding = 'gzip, deflate, br';

/** The body of a response, decoded and decompressed, up to `maxLength` units. */
async function readBody(response: IncomingMessage, maxLength: number): Promise<string> {
	const encoding = response.headers['content-encoding']?.trim().toLowerCase();
	const decoder = encoding === undefined ? undefined : decoders[encoding]?.();
	// An error on either side ends both, so the loop below hears of it.
	const stream: Readable = decoder
		? (pipeline(response, decoder, () => undefined) as unknown as Readable)
		: response;
	stream.setEncoding('utf8');
	let text = '';
	for await (const chunk of stream as AsyncIterable<string>) {
		if (text.length + chunk.length > maxLength) {
			response.destroy();
			throw new BodyTooLarge(maxLength);
		}

		text += chunk;
	}

	return text;
}

/**
 * Sends one request with an empty body and reads the whole answer. Rejects when the request
 * fails before any answer (the error as Node reports it), on the time out (`TimedOut`), or
 * with the reason of a signal that aborts; a body that fails after the status came, for any of
 * those reasons, is reported in `bodyError`, so the caller can still count a success.
 */
export function exchange(url: URL, options: HttpExchange): Promise<HttpAnswer> {
	const signals = options.signals.filter((signal) => signal !== undefined);
	const aborted = signals.find((signal) => signal.aborted);
	if (aborted) {
		return Promise.reject(aborted.reason);
	}

	return new Promise<HttpAnswer>((resolve, reject) => {
		const send = url.protocol === 'https:' ? requestTls : request;
		const outgoing = send(url, {
			method: options.method,
			headers: {'accept-encoding': acceptEncoding, ...options.headers},
			agent: options.agent,
		});
		let failure: unknown;
		const fail = (reason: unknown) => {
			failure ??= reason;
			outgoing.destroy(reason instanceof Error ? reason : new Error('cancelled'));
		};

		const onAbort = (event: Event) => fail((event.target as AbortSignal).reason);
		const timer = setTimeout(() => fail(new TimedOut(options.timeoutMs)), options.timeoutMs);
		for (const signal of signals) {
			signal.addEventListener('abort', onAbort, {once: true});
		}

		const settle = () => {
			clearTimeout(timer);
			for (const signal of signals) {
				signal.removeEventListener('abort', onAbort);
			}
		};

		let answered = false;
		outgoing.on('error', (error) => {
			// Once the status came, the body's reading hears of any failure.
			if (!answered) {
				settle();
				reject(failure ?? error);
			}
		});
		outgoing.once('response', (response) => {
			answered = true;
			const {statusCode: status = 0, headers} = response;
			readBody(response, options.maxBodyLength).then(
				(text) => {
					settle();
					resolve({status, headers, text});
				},
				(error: unknown) => {
					settle();
					// The status came: the caller decides what a body cut short (by the network,
					// the limit, a time out or a stop) means for it.
					resolve({status, headers, text: '', bodyError: failure ?? error});
				},
			);
		});
		outgoing.end();
	});
}
