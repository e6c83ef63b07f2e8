import {formatDuration} from '../format/time.js';
import type {CloseEvent} from '../ops/close-sessions.js';
import type {Output} from './context.js';

/** Live progress of a bulk close on stderr: one rewritten line on a terminal, a line a second elsewhere. */
export function progressReporter(output: Output, total: number, now: () => number) {
	const started = now();
	const counts = {done: 0, failed: 0, notAttempted: 0};
	let lastDrawn = Number.NEGATIVE_INFINITY;
	const interval = output.isTTY ? 100 : 1000;
	const line = () => {
		const percent = total === 0 ? 100 : Math.floor((counts.done / total) * 100);
		const failed = counts.failed > 0 ? `, ${counts.failed} failed` : '';
		const skipped = counts.notAttempted > 0 ? `, ${counts.notAttempted} not attempted` : '';
		return `Closing: ${counts.done}/${total} (${percent}%${failed}${skipped}) ${formatDuration(now() - started)}`;
	};

	const draw = (force: boolean) => {
		if (!force && now() - lastDrawn < interval) {
			return;
		}

		lastDrawn = now();
		output.write(output.isTTY ? `\r\u001B[2K${line()}` : `${line()}\n`);
	};

	return {
		onEvent(event: CloseEvent) {
			const status = event.result?.status;
			if (status === 'not_attempted') {
				counts.notAttempted++;
			} else if (status) {
				counts.done++;
				counts.failed += status === 'failed' ? 1 : 0;
				draw(false);
			}
		},
		/** Draws the last state and ends the line. */
		finish() {
			draw(true);
			if (output.isTTY) {
				output.write('\n');
			}
		},
	};
}
