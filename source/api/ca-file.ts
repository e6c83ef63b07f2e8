import {X509Certificate} from 'node:crypto';
import tls from 'node:tls';
import {ClientConfigError} from './errors.js';
import {readRegularFile} from './regular-file.js';

const pemBlock = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** Node's default roots: its bundled CAs plus NODE_EXTRA_CA_CERTS (Node 22.15+), else the bundle. */
function defaultRoots(): readonly string[] {
	return typeof tls.getCACertificates === 'function'
		? tls.getCACertificates('default')
		: tls.rootCertificates;
}

/** The text of the file, or a configuration error naming it. */
function readPem(caFile: string): string {
	try {
		return readRegularFile(caFile);
	} catch (error) {
		const code = (error as {code?: unknown}).code;
		throw new ClientConfigError(
			code === 'ENOTFILE'
				? `ca_file ${caFile} is not a regular file`
				: `ca_file ${caFile} cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
		);
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
