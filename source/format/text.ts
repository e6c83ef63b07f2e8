/** A count with its noun: "1 session", "14 sessions". */
export function plural(count: number, noun: string): string {
	return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Text broken at spaces into lines of at most `width` characters, at most `maxLines` of them
 * (the last one then cut by whoever fits it). For short messages: a word longer than a line,
 * such as a path, gets a line of its own.
 */
export function wrapWords(text: string, width: number, maxLines = 3): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line !== '' && line.length + 1 + word.length > width) {
			lines.push(line);
			line = word;
		} else {
			line = line === '' ? word : `${line} ${word}`;
		}
	}

	lines.push(line);
	return lines.length <= maxLines
		? lines
		: [...lines.slice(0, maxLines - 1), lines.slice(maxLines - 1).join(' ')];
}

/** "a, b, c" for a few ids, "a, b, c and 12 more" for many. */
export function idList(ids: readonly string[], shown = 10): string {
	const head = ids.slice(0, shown).join(', ');
	return ids.length > shown ? `${head} and ${ids.length - shown} more` : head;
}
