/**
 * The HTTP layers the transport could use, side by side on the close's load: 10,000 signed
 * DELETEs at 16 in flight against the simulator in another process, each layer in a fresh
 * process on each Node, so one's garbage does not weigh on another.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {startRemoteSimulator} from './remote-simulator.js';

const worker = fileURLToPath(new URL('http-layer.ts', import.meta.url));
export const layers = ['node-fetch', 'node:http', 'undici'] as const;

/** One layer's close of `sessions` sessions. */
export type LayerRun = {
	readonly layer: (typeof layers)[number];
	readonly node: string;
	readonly wallMs: number;
	readonly cpuMs: number;
	readonly peakRssMb: number;
};

/** Each layer once on each Node, in turn. */
export async function compareLayers(
	nodes: readonly string[],
	sessions = 10_000,
	inFlight = 16,
): Promise<LayerRun[]> {
	const folder = mkdtempSync(join(tmpdir(), 'frame-tui-layers-'));
	const runs: LayerRun[] = [];
	try {
		for (const node of nodes) {
			const version = execFileSync(node, ['--version'], {encoding: 'utf8'}).trim();
			for (const layer of layers) {
				const sim = await startRemoteSimulator({accounts: 1, sessions, seed: 21, latencyMs: 2});
				try {
					const job = join(folder, 'job.json');
					writeFileSync(
						job,
						JSON.stringify({
							layer,
							url: sim.url,
							clientId: sim.clientId,
							clientSecret: sim.clientSecret,
							accountId: sim.accountId,
							sessionIds: sim.sessions.map((session) => session.id),
							inFlight,
						}),
					);
					const output = execFileSync(node, ['--import', 'tsx', worker, job], {encoding: 'utf8'});
					const run = JSON.parse(output) as Omit<LayerRun, 'layer' | 'node'> & {failed: number};
					if (run.failed > 0 || (await sim.closed()) !== sessions) {
						throw new Error(`benchmark: ${layer} on ${version} failed ${run.failed} closes`);
					}

					runs.push({
						layer,
						node: version,
						wallMs: run.wallMs,
						cpuMs: run.cpuMs,
						peakRssMb: run.peakRssMb,
					});
				} finally {
					await sim.stop();
				}
			}
		}
	} finally {
		rmSync(folder, {recursive: true, force: true});
	}

	return runs;
}
