import type {IncomingHttpHeaders} from 'node:http';
import {computeSignature, signatureMatches} from '../api/signing.js';

/**
 * A credential the simulator accepts; `read-only` may list but not close. Its scope is the
 * customer's (every organization) unless it is one organization's or one account's.
 */
export type SimClient = {
	readonly clientId: string;
	readonly clientSecret: string;
	readonly role: 'admin' | 'read-only';
	readonly scope?: {readonly organization: string} | {readonly account: string};
};

/** The outcome of checking a request's signature. */
export type Verdict =
	| {readonly ok: true; readonly client: SimClient}
	| {readonly ok: false; readonly message: string};

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** Checks the X-Frame-* headers exactly as frame-api.md documents them. */
export function verifyRequest(
	headers: IncomingHttpHeaders,
	clients: readonly SimClient[],
	nowMs: number,
	maxSkewSeconds: number,
): Verdict {
	const clientId = header(headers, 'x-frame-clientid');
	const timestamp = header(headers, 'x-frame-timestamp');
	const signature = header(headers, 'x-frame-signature');
	if (!clientId || !timestamp || !signature) {
		return {ok: false, message: 'missing X-Frame-ClientId, X-Frame-Timestamp or X-Frame-Signature'};
	}

	const client = clients.find((candidate) => candidate.clientId === clientId);
	if (!client) {
		return {ok: false, message: 'unknown client id'};
	}

	if (!/^\d+$/.test(timestamp)) {
		return {ok: false, message: 'the timestamp is not a whole number of seconds'};
	}

	if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewSeconds) {
		return {ok: false, message: 'the timestamp is outside the allowed window'};
	}

	const expected = computeSignature(client.clientId, client.clientSecret, Number(timestamp));
	return signatureMatches(expected, signature)
		? {ok: true, client}
		: {ok: false, message: 'invalid signature'};
}
