import {generate, type SelfsignedOptions} from 'selfsigned';

/** A throwaway certificate authority and a server certificate it signed, all in PEM. */
export type TestCertificates = {
	/** The CA's certificate: what a client must trust. */
	readonly caCert: string;
	/** The server's private key and certificate, for the simulator's HTTPS mode. */
	readonly key: string;
	readonly cert: string;
	/** A CA no certificate here was signed by: trusting it alone must not help. */
	readonly otherCaCert: string;
};

/**
 * Makes a CA and a server certificate for `hostName` (a DNS name in its subjectAltName) signed
 * by it. EC keys, so this takes milliseconds, not the seconds of RSA; call it once per file.
 */
export async function makeCertificates(hostName: string): Promise<TestCertificates> {
	const caOptions: SelfsignedOptions = {
		keyType: 'ec',
		algorithm: 'sha256',
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
		],
	};
	const ca = await generate([{name: 'commonName', value: 'frame-tui test CA'}], caOptions);
	const other = await generate([{name: 'commonName', value: 'another test CA'}], caOptions);
	const server = await generate([{name: 'commonName', value: hostName}], {
		keyType: 'ec',
		algorithm: 'sha256',
		ca: {key: ca.private, cert: ca.cert},
		extensions: [
			{name: 'basicConstraints', cA: false},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
			{name: 'extKeyUsage', serverAuth: true},
			{name: 'subjectAltName', altNames: [{type: 2, value: hostName}]},
		],
	});
	return {caCert: ca.cert, key: server.private, cert: server.cert, otherCaCert: other.cert};
}
