import {UsageError} from '../errors.js';

/** After a stop, how long closes already in flight get to finish before they are cancelled. */
export const stopGraceMs = 5000;

/**
 * The grace of this run: FRAME_TUI_STOP_GRACE_MS when set (for tests, which would otherwise wait
 * out five seconds of it), else 5 s.
 */
export function stopGrace(env: Readonly<Record<string, string | undefined>>): number {
	const value = env.FRAME_TUI_STOP_GRACE_MS?.trim();
	if (!value) {
		return stopGraceMs;
	}

	if (!/^\d{1,6}$/.test(value)) {
		throw new UsageError('FRAME_TUI_STOP_GRACE_MS must be a number of milliseconds, such as 5000');
	}

	return Number(value);
}

/** How a bulk close is stopped: gently first, then, after a grace period or on demand, at once. */
export type Stopper = {
	/** Aborts when the close should start nothing more and wait for nothing more. */
	readonly signal: AbortSignal;
	/** Aborts when closes still in flight should be cancelled (they end `unknown`). */
	readonly cancel: AbortSignal;
	/** Stops gently, and cancels what is still in flight once the grace period is over. */
	readonly stop: () => void;
	/** Cancels what is in flight now. */
	readonly cancelNow: () => void;
	/** Forgets the grace timer, and makes `stop` do nothing; call once the close has ended. */
	readonly dispose: () => void;
};

/** A stopper for one bulk close, shared by the headless command and the app. */
export function createStopper(graceMs = stopGraceMs): Stopper {
	const stopping = new AbortController();
	const cancelling = new AbortController();
	let grace: NodeJS.Timeout | undefined;
	let disposed = false;
	return {
		signal: stopping.signal,
		cancel: cancelling.signal,
		stop() {
			// After the close has ended there is nothing to stop, and no grace timer to leave behind.
			if (!disposed && !stopping.signal.aborted) {
				stopping.abort();
				grace = setTimeout(() => cancelling.abort(), graceMs);
			}
		},
		cancelNow() {
			stopping.abort();
			cancelling.abort();
		},
		dispose() {
			disposed = true;
			clearTimeout(grace);
		},
	};
}
