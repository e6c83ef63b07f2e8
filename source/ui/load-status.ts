import {FrameApiError} from '../api/errors.js';
import {describeError} from '../errors.js';
import type {LoadState} from './use-load.js';

/**
 * A time of day as the app shows it, local: "12:30:28". By hand, not `toLocaleTimeString`: the
 * locale's date formats cost the process 5 MB of resident memory.
 */
export function clockTime(at: Date): string {
	return [at.getHours(), at.getMinutes(), at.getSeconds()]
		.map((part) => String(part).padStart(2, '0'))
		.join(':');
}

/** Why a load failed, in a few words: the error's line without the method and path it names. */
export function failureReason(error: unknown): string {
	const line = describeError(error).line;
	if (error instanceof FrameApiError) {
		const prefix = `${error.method} ${error.path}: `;
		return line.startsWith(prefix) ? line.slice(prefix.length) : line;
	}

	return line;
}

/**
 * A load in trouble, as one status line in three parts, so the reason (the part that can be long)
 * is the one cut to fit: "refresh failed: " + reason + " · last good 12:30:28 · next try 12:31:15".
 */
export type LoadProblem = {
	readonly tone: 'warn' | 'error';
	readonly head: string;
	readonly reason: string;
	readonly tail: string;
	/** Fewer words around the reason, for a narrow screen. */
	readonly compact?: {readonly head: string; readonly tail: string};
};

/**
 * What a screen's status line says about its load: a retry being waited out, or a failed load
 * with the time of the last good one and of the next try. Undefined when all is well, and when
 * nothing was ever loaded (the screen's error panel says why in its place).
 */
export function loadProblem(state: LoadState<unknown>): LoadProblem | undefined {
	const lastGood = state.loadedAt ? ` · last good ${clockTime(state.loadedAt)}` : '';
	if (state.retrying) {
		const {attempt, maxAttempts, reason} = state.retrying;
		return {
			tone: 'warn',
			head: `retrying… ${attempt + 1}/${maxAttempts} (`,
			reason,
			tail: `)${lastGood}`,
		};
	}

	if (state.error === undefined || !state.loadedAt) {
		return undefined;
	}

	// No time of the failure: it is now, near enough, and the line must fit 80 columns.
	const next = state.nextAt ? `next try ${clockTime(state.nextAt)}` : 'r retries';
	const nextShort = state.nextAt ? `next ${clockTime(state.nextAt)}` : 'r retries';
	return {
		tone: 'error',
		head: 'refresh failed: ',
		reason: failureReason(state.error),
		tail: `${lastGood} · ${next}`,
		compact: {head: 'failed: ', tail: `${lastGood} · ${nextShort}`},
	};
}
