import {formatDuration} from '../format/time.js';
import {type ApiState, pacedText, unavailableText} from '../ops/api-health.js';
import type {CloseEvent, RetryState} from '../ops/close-sessions.js';
import {type Output, println} from '../output.js';

/** A request with no answer for this long is named in the progress line. */
const slowAfterMs = 5000;

/** A pacer wait this recent still shows the run as paced. */
const pacedForMs = 2000;

/** The waits and slow requests of a close, in a few words: "3 retrying (503), 1 waiting 12 s (Retry-After)". */
export function waitsText(
	retries: ReadonlyMap<string, RetryState>,
	inFlightSince: ReadonlyMap<string, number>,
	now: number,
): string {
	const parts: string[] = [];
	const byReason = new Map<string, number>();
	let waiting = 0;
	let longest = 0;
	for (const retry of retries.values()) {
		if (retry.retryAfter && retry.until > now) {
			waiting++;
			longest = Math.max(longest, retry.until - now);
		} else {
			byReason.set(retry.reason, (byReason.get(retry.reason) ?? 0) + 1);
		}
	}

	for (const [reason, count] of byReason) {
		parts.push(`${count} retrying (${reason})`);
	}

	if (waiting > 0) {
		parts.push(`${waiting} waiting ${Math.ceil(longest / 1000)} s (Retry-After)`);
	}

	let slow = 0;
	let oldest = now;
	for (const [id, since] of inFlightSince) {
		if (!retries.has(id) && now - since >= slowAfterMs) {
			slow++;
			oldest = Math.min(oldest, since);
		}
	}

	if (slow > 0) {
		parts.push(`${slow} with no answer for ${Math.floor((now - oldest) / 1000)} s`);
	}

	return parts.join(', ');
}

/** The progress line without the time: "Closing: 412/1000 (41%, 2 failed) · 3 retrying (503)". */
function progressText(
	counts: {
		readonly done: number;
		readonly failed: number;
		readonly unknown: number;
		readonly notAttempted: number;
	},
	total: number,
	waits: string,
): string {
	const percent = total === 0 ? 100 : Math.floor((counts.done / total) * 100);
	const extra = [
		counts.failed > 0 ? `${counts.failed} failed` : '',
		counts.unknown > 0 ? `${counts.unknown} unknown` : '',
		counts.notAttempted > 0 ? `${counts.notAttempted} not attempted` : '',
	]
		.filter(Boolean)
		.map((part) => `, ${part}`)
		.join('');
	return `Closing: ${counts.done}/${total} (${percent}%${extra})${waits ? ` · ${waits}` : ''}`;
}

/**
 * Live progress of a bulk close on stderr: one line rewritten on a terminal, elsewhere a line
 * when it changes (at most one a second). It says what waits and why, and its last line is
 * printed once.
 */
export function progressReporter(output: Output, total: number, now: () => number) {
	const started = now();
	const counts = {done: 0, failed: 0, unknown: 0, notAttempted: 0};
	const retries = new Map<string, RetryState>();
	const inFlightSince = new Map<string, number>();
	const tty = output.isTTY === true;
	let api: ApiState = {status: 'up'};
	let paced = {rate: 0, at: Number.NEGATIVE_INFINITY};
	let lastDrawn = Number.NEGATIVE_INFINITY;
	let lastText = '';
	const line = () => {
		const time = now();
		const waits = [
			unavailableText(api, time) ?? '',
			time - paced.at < pacedForMs ? pacedText(paced.rate) : '',
			waitsText(retries, inFlightSince, time),
		];
		return {
			text: progressText(counts, total, waits.filter(Boolean).join(' · ')),
			elapsed: formatDuration(time - started),
		};
	};

	const draw = (force: boolean) => {
		const {text, elapsed} = line();
		const due = now() - lastDrawn >= (tty ? 100 : text === lastText ? 10_000 : 1000);
		if (!force && !due) {
			return;
		}

		lastDrawn = now();
		lastText = text;
		if (tty) {
			output.write(`\r\u001B[2K`);
			output.write(`${text} ${elapsed}`);
		} else {
			println(output, `${text} ${elapsed}`);
		}
	};

	// Waits and slow requests change with time alone, so the line is redrawn without events too.
	const ticker = setInterval(() => draw(false), tty ? 250 : 1000);
	ticker.unref();

	return {
		onEvent(event: CloseEvent) {
			const {id} = event.session;
			if (event.retry) {
				retries.set(id, event.retry);
			} else if (event.sentAt !== undefined) {
				// From when it went out: a wait for its turn under a rate limit is not the server's silence.
				inFlightSince.set(id, event.sentAt);
			}

			const status = event.result?.status;
			if (status === undefined) {
				return;
			}

			retries.delete(id);
			inFlightSince.delete(id);
			if (status === 'not_attempted') {
				counts.notAttempted++;
			} else {
				counts.done++;
				counts.failed += status === 'failed' ? 1 : 0;
				counts.unknown += status === 'unknown' ? 1 : 0;
			}

			draw(false);
		},
		/** The API became unavailable, or answers again: the line says so at once. */
		onApi(state: ApiState) {
			api = state;
			draw(true);
		},
		/** A close waited its turn under a learned rate limit. */
		onPaced(rate: number) {
			paced = {rate, at: now()};
		},
		/** Draws the last state once and ends the line; what the run was waiting for is over. */
		finish() {
			clearInterval(ticker);
			api = {status: 'up'};
			paced = {rate: 0, at: Number.NEGATIVE_INFINITY};
			const {text, elapsed} = line();
			if (tty) {
				output.write(`\r\u001B[2K`);
				println(output, `${text} ${elapsed}`);
			} else if (text !== lastText) {
				println(output, `${text} ${elapsed}`);
			}
		},
	};
}
