import {sanitize} from '../format/sanitize.js';
import {middleCut} from '../format/shorten.js';
import {textWidth} from '../format/width.js';

/** A key of the footer: how it is written in full and short, and whether it must always show. */
export type FooterKey = {
	readonly key: string;
	readonly does: string;
	/** The word the footer uses when room is short; the first word of `does` if not given. */
	readonly short?: string;
	/** Shown whatever the width: help and quit. */
	readonly keep?: boolean;
};

/** The first of a key's alternatives: "x/Del" → "x", "n/Enter/Esc" → "n"; "/" stays "/". */
function firstKey(label: string): string {
	return label.split('/')[0] || label;
}

/** The first word of a description, without its punctuation: "yes, close" → "yes". */
function firstWord(does: string): string {
	return does.split(' ')[0]?.replace(/[,.:;]+$/, '') || does;
}

type Entry = {readonly key: string; readonly does: string; readonly keep: boolean};

/** A piece of the footer line: a key, the words after it, or the space between entries. */
export type FooterPart = {readonly text: string; readonly isKey: boolean};

function parts(entries: readonly Entry[], separator: string): FooterPart[] {
	return entries.flatMap((entry, index) => [
		...(index > 0 ? [{text: separator, isKey: false}] : []),
		{text: entry.key, isKey: true},
		...(entry.does ? [{text: ` ${entry.does}`, isKey: false}] : []),
	]);
}

function join(entries: readonly Entry[], separator: string): string {
	return parts(entries, separator)
		.map((part) => part.text)
		.join('');
}

/**
 * The footer's line in `width` cells, shortened in steps until it fits: first the keys'
 * alternatives go ("x/Del" → "x"), then the descriptions shrink to one word, then the entries
 * close up, then descriptions are left out from the last entry back, and only then are keys
 * dropped, from the last back, with "…" where they were. Help and quit (`keep`) always show,
 * with their words.
 */
export function footerParts(keys: readonly FooterKey[], width: number): FooterPart[] {
	const full = keys.map((key) => ({key: key.key, does: key.does, keep: key.keep ?? false}));
	const shortKeys = full.map((entry) => ({...entry, key: firstKey(entry.key)}));
	const shortWords = keys.map((key, index) => ({
		...(shortKeys[index] as Entry),
		does: key.short ?? firstWord(key.does),
	}));
	const fits = (text: string) => textWidth(text) <= width;
	for (const [entries, separator] of [
		[full, '  '],
		[shortKeys, '  '],
		[shortWords, '  '],
		[shortWords, ' '],
	] as const) {
		if (fits(join(entries, separator))) {
			return parts(entries, separator);
		}
	}

	// Words left out, from the last entry back; help and quit keep theirs.
	const bare = [...shortWords];
	for (let index = bare.length - 1; index >= 0; index--) {
		const entry = bare[index] as Entry;
		if (!entry.keep) {
			bare[index] = {...entry, does: ''};
			if (fits(join(bare, ' '))) {
				return parts(bare, ' ');
			}
		}
	}

	// Keys dropped, from the last back, the kept ones aside.
	const kept = bare.filter((entry) => entry.keep);
	const others = bare.filter((entry) => !entry.keep);
	const gap = {key: '…', does: '', keep: true};
	while (others.length > 0) {
		others.pop();
		const entries = [...others, gap, ...kept];
		if (fits(join(entries, ' '))) {
			return parts(entries, ' ');
		}
	}

	return parts(kept, ' ');
}

/**
 * Where the operator is ("Accounts › Tradeshow Demo › Pools › Air 8GB") in `width` cells: the
 * current level stays whole while it fits; what leads to it is cut in the middle.
 */
export function breadcrumbLine(parts: readonly string[], width: number): string {
	const clean = parts.map((part) => sanitize(part, {cell: true}));
	const whole = clean.join(' › ');
	const last = clean.at(-1) ?? '';
	if (textWidth(whole) <= width || clean.length < 2) {
		return middleCut(whole, width);
	}

	const lead = clean.slice(0, -1).join(' › ');
	const room = width - textWidth(last) - 3;
	// A lead of fewer cells than "A…b" tells nothing: "…" alone then.
	if (room >= 3) {
		return `${middleCut(lead, room, 0.6)} › ${last}`;
	}

	return room >= 1 ? `… › ${last}` : middleCut(last, width);
}

/** The parts of the header line, each already fitted: see `headerLine`. */
export type HeaderParts = {readonly left: string; readonly crumb: string; readonly right: string};

/**
 * The header in `width` cells: product, connection, breadcrumb, badge and refresh time. As room
 * shrinks, "refreshed" becomes the bare time, then the product name goes, then a long
 * connection is cut in the middle; what is left goes to the breadcrumb (`breadcrumbLine`).
 */
export function headerLine(
	width: number,
	options: {
		readonly connection: string;
		readonly breadcrumb: readonly string[];
		readonly time: string | undefined;
		/** The word before the time where there is room: "refreshed", or "last good" after a failure. */
		readonly stamp?: string;
		readonly badge: string;
	},
): HeaderParts {
	const connection = sanitize(options.connection, {cell: true});
	const crumbWidth = textWidth(sanitize(options.breadcrumb.join(' › '), {cell: true}));
	const stages: ReadonlyArray<readonly [string, string]> = [
		[
			` frame-tui │ ${connection} │ `,
			options.time ? `${options.stamp ?? 'refreshed'} ${options.time} ` : '',
		],
		[` frame-tui │ ${connection} │ `, options.time ? `${options.time} ` : ''],
		[` ${connection} │ `, options.time ? `${options.time} ` : ''],
		[` ${middleCut(connection, 12)} │ `, options.time ? `${options.time} ` : ''],
	];
	// One space between the breadcrumb and what follows it.
	const roomFor = ([left, right]: readonly [string, string]) =>
		width - textWidth(left) - textWidth(options.badge) - textWidth(right) - 1;
	const stage = stages.find((candidate) => roomFor(candidate) >= crumbWidth) ?? stages.at(-1);
	const [left, right] = stage ?? ['', ''];
	const room = Math.max(0, roomFor([left, right]));
	return {left, crumb: breadcrumbLine(options.breadcrumb, room), right};
}
