/**
 * Output at a scale the tests leave to the benchmark: a table of a million rows and the final
 * report of a million sessions, each checked whole and timed. (The tests hold the same code to
 * 200,000, past where a spread of arguments or a recursion would overflow the stack.)
 */
import {printResults} from '../source/commands/close-report.js';
import {formatTable} from '../source/format/table.js';
import {summarize} from '../source/ops/close-outcomes.js';

const rows = 1_000_000;

function fail(what: string): never {
	throw new Error(`benchmark: ${what}`);
}

function timed<T>(work: () => T): {readonly value: T; readonly ms: number} {
	const started = performance.now();
	const value = work();
	return {value, ms: performance.now() - started};
}

/** A table of a million rows, built whole. */
function millionRowTable() {
	const numbers = Array.from({length: rows}, (_, index) => index);
	const {value: lines, ms} = timed(() =>
		formatTable(
			[
				{header: 'n', value: (row: number) => String(row), align: 'right'},
				{header: 'label', value: () => 'x'},
			],
			numbers,
		),
	);
	if (lines.length !== rows + 1 || lines.at(-1) !== '999999  x' || lines[1] !== '     0  x') {
		fail(`the million-row table has ${lines.length} lines ending "${lines.at(-1)}"`);
	}

	return ms;
}

/** The final report of a close of a million sessions, printed whole. */
function millionSessionReport() {
	const results = Array.from({length: rows}, (_, index) => ({
		id: `gateway-prod.${index}`,
		pool_id: 'p1',
		status: index % 10 === 0 ? ('failed' as const) : ('closed' as const),
		attempts: 1,
		...(index % 10 === 0 ? {error: 'DELETE /x: server error (HTTP 503)'} : {}),
	}));
	let lines = 0;
	let last = '';
	const stdout = {
		write(text: string) {
			lines += text.split('\n').length - 1;
			last = (last + text).slice(-200);
			return true;
		},
	};
	const {ms} = timed(() =>
		printResults({stdout}, {results, summary: summarize(results)}, new Map()),
	);
	// A header, a line a session, what was not closed (a title, a reason, its ids), the sums.
	if (
		lines !== rows + 6 ||
		!last.endsWith('900000 closed, 0 already closed, 100000 failed, 0 not attempted\n')
	) {
		fail(`the report of a million sessions printed ${lines} lines ending ${JSON.stringify(last)}`);
	}

	return ms;
}

/** Both checks, each timed; throws when an output is not whole. */
export function scaleChecks() {
	return {rows, tableMs: millionRowTable(), reportMs: millionSessionReport()};
}
