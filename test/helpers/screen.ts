import type xterm from '@xterm/headless';
import {waitFor} from './cli.js';

/** What a person sees in a terminal emulator: its rows, cells and colours. */
export type ScreenReader = {
	/** The screen's rows as text, trailing spaces trimmed. */
	readonly screen: () => string[];
	/** Which buffer the terminal shows: the normal screen or the alternate one. */
	readonly buffer: () => 'normal' | 'alternate';
	/**
	 * The cell, from 0, where `needle` starts in the first row that matches `row`: a wide
	 * character takes two cells, as the terminal draws it.
	 */
	readonly cellOf: (row: RegExp, needle: string) => number;
	/**
	 * The colour the cell where `needle` starts in the first row matching `row` is drawn in: its
	 * index in the terminal's 16-colour palette (1 red, 2 green, 12 bright blue), or -1 for the
	 * default colour or no such cell.
	 */
	readonly colourOf: (row: RegExp, needle: string) => number;
	/** Waits until the screen shows the text or matches the pattern. */
	readonly waitForScreen: (expected: string | RegExp, timeoutMs?: number) => Promise<void>;
};

/** Reads the screen of a headless terminal emulator as a person would see it. */
export function readScreen(terminal: xterm.Terminal): ScreenReader {
	const screen = () => {
		const lines: string[] = [];
		const active = terminal.buffer.active;
		for (let row = 0; row < terminal.rows; row++) {
			lines.push(active.getLine(active.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines;
	};

	const cellOf = (row: RegExp, needle: string) => {
		const active = terminal.buffer.active;
		const index = screen().findIndex((line) => row.test(line));
		const line = active.getLine(active.viewportY + index);
		if (index === -1 || !line) {
			return -1;
		}

		// Each cell's characters, with the cell it starts at; a wide character's second cell is empty.
		let text = '';
		const starts: number[] = [];
		for (let x = 0; x < terminal.cols; x++) {
			const chars = line.getCell(x)?.getChars() || (line.getCell(x)?.getWidth() === 0 ? '' : ' ');
			for (const _ of chars) {
				starts.push(x);
			}

			text += chars;
		}

		const at = text.indexOf(needle);
		return at === -1 ? -1 : (starts[at] ?? -1);
	};

	const colourOf = (row: RegExp, needle: string) => {
		const active = terminal.buffer.active;
		const x = cellOf(row, needle);
		const index = screen().findIndex((line) => row.test(line));
		const cell = x === -1 ? undefined : active.getLine(active.viewportY + index)?.getCell(x);
		return cell?.isFgPalette() ? cell.getFgColor() : -1;
	};

	return {
		screen,
		buffer: () => terminal.buffer.active.type,
		cellOf,
		colourOf,
		waitForScreen: (expected, timeoutMs) =>
			waitFor(
				() => {
					const text = screen().join('\n');
					return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
				},
				() => `the screen to show ${String(expected)}; it shows:\n${screen().join('\n')}`,
				timeoutMs,
			),
	};
}
