import {sanitize} from './sanitize.js';
import {isPrintableAscii, textWidth} from './width.js';

const segmenter = new Intl.Segmenter();

/** A text's characters as a terminal draws them: graphemes, so a cut never splits one. */
function characters(text: string): readonly string[] {
	return isPrintableAscii(text)
		? text.split('')
		: Array.from(segmenter.segment(text), (part) => part.segment);
}

/** The longest start of `text` at most `cells` wide. */
export function headCells(text: string, cells: number): string {
	if (isPrintableAscii(text)) {
		return text.slice(0, Math.max(0, cells));
	}

	let result = '';
	let used = 0;
	for (const character of characters(text)) {
		const width = textWidth(character);
		if (used + width > cells) {
			break;
		}

		result += character;
		used += width;
	}

	return result;
}

/** The longest end of `text` at most `cells` wide. */
export function tailCells(text: string, cells: number): string {
	if (isPrintableAscii(text)) {
		return cells <= 0 ? '' : text.slice(-cells);
	}

	const all = characters(text);
	let result = '';
	let used = 0;
	for (let index = all.length - 1; index >= 0; index--) {
		const character = all[index] ?? '';
		const width = textWidth(character);
		if (used + width > cells) {
			break;
		}

		result = character + result;
		used += width;
	}

	return result;
}

/**
 * Text (already sanitized) at most `width` cells, cut in the middle with one …: what tells
 * similar strings apart is as often at the end as at the start. `headShare` of the room goes
 * to the start.
 */
export function middleCut(text: string, width: number, headShare = 0.5): string {
	if (textWidth(text) <= width) {
		return text;
	}

	if (width <= 1) {
		return width === 1 ? '…' : '';
	}

	const head = Math.ceil((width - 1) * headShare);
	return `${headCells(text, head).trimEnd()}…${tailCells(text, width - 1 - head).trimStart()}`;
}

/** The longest start all the texts share, in whole characters. */
function commonPrefix(texts: readonly string[]): string {
	const [first, ...rest] = texts;
	if (first === undefined || rest.length === 0) {
		return '';
	}

	let length = first.length;
	for (const text of rest) {
		let index = 0;
		while (index < length && index < text.length && text[index] === first[index]) {
			index++;
		}

		length = index;
		if (length === 0) {
			return '';
		}
	}

	// Back to a character boundary: a prefix must not end inside a wide or combined character.
	let whole = '';
	for (const character of characters(first)) {
		if (whole.length + character.length > length) {
			break;
		}

		whole += character;
	}

	return whole;
}

/** Where a middle cut may fall, in `room` cells: the even split first, then leaning either way. */
function* splits(room: number): Generator<number> {
	const even = Math.ceil(room / 2);
	yield even;
	for (let lean = 1; lean <= room; lean++) {
		if (even - lean >= 0) {
			yield even - lean;
		}

		if (even + lean <= room) {
			yield even + lean;
		}
	}
}

/** How a list of ids is shown: each id's cell text, and the widest of them. */
export type IdShortener = {
	/** The id as shown: sanitized, at most the width asked for. */
	readonly shorten: (id: string) => string;
	/** Cells the widest shown id takes: a column need not be wider. */
	readonly widest: number;
};

/**
 * How ids are shown in a column `width` cells wide. An id that fits is shown whole. A longer one loses the
 * start every id of the list shares first ("gateway-prod.7f3a91c2" → "…7f3a91c2"), and only
 * when the rest is still too wide is it cut in the middle ("…7f3a…91c2"), where the cut is
 * placed so that ids that differ still read differently, if any placement does. The work is
 * linear in the ids: once per list and width, not per frame.
 */
export function idShortener(ids: readonly string[], width: number): IdShortener {
	const clean = (id: string) => sanitize(id, {cell: true});
	const unique = [...new Set(ids.map(clean))];
	const widest = (texts: readonly string[]) =>
		texts.reduce((most, text) => Math.max(most, textWidth(text)), 0);
	if (width < 3 || unique.every((id) => textWidth(id) <= width)) {
		const shorten = (id: string) => middleCut(clean(id), width);
		return {shorten, widest: Math.min(width, widest(unique))};
	}

	const prefixLength = commonPrefix(unique).length;
	const lead = prefixLength > 0 ? '…' : '';
	const rest = (id: string) => id.slice(prefixLength);
	const forms: Array<(id: string) => string> = [(id) => lead + rest(id)];
	const room = width - 1 - lead.length;
	for (const head of splits(room)) {
		forms.push((id) => `${lead}${headCells(rest(id), head)}…${tailCells(rest(id), room - head)}`);
	}

	// A form applies to the ids too wide to show whole; it must fit them and keep them apart.
	const shown = (form: (id: string) => string) =>
		unique.map((id) => (textWidth(id) <= width ? id : form(id)));
	const works = (form: (id: string) => string) => {
		const texts = shown(form);
		return texts.every((text) => textWidth(text) <= width) && new Set(texts).size === unique.length;
	};
	const chosen = forms.find(works) ?? forms[1] ?? forms[0];
	const shorten = (id: string) => {
		const text = clean(id);
		return textWidth(text) <= width ? text : middleCut(chosen?.(text) ?? text, width);
	};
	return {shorten, widest: widest(unique.map(shorten))};
}

/** Text (already sanitized) in lines of at most `width` cells, cut anywhere; at least one line. */
export function wrapCells(text: string, width: number): string[] {
	if (width < 1 || textWidth(text) <= width) {
		return [text];
	}

	const lines: string[] = [];
	let line = '';
	let used = 0;
	for (const character of characters(text)) {
		const cells = textWidth(character);
		if (used + cells > width && line !== '') {
			lines.push(line);
			line = '';
			used = 0;
		}

		line += character;
		used += cells;
	}

	lines.push(line);
	return lines;
}
