/**
 * One HTTP layer alone, in a process of its own: `count` signed DELETEs of sessions at `inFlight`
 * at once, every body read. Prints wall time, CPU and peak RSS as JSON. Run by `http-layers.ts`.
 */
import {readFileSync} from 'node:fs';
import {Agent} from 'node:http';
import nodeFetch from 'node-fetch';
import {Agent as UndiciAgent, request as undiciRequest} from 'undici';
import {exchange} from '../source/api/http.js';
import {signRequest} from '../source/api/signing.js';

type Job = {
	readonly layer: 'node-fetch' | 'node:http' | 'undici';
	readonly url: string;
	readonly clientId: string;
	readonly clientSecret: string;
	readonly accountId: string;
	readonly sessionIds: readonly string[];
	readonly inFlight: number;
};

const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Job;
const credentials = {clientId: job.clientId, clientSecret: job.clientSecret};
const headers = () => ({
	accept: 'application/json',
	...signRequest(credentials, Date.now() / 1000),
});
const agent = new Agent({keepAlive: true, maxSockets: 64});
const dispatcher = new UndiciAgent({connections: 64});

/** One DELETE through the chosen layer; resolves to its status. */
async function close(sessionId: string): Promise<number> {
	const url = `${job.url}/accounts/${job.accountId}/sessions/${sessionId}`;
	switch (job.layer) {
		case 'node-fetch': {
			const response = await nodeFetch(url, {method: 'DELETE', agent, headers: headers()});
			await response.text();
			return response.status;
		}

		case 'node:http': {
			const answer = await exchange(new URL(url), {
				method: 'DELETE',
				headers: headers(),
				agent,
				timeoutMs: 15_000,
				signals: [],
				maxBodyLength: 2 ** 28,
			});
			return answer.status;
		}

		case 'undici': {
			const response = await undiciRequest(url, {method: 'DELETE', headers: headers(), dispatcher});
			await response.body.text();
			return response.statusCode;
		}
	}
}

const started = performance.now();
let next = 0;
let failed = 0;
await Promise.all(
	Array.from({length: job.inFlight}, async () => {
		while (next < job.sessionIds.length) {
			const status = await close(job.sessionIds[next++] ?? '');
			failed += status >= 300 ? 1 : 0;
		}
	}),
);
const wallMs = performance.now() - started;
const usage = process.resourceUsage();
process.stdout.write(
	JSON.stringify({
		wallMs,
		cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
		peakRssMb: usage.maxRSS / 1024,
		failed,
	}),
);
agent.destroy();
await dispatcher.close();
