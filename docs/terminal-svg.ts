import type xterm from '@xterm/headless';

/** One screen as the terminal showed it, taken from the emulator's cells. */
export type Frame = {
	readonly columns: number;
	readonly rows: number;
	/** SVG elements (background rectangles, then text runs) for this screen. */
	readonly body: string;
};

/** How a frame is drawn: a dark theme with the Tango palette, which xterm.js also ships. */
const theme = {
	background: '#1e1e1e',
	foreground: '#d4d4d4',
	palette: [
		'#2e3436',
		'#cc0000',
		'#4e9a06',
		'#c4a000',
		'#3465a4',
		'#75507b',
		'#06989a',
		'#d3d7cf',
		'#555753',
		'#ef2929',
		'#8ae234',
		'#fce94f',
		'#729fcf',
		'#ad7fa8',
		'#34e2e2',
		'#eeeeec',
	],
	cellWidth: 8.4,
	lineHeight: 18,
	fontSize: 14,
	padding: 12,
} as const;

/** A colour of the 256-colour palette: the 16 named ones, the 6×6×6 cube, then 24 greys. */
function paletteColour(index: number): string {
	const named = theme.palette[index];
	if (named) {
		return named;
	}

	const hex = (value: number) => value.toString(16).padStart(2, '0');
	if (index >= 232) {
		const grey = 8 + (index - 232) * 10;
		return `#${hex(grey)}${hex(grey)}${hex(grey)}`;
	}

	const cube = index - 16;
	const level = (step: number) => (step === 0 ? 0 : 55 + step * 40);
	return `#${hex(level(Math.floor(cube / 36)))}${hex(level(Math.floor(cube / 6) % 6))}${hex(level(cube % 6))}`;
}

type Cell = NonNullable<ReturnType<xterm.IBufferLine['getCell']>>;

/** The colour a cell's foreground or background is drawn in, undefined for the default. */
function colourOf(cell: Cell, layer: 'fg' | 'bg'): string | undefined {
	const [isDefault, isPalette, value] =
		layer === 'fg'
			? [cell.isFgDefault(), cell.isFgPalette(), cell.getFgColor()]
			: [cell.isBgDefault(), cell.isBgPalette(), cell.getBgColor()];
	if (isDefault) {
		return undefined;
	}

	return isPalette ? paletteColour(value) : `#${value.toString(16).padStart(6, '0')}`;
}

/** A cell's look: its colours after inverse, and its weight. */
function styleOf(cell: Cell): {fg: string; bg: string | undefined; bold: boolean; dim: boolean} {
	let fg = colourOf(cell, 'fg') ?? theme.foreground;
	let bg = colourOf(cell, 'bg');
	if (cell.isInverse()) {
		[fg, bg] = [bg ?? theme.background, fg];
	}

	// Bold text in the 8 normal colours is drawn bright, as most terminals do.
	const bright = cell.isBold() && cell.isFgPalette() && cell.getFgColor() < 8 && !cell.isInverse();
	return {
		fg: bright ? paletteColour(cell.getFgColor() + 8) : fg,
		bg,
		bold: Boolean(cell.isBold()),
		dim: Boolean(cell.isDim()),
	};
}

/** A length in the SVG's units, to a tenth. */
const px = (value: number) => String(Math.round(value * 10) / 10);

const escapeXml = (text: string) =>
	text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Draws the screen the terminal shows now. */
export function captureFrame(terminal: xterm.Terminal): Frame {
	const parts: string[] = [];
	const buffer = terminal.buffer.active;
	const {cellWidth, lineHeight, padding} = theme;
	for (let y = 0; y < terminal.rows; y++) {
		const line = buffer.getLine(buffer.viewportY + y);
		if (!line) {
			continue;
		}

		// Runs of cells that look alike become one rectangle and one text element, pinned to the
		// grid with textLength so a fallback font cannot shift the columns after it.
		let x = 0;
		while (x < terminal.cols) {
			const first = line.getCell(x);
			if (!first) {
				break;
			}

			const style = styleOf(first);
			const key = JSON.stringify(style);
			let text = '';
			let end = x;
			// Where the run's last visible character ends, in cells: the text's width on the grid.
			let inkEnd = x;
			while (end < terminal.cols) {
				const cell = line.getCell(end);
				if (!cell || JSON.stringify(styleOf(cell)) !== key) {
					break;
				}

				if (cell.getWidth() > 0) {
					text += cell.getChars() || ' ';
					if (cell.getChars().trim()) {
						inkEnd = end + cell.getWidth();
					}
				}

				end++;
			}

			const left = px(padding + x * cellWidth);
			const top = padding + y * lineHeight;
			if (style.bg) {
				parts.push(
					`<rect x="${left}" y="${top}" width="${px((end - x) * cellWidth)}" height="${lineHeight}" fill="${style.bg}"/>`,
				);
			}

			const shown = text.trimEnd();
			if (shown) {
				const weight = style.bold ? ' font-weight="bold"' : '';
				const opacity = style.dim ? ' opacity="0.6"' : '';
				parts.push(
					`<text x="${left}" y="${px(top + lineHeight * 0.78)}" fill="${style.fg}" textLength="${px((inkEnd - x) * cellWidth)}" lengthAdjust="spacingAndGlyphs"${weight}${opacity}>${escapeXml(shown)}</text>`,
				);
			}

			x = end;
		}
	}

	return {columns: terminal.cols, rows: terminal.rows, body: parts.join('')};
}

/**
 * An SVG that shows the frames one after another, each for `secondsEach`, in a loop: CSS
 * animations, which GitHub and browsers play in an `<img>`.
 */
export function animatedSvg(frames: readonly Frame[], secondsEach: number, title: string): string {
	const [first] = frames;
	if (!first) {
		throw new Error('no frames to draw');
	}

	const width = first.columns * theme.cellWidth + theme.padding * 2;
	const height = first.rows * theme.lineHeight + theme.padding * 2;
	const total = frames.length * secondsEach;
	const share = 100 / frames.length;
	// step-end holds each value until the next keyframe: frame i shows from i·share to (i+1)·share.
	const styles = frames.map(
		(_, index) =>
			`@keyframes f${index}{${index === 0 ? '' : '0%{opacity:0}'}${index * share}%{opacity:1}${(index + 1) * share}%{opacity:0}}` +
			`.f${index}{animation:f${index} ${total}s step-end infinite}`,
	);
	const groups = frames.map((frame, index) => `<g class="f${index}">${frame.body}</g>`);
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="${theme.fontSize}" xml:space="preserve" style="white-space:pre" role="img">`,
		`<title>${escapeXml(title)}</title>`,
		`<style>${styles.join('')}</style>`,
		`<rect width="100%" height="100%" rx="6" fill="${theme.background}"/>`,
		...groups,
		'</svg>',
		'',
	].join('\n');
}
