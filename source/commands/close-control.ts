/** How an operator steers a headless close: the confirmation before it, the signals during it. */
import {createInterface} from 'node:readline';
import type {AuditedClose} from '../ops/audited-close.js';
import {stopGraceMs} from '../ops/stopper.js';
import {type Io, println} from '../output.js';
import type {CommandContext, StopSignal} from './context.js';

/** Asks a yes/no question on the terminal; Ctrl-C answers "interrupted", anything but y/yes is no. */
export function confirm(io: Io, question: string): Promise<'yes' | 'no' | 'interrupted'> {
	return new Promise((resolve) => {
		const prompt = createInterface({input: io.stdin, output: io.stderr as NodeJS.WritableStream});
		let answered = false;
		const answer = (value: 'yes' | 'no' | 'interrupted') => {
			if (!answered) {
				answered = true;
				prompt.close();
				resolve(value);
			}
		};

		prompt.on('SIGINT', () => {
			io.stderr.write('\n');
			answer('interrupted');
		});
		prompt.on('close', () => answer('no'));
		prompt.question(question, (text) => answer(/^\s*y(es)?\s*$/i.test(text) ? 'yes' : 'no'));
	});
}

/**
 * Catches SIGINT, SIGTERM and SIGHUP from the first close until the results are out. While
 * closing, the first stops gently (no new closes, no more waits, `stopGraceMs` for those in
 * flight) and the second cancels what is in flight. Once every result is known, a first signal
 * only sets the exit code, so the results still all come out; a later one ends the process.
 */
export function catchStops(context: CommandContext, run: Pick<AuditedClose, 'stop' | 'cancelNow'>) {
	const {stderr} = context.io;
	const state = {by: undefined as StopSignal | undefined, settled: false};
	const release = context.onStop((signal) => {
		// A terminal that hangs up says so more than once (the kernel's SIGHUP, then failed writes):
		// one hang-up stops the run; only another signal stops it now.
		if (signal === 'SIGHUP' && state.by === 'SIGHUP') {
			return;
		}

		if (state.settled) {
			if (state.by !== undefined) {
				return 'exit';
			}

			state.by = signal;
			println(stderr, `${signal}: every close has ended; printing their results first.`);
			return;
		}

		// The progress line may be half-drawn on a terminal: end it first.
		println(stderr);
		if (state.by === undefined) {
			state.by = signal;
			run.stop(signal);
			println(
				stderr,
				`${signal}: stopping. No new closes start; those in flight get ${stopGraceMs / 1000} s to finish (${signal === 'SIGINT' ? 'Ctrl-C again' : 'another signal'} cancels them now).`,
			);
		} else {
			run.cancelNow(signal);
			println(stderr, `${signal}: stopping now; closes in flight are reported unknown.`);
		}
	});
	return {
		/** The signal that stopped the run or came while its results were printed, if any. */
		stoppedBy: () => state.by,
		/** Every result is known: from now on signals no longer stop the close. */
		settle() {
			state.settled = true;
		},
		release,
	};
}
