import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';
import {computeSignature} from '../../source/api/signing.js';
import {createAuditor} from '../../source/audit/events.js';
import type {Simulator} from '../../source/simulator/server.js';

/** A record of the audit log as the file holds it. */
export type Record = {
	readonly event: string;
	readonly run_id: string;
	readonly ts: string;
	readonly [field: string]: unknown;
};

/** A fresh folder for a test's audit log, removed after it; the log's path is `dir/logs/audit.jsonl`. */
export function auditFolder(t: TestContext): {readonly dir: string; readonly path: string} {
	const dir = mkdtempSync(join(tmpdir(), 'frame-tui-audit-'));
	t.after(() => rmSync(dir, {recursive: true, force: true}));
	return {dir, path: join(dir, 'logs', 'audit.jsonl')};
}

/** The records of the log, each line parsed; none when there is no file. */
export function readRecords(path: string): Record[] {
	if (!existsSync(path)) {
		return [];
	}

	return readFileSync(path, 'utf8')
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => JSON.parse(line) as Record);
}

/** The records of one kind. */
export function ofEvent(records: readonly Record[], event: string): Record[] {
	return records.filter((record) => record.event === event);
}

/**
 * Asserts that none of the texts holds the secret or any signature these credentials made
 * between `from` and now (one a second, as the client signs), a second either side.
 */
export function assertNoSecrets(
	texts: readonly string[],
	credentials: {readonly clientId: string; readonly clientSecret: string},
	from: number,
): void {
	const signatures: string[] = [];
	for (let second = Math.floor(from / 1000) - 1; second <= Date.now() / 1000 + 1; second++) {
		signatures.push(computeSignature(credentials.clientId, credentials.clientSecret, second));
	}

	for (const text of texts) {
		assert.ok(!text.includes(credentials.clientSecret), 'the secret is nowhere');
		for (const signature of signatures) {
			assert.ok(!text.includes(signature), `no signature (${signature.slice(0, 8)}…) is anywhere`);
		}
	}
}

/** An auditor as runCli makes one for the app, writing to `path`. */
export const appAuditor = (path: string) => (sim: Simulator) =>
	createAuditor({
		path,
		identity: {
			mode: 'app',
			version: '0.0.0-test',
			profile: null,
			clientId: sim.clientId,
			apiHost: new URL(sim.url).host,
		},
	});
