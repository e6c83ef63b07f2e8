import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {startRemoteSimulator} from './remote-simulator.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const newline = 0x0a;
const tailBytes = 256;

/** One run of the built program: its wall time, exit code and how much it printed. */
type Run = {
	readonly wallMs: number;
	readonly code: number | null;
	readonly bytes: number;
	readonly lines: number;
	/** The last line printed, without its newline. */
	readonly lastLine: string;
	readonly stderr: string;
	/** Everything printed, only when asked for (the JSON check), as it may be large. */
	readonly stdout: Buffer | undefined;
};

/** Runs `node dist/cli.js ...args` with stdout counted as it arrives, timed from spawn to close. */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv, keep: boolean): Promise<Run> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, [cli, ...args], {
			cwd: root,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let bytes = 0;
		let lines = 0;
		// Only the last bytes are held, enough for the last line, which the table check reads.
		let tail = Buffer.alloc(0);
		const kept: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => {
			bytes += chunk.length;
			if (keep) {
				kept.push(chunk);
			}

			for (let at = chunk.indexOf(newline); at !== -1; at = chunk.indexOf(newline, at + 1)) {
				lines++;
			}

			tail = Buffer.concat([tail, chunk.subarray(-tailBytes)]).subarray(-tailBytes);
		});
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', reject);
		// 'close' rather than 'exit': the run is over for a user once the output has all arrived.
		child.on('close', (code) => {
			resolve({
				wallMs: performance.now() - started,
				code,
				bytes,
				lines,
				lastLine: tail.toString('utf8').trimEnd().split('\n').at(-1) ?? '',
				stderr: Buffer.concat(stderr).toString('utf8'),
				stdout: keep ? Buffer.concat(kept) : undefined,
			});
		});
	});
}

function median(samples: readonly number[]): number {
	const sorted = [...samples].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function check(run: Run, what: string): void {
	if (run.code !== 0) {
		throw new Error(`benchmark: ${what} exited with ${run.code}: ${run.stderr.trim()}`);
	}
}

/** Wall time of the headless `sessions --json` and table listings of one large account. */
export async function headlessListing(sessions = 200_000, runs = 3) {
	const sim = await startRemoteSimulator({accounts: 1, sessions, seed: 1, latencyMs: 0});
	const env: NodeJS.ProcessEnv = {
		...process.env,
		FRAME_API_URL: sim.url,
		FRAME_CLIENT_ID: sim.clientId,
		FRAME_CLIENT_SECRET: sim.clientSecret,
	};
	// A colour setting inherited from the shell must not change what is printed.
	delete env.NO_COLOR;
	const args = ['sessions', '--account', sim.accountId];
	const json: Run[] = [];
	const table: Run[] = [];
	try {
		for (let run = 0; run < runs; run++) {
			// Parsed once only: the check needs the whole text, the timing does not.
			const result = await runCli([...args, '--json'], env, run === 0);
			check(result, 'sessions --json');
			if (result.stdout) {
				const parsed: unknown = JSON.parse(result.stdout.toString('utf8'));
				if (!Array.isArray(parsed) || parsed.length !== sessions) {
					throw new Error(
						`benchmark: sessions --json printed ${Array.isArray(parsed) ? `${parsed.length} sessions` : 'no array'}, not ${sessions}`,
					);
				}
			}

			json.push({...result, stdout: undefined});
		}

		for (let run = 0; run < runs; run++) {
			const result = await runCli(args, env, false);
			check(result, 'sessions');
			// A header, a line a session, and the count.
			if (result.lines !== sessions + 2 || result.lastLine !== `${sessions} active sessions`) {
				throw new Error(
					`benchmark: sessions printed ${result.lines} lines ending "${result.lastLine}", not ${sessions + 2} ending "${sessions} active sessions"`,
				);
			}

			table.push(result);
		}
	} finally {
		await sim.stop();
	}

	const [firstJson] = json;
	const [firstTable] = table;
	return {
		sessions,
		runs,
		jsonMs: median(json.map((run) => run.wallMs)),
		tableMs: median(table.map((run) => run.wallMs)),
		jsonSamplesMs: json.map((run) => Math.round(run.wallMs)),
		tableSamplesMs: table.map((run) => Math.round(run.wallMs)),
		jsonBytes: firstJson?.bytes ?? 0,
		tableBytes: firstTable?.bytes ?? 0,
		tableLines: firstTable?.lines ?? 0,
	};
}
