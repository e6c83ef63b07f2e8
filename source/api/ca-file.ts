import {X509Certificate} from 'node:crypto';
import {closeSync, constants, fstatSync, openSync, readFileSync} from 'node:fs';
import tls from 'node:tls';
import {ClientConfigError} from './errors.js';

const pemBlock = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** Node's default roots: its bundled CAs plus NODE_EXTRA_CA_CERTS (Node 22.15+), else the bundle. */
function defaultRoots(): readonly string[] {
	return typeof tls.getCACertificates === 'function'
		? tls.getCACertificates('default')
		: tls.rootCertificates;
}

/**
 * The text of a regular file. Opened without blocking and checked before it is read: a FIFO
 * would block the read for ever, and `/dev/zero` or `/dev/urandom` would never end it.
 */
function readPem(caFile: string): string {
	let fd: number | undefined;
	try {
		fd = openSync(caFile, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
		if (!fstatSync(fd).isFile()) {
			throw new ClientConfigError(`ca_file ${caFile} is not a regular file`);
		}

		return readFileSync(fd, 'utf8');
	} catch (error) {
		if (error instanceof ClientConfigError) {
			throw error;
		}

		const code = (error as {code?: unknown}).code;
		throw new ClientConfigError(
			`ca_file ${caFile} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
		);
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

/**
 * The roots to trust with a `ca_file`: Node's own plus every certificate in the file, read once.
 * A file that cannot be read, or holds no valid PEM certificate, is a configuration error.
 */
export function trustedRoots(caFile: string): readonly string[] {
	const text = readPem(caFile);
	const certificates = text.match(pemBlock) ?? [];
	const valid = certificates.every((pem) => {
		try {
			return new X509Certificate(pem) !== undefined;
		} catch {
			return false;
		}
	});
	if (certificates.length === 0 || !valid) {
		throw new ClientConfigError(
			`ca_file ${caFile} is not a PEM file of certificates (-----BEGIN CERTIFICATE----- …)`,
		);
	}

	return [...defaultRoots(), ...certificates];
}
