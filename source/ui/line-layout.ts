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
	/** How long it keeps its word and its place as room shrinks: higher longer; 0 if not given. */
	readonly priority?: number;
};

/** The first of a key's alternatives: "x/Del" → "x", "n/Enter/Esc" → "n"; "/" stays "/". */
function firstKey(label: string): string {
	return label.split('/')[0] || label;
}

/** The first word of a description, without its punctuation: "yes, close" → "yes". */
function firstWord(does: string): string {
	return does.split(' ')[0]?.replace(/[,.:;]+$/, '') || does;
}

type Entry = {
	readonly key: string;
	readonly does: string;
	readonly keep: boolean;
	readonly priority: number;
};

/** The entries' places in the order they give way: the least important first, the last first among equals. */
function givingWay(entries: readonly Entry[]): number[] {
	return entries
		.map((entry, index) => ({priority: entry.priority, index}))
		.filter((_, index) => !entries[index]?.keep)
		.sort((a, b) => a.priority - b.priority || b.index - a.index)
		.map(({index}) => index);
}

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
 * close up, then descriptions are left out, and only then are keys dropped, with "…" where they
 * were. Words and keys leave the least important entries first (`priority`), the last first
 * among equals. Help and quit (`keep`) always show, with their words.
 */
export function footerParts(keys: readonly FooterKey[], width: number): FooterPart[] {
	const full = keys.map((key) => ({
		key: key.key,
		does: key.does,
		keep: key.keep ?? false,
		priority: key.priority ?? 0,
	}));
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

	// Words left out, the least important first; help and quit keep theirs.
	const order = givingWay(shortWords);
	const bare = [...shortWords];
	for (const index of order) {
		bare[index] = {...(bare[index] as Entry), does: ''};
		if (fits(join(bare, ' '))) {
			return parts(bare, ' ');
		}
	}

	// Keys dropped in the same order, with "…" before help and quit.
	const kept = bare.filter((entry) => entry.keep);
	const dropped = new Set<number>();
	const gap = {key: '…', does: '', keep: true, priority: 0};
	for (const index of order) {
		dropped.add(index);
		const others = bare.filter((entry, at) => !entry.keep && !dropped.has(at));
		const entries = [...others, gap, ...kept];
		if (fits(join(entries, ' '))) {
			return parts(entries, ' ');
		}
	}

	return parts(kept, ' ');
}

/** A level of the breadcrumb: a name (an account, a pool), or a fixed label ("Accounts"), which gives way first. */
export type Crumb = {readonly text: string; readonly label?: boolean};

/** The level names as the breadcrumb joins them. */
function crumbText(parts: readonly Crumb[]): string {
	return parts.map((part) => part.text).join(' › ');
}

/**
 * The breadcrumb's forms from the whole to the shortest that cuts no name: the fixed labels
 * before the current level left out one by one, the first first ("Accounts" before "Pools").
 */
function labelsDropped(parts: readonly Crumb[]): Crumb[][] {
	const forms = [[...parts]];
	for (let index = 0; index < parts.length - 1; index++) {
		if (parts[index]?.label) {
			const previous = forms.at(-1) ?? [];
			forms.push(previous.filter((part) => part !== parts[index]));
		}
	}

	return forms;
}

/** The width of the breadcrumb once every label but the current level has given way. */
function breadcrumbLeast(parts: readonly Crumb[]): number {
	const forms = labelsDropped(
		parts.map((part) => ({...part, text: sanitize(part.text, {cell: true})})),
	);
	return textWidth(crumbText(forms.at(-1) ?? []));
}

/**
 * Where the operator is ("Accounts › Tradeshow Demo › Pools › Air 8GB") in `width` cells. The
 * fixed labels give way first, so no name is cut while leaving them out is enough; then what
 * leads to the current level is cut in the middle; the current level stays whole while it fits.
 */
export function breadcrumbLine(parts: readonly Crumb[], width: number): string {
	const clean = parts.map((part) => ({...part, text: sanitize(part.text, {cell: true})}));
	const forms = labelsDropped(clean);
	const fitting = forms.find((form) => textWidth(crumbText(form)) <= width);
	if (fitting) {
		return crumbText(fitting);
	}

	const names = (forms.at(-1) ?? []).map((part) => part.text);
	const last = names.at(-1) ?? '';
	if (names.length < 2) {
		return middleCut(names.join(' › '), width);
	}

	const lead = names.slice(0, -1);
	const room = width - textWidth(last) - 3;
	// The names nearest the current level say most: the first give way whole ("… › "), so a cut
	// never joins two names; the one left is cut in the middle.
	for (let first = 0; first < lead.length; first++) {
		const text = `${first > 0 ? '… › ' : ''}${lead.slice(first).join(' › ')}`;
		if (textWidth(text) <= room) {
			return `${text} › ${last}`;
		}
	}

	const prefix = lead.length > 1 ? '… › ' : '';
	const nearest = room - textWidth(prefix);
	// A lead of fewer cells than "A…b" tells nothing: "…" alone then.
	if (nearest >= 3) {
		return `${prefix}${middleCut(lead.at(-1) ?? '', nearest, 0.6)} › ${last}`;
	}

	return room >= 1 ? `… › ${last}` : middleCut(last, width);
}

/** The parts of the header line, each already fitted: see `headerLine`. */
export type HeaderParts = {readonly left: string; readonly crumb: string; readonly right: string};

/** Fewest cells a connection is cut to ("127.0…073"): below that it tells nothing. */
const minimumConnection = 9;

/**
 * The header in `width` cells: product, connection, breadcrumb, badge and refresh time. As room
 * shrinks, "refreshed" becomes the bare time, then the product name goes, then the breadcrumb's
 * fixed labels, then a long connection is cut in the middle, and only then are names cut
 * (`breadcrumbLine`).
 */
export function headerLine(
	width: number,
	options: {
		readonly connection: string;
		readonly breadcrumb: readonly Crumb[];
		readonly time: string | undefined;
		/** The word before the time where there is room: "refreshed", or "last good" after a failure. */
		readonly stamp?: string;
		readonly badge: string;
	},
): HeaderParts {
	const connection = sanitize(options.connection, {cell: true});
	const whole = textWidth(sanitize(crumbText(options.breadcrumb), {cell: true}));
	const least = breadcrumbLeast(options.breadcrumb);
	const time = options.time ? `${options.time} ` : '';
	// One space between the breadcrumb and what follows it.
	const roomFor = ([left, right]: readonly [string, string]) =>
		width - textWidth(left) - textWidth(options.badge) - textWidth(right) - 1;
	// The connection gets what the names leave, down to its minimum.
	const connectionRoom = roomFor([' │ ', time]) - 1 - least;
	const short = middleCut(connection, Math.max(minimumConnection, connectionRoom));
	const stages: ReadonlyArray<readonly [string, string, number]> = [
		[
			` frame-tui │ ${connection} │ `,
			options.time ? `${options.stamp ?? 'refreshed'} ${time}` : '',
			whole,
		],
		[` frame-tui │ ${connection} │ `, time, whole],
		[` ${connection} │ `, time, whole],
		[` ${connection} │ `, time, least],
		[` ${short} │ `, time, least],
	];
	const stage =
		stages.find(([left, right, need]) => roomFor([left, right]) >= need) ?? stages.at(-1);
	const [left, right] = stage ?? ['', ''];
	const room = Math.max(0, roomFor([left, right]));
	return {left, crumb: breadcrumbLine(options.breadcrumb, room), right};
}
