import {sanitize, terminalSafeJson} from './format/sanitize.js';

/** A stream the commands print to; `isTTY` decides prompts and live progress. */
export type Output = {
	/** Like a Node stream's: the callback runs once this text has been handed on. */
	write(text: string, callback?: (error?: Error | null) => void): unknown;
	readonly isTTY?: boolean;
	/** A terminal's width, in cells; tables fit it. */
	readonly columns?: number;
};

/** The process's streams, injected so commands never reach for globals. */
export type Io = {
	readonly stdout: Output;
	readonly stderr: Output;
	readonly stdin: NodeJS.ReadableStream & {readonly isTTY?: boolean};
};

/** Writes one line: text from outside is sanitized, a newline in it shown as `\n`. */
export function println(output: Output, text = ''): void {
	output.write(`${sanitize(text)}\n`);
}

/** Writes lines, each sanitized like `println`, in large chunks rather than one write a line. */
export function printLines(output: Output, lines: Iterable<string>): void {
	let chunk = '';
	for (const line of lines) {
		chunk += `${sanitize(line)}\n`;
		if (chunk.length >= 1 << 20) {
			output.write(chunk);
			chunk = '';
		}
	}

	if (chunk !== '') {
		output.write(chunk);
	}
}

/** Resolves once everything written so far has left the process (or the stream failed). */
export function drained(output: Output): Promise<void> {
	return new Promise((resolve) => {
		output.write('', () => resolve());
	});
}

/** Writes one JSON document: strings exact, yet no raw control character and no secret. */
export function printJson(output: Output, value: unknown): void {
	output.write(`${terminalSafeJson(value, 2)}\n`);
}
