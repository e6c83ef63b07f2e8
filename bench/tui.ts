import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import {createFrameClient} from '../source/api/client.js';
import {closeSessions} from '../source/ops/close-sessions.js';
import {startRemoteSimulator} from './remote-simulator.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const esc = String.fromCharCode(27);
// Ink wraps each frame in synchronized-output markers: one per frame drawn.
const frameStart = `${esc}[?2026h`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Median and 95th percentile of some samples, in ms. */
export type Spread = {readonly median: number; readonly p95: number; readonly samples: number};

function spread(samples: readonly number[]): Spread {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (share: number) =>
		sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
	return {median: at(0.5), p95: at(0.95), samples: sorted.length};
}

/** The Node flags of the bin's first line (`#!/usr/bin/env -S node FLAGS`), as a shell starts it. */
function binFlags(): string[] {
	const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
	return /^#!\S*env -S node (.+)$/.exec(first)?.[1]?.trim().split(/\s+/) ?? [];
}

/**
 * The built program in a pseudo-terminal, with its raw output and its process's counters. The
 * app is started with its bin's flags, as `frame-tui` runs from a shell.
 */
export function launch(
	args: readonly string[],
	env: Record<string, string>,
	{columns = 120, rows = 40, node = process.execPath} = {},
) {
	const base = {...process.env} as Record<string, string>;
	for (const name of ['FRAME_CLIENT_ID', 'FRAME_CLIENT_SECRET', 'FRAME_API_URL', 'NO_COLOR']) {
		delete base[name];
	}

	const argv = args[0] === cli ? [...binFlags(), ...args] : args;
	const child = pty.spawn(node, [...argv], {
		cols: columns,
		rows,
		cwd: root,
		env: {...base, ...env},
	});
	let output = '';
	let chunks = 0;
	let onChunk: (() => void) | undefined;
	child.onData((data) => {
		output += data;
		chunks++;
		onChunk?.();
	});
	const exited = new Promise<number>((resolve) => child.onExit(({exitCode}) => resolve(exitCode)));
	const until = async (pattern: RegExp, timeoutMs = 60_000) => {
		const deadline = performance.now() + timeoutMs;
		while (!pattern.test(output)) {
			if (performance.now() > deadline) {
				throw new Error(`benchmark: timed out waiting for ${pattern}`);
			}

			await sleep(2);
		}
	};

	const proc = (field: string) => readFileSync(`/proc/${child.pid}/${field}`, 'utf8');
	return {
		child,
		exited,
		until,
		/** Resolves at the program's next output. */
		nextOutput: () =>
			new Promise<void>((resolve) => {
				onChunk = () => {
					onChunk = undefined;
					resolve();
				};
			}),
		output: () => output,
		chunks: () => chunks,
		/** Resident memory of the program now, in MB (VmRSS). */
		rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(proc('status'))?.[1] ?? Number.NaN) / 1024,
		/** Peak resident memory of the program so far, in MB (VmHWM). */
		peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(proc('status'))?.[1] ?? Number.NaN) / 1024,
		/** CPU time the program has used, user and system, in ms. */
		cpuMs: () => {
			const fields = proc('stat')
				.slice(proc('stat').lastIndexOf(')') + 2)
				.split(' ');
			return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
		},
	};
}

/** Time from writing a key to the program's next output, `count` times, a human pace apart. */
async function keyLatency(
	app: ReturnType<typeof launch>,
	keys: () => string,
	count: number,
): Promise<Spread> {
	const samples: number[] = [];
	for (let index = 0; index < count; index++) {
		await sleep(40);
		const output = app.nextOutput();
		const started = performance.now();
		app.child.write(keys());
		await output;
		samples.push(performance.now() - started);
	}

	return spread(samples);
}

/** Key-to-frame latencies and peak memory with 10,000 sessions on screen. */
export async function responsiveness(sessions = 10_000, presses = 200) {
	const sim = await startRemoteSimulator({accounts: 1, sessions, seed: 11});
	const app = launch([cli, '--refresh', '0'], {
		FRAME_API_URL: sim.url,
		FRAME_CLIENT_ID: sim.clientId,
		FRAME_CLIENT_SECRET: sim.clientSecret,
	});
	try {
		await app.until(/❯.*Tradeshow Demo/);
		const rssBeforeSessionsMb = app.rssMb();
		app.child.write('\r');
		await app.until(/❯.*All pools/);
		app.child.write('\r');
		await app.until(new RegExp(`0 selected · ${sessions} sessions`));
		const down = await keyLatency(app, () => `${esc}[B`, presses);
		const space = await keyLatency(app, () => ' ', presses);
		const all = await keyLatency(app, () => 'a', presses);
		app.child.write('/');
		await app.until(/filter: ▏/);
		let typed = 0;
		const filter = await keyLatency(app, () => (typed++ % 2 === 0 ? 'e' : '\u007F'), presses);
		const peakRssMb = app.peakRssMb();
		app.child.write(`${esc}`);
		await sleep(50);
		app.child.write('q');
		await app.exited;
		return {sessions, presses, down, space, all, filter, rssBeforeSessionsMb, peakRssMb};
	} finally {
		app.child.kill();
		await sim.stop();
	}
}

/** Frames drawn and CPU used while the app closes `sessions` sessions, beside the engine alone. */
export async function progressRendering(sessions = 1000, latencyMs = 40, concurrency = 8) {
	const options = {accounts: 1, sessions, seed: 12, latencyMs};
	const sim = await startRemoteSimulator(options);
	const app = launch([cli, '--refresh', '0', '--concurrency', String(concurrency)], {
		FRAME_API_URL: sim.url,
		FRAME_CLIENT_ID: sim.clientId,
		FRAME_CLIENT_SECRET: sim.clientSecret,
	});
	let tui: {frames: number; wallMs: number; cpuMs: number; closed: number};
	try {
		await app.until(/❯.*Tradeshow Demo/);
		app.child.write('\r');
		await app.until(/❯.*All pools/);
		app.child.write('\r');
		await app.until(new RegExp(`0 selected · ${sessions} sessions`));
		app.child.write('a');
		await app.until(new RegExp(`${sessions} selected`));
		app.child.write('x');
		await app.until(/Users are disconnected at once/);
		const outputBefore = app.output().length;
		const cpuBefore = app.cpuMs();
		const started = performance.now();
		app.child.write('y');
		await app.until(/Finished in/);
		const wallMs = performance.now() - started;
		const cpuMs = app.cpuMs() - cpuBefore;
		const frames = app.output().slice(outputBefore).split(frameStart).length - 1;
		tui = {frames, wallMs, cpuMs, closed: await sim.closed()};
		app.child.write('q');
		await app.exited;
	} finally {
		app.child.kill();
		await sim.stop();
	}

	// The same close with no screen at all, to tell the rendering's share of the CPU.
	const bare = await startRemoteSimulator(options);
	const client = createFrameClient({
		baseUrl: bare.url,
		credentials: {clientId: bare.clientId, clientSecret: bare.clientSecret},
	});
	const cpuBefore = process.cpuUsage();
	await closeSessions({client, accountId: bare.accountId, sessions: bare.sessions, concurrency});
	const cpu = process.cpuUsage(cpuBefore);
	client.close();
	await bare.stop();
	const engineCpuMs = (cpu.user + cpu.system) / 1000;
	return {
		sessions,
		requests: sessions,
		frames: tui.frames,
		framesPerSecond: (tui.frames / tui.wallMs) * 1000,
		wallMs: tui.wallMs,
		appCpuMs: tui.cpuMs,
		engineCpuMs,
		renderCpuMs: Math.max(0, tui.cpuMs - engineCpuMs),
		closed: tui.closed,
	};
}

/** Start to first full frame in demo mode, beside the time Node takes to run an empty script. */
export async function startup(runs = 5) {
	const app: number[] = [];
	const node: number[] = [];
	for (let run = 0; run < runs; run++) {
		const started = performance.now();
		const demo = launch([cli], {});
		// The footer draws keys bold: style codes may sit between a key and its label.
		await demo.until(new RegExp(String.raw`Partner Sandbox[\s\S]*q(?:${esc}\[[\d;]*m)* quit`));
		app.push(performance.now() - started);
		demo.child.write('q');
		await demo.exited;

		const bareStart = performance.now();
		const empty = launch(['-e', '0'], {});
		await empty.exited;
		node.push(performance.now() - bareStart);
	}

	return {app: spread(app), node: spread(node)};
}
