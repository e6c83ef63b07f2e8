/**
 * The display boundary. Text from outside (API data, server error bodies, the environment, the
 * command line) can carry terminal controls: OSC sequences that retitle the window or write the
 * clipboard, CSI sequences that clear the screen, a carriage return that overwrites a line, bidi
 * overrides that reverse what follows. Node's stripVTControlCharacters and strip-ansi miss CR,
 * BEL, bidi controls and the tail of OSC/DCS strings, so every such string passes through
 * `sanitize` before it reaches a terminal, and JSON through `terminalSafeJson`.
 */

// Format characters: zero-width and bidi marks, embeddings, overrides and isolates, the line
// and paragraph separators, the byte-order mark.
const formatCharacters = '\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2069\\uFEFF';
// Those, and C0 controls, DEL and C1 controls.
const unsafeClass = `[\\u0000-\\u001F\\u007F-\\u009F${formatCharacters}]`;
const hasUnsafe = new RegExp(unsafeClass);
const unsafe = new RegExp(unsafeClass, 'g');

const named: Readonly<Record<string, string>> = {'\t': '\\t', '\n': '\\n', '\r': '\\r'};

/** The visible form of one unsafe character: `\x1b`, `\r`, `\u202e`. */
function visible(character: string): string {
	const code = character.charCodeAt(0);
	return (
		named[character] ??
		(code <= 0xff
			? `\\x${code.toString(16).padStart(2, '0')}`
			: `\\u${code.toString(16).padStart(4, '0')}`)
	);
}

let secrets: readonly string[] = [];

/**
 * Secrets the process knows (the client secret), replaced by `***` wherever they would be shown.
 * Kept here rather than passed around because every path to a terminal, the last-resort error
 * handler included, ends in this module.
 */
export function hideSecrets(values: readonly (string | undefined)[]): void {
	// A secret of a few characters would redact ordinary words; real ones are long.
	secrets = values.filter((value): value is string => value !== undefined && value.length >= 6);
}

/** Adds one secret to those `hideSecrets` set (a profile's, read once the profile is used). */
export function hideSecret(value: string): void {
	if (value.length >= 6 && !secrets.includes(value)) {
		secrets = [...secrets, value];
	}
}

/** Text with every known secret as `***`, and nothing else changed: for files, which are not screens. */
export function redact(text: string): string {
	let result = text;
	for (const secret of secrets) {
		if (result.includes(secret)) {
			result = result.replaceAll(secret, '***');
		}
	}

	return result;
}

/**
 * Text made safe for a terminal: every control and invisible format character becomes a visible
 * escape (`\x1b`, `\r`, `\u202e`), and known secrets become `***`. In a table cell (`cell`) tab
 * and newline become a space instead, so a cell stays one line. Printable text passes unchanged.
 */
export function sanitize(text: string, options: {readonly cell?: boolean} = {}): string {
	const redacted = secrets.length === 0 ? text : redact(text);
	if (!hasUnsafe.test(redacted)) {
		return redacted;
	}

	return redacted.replace(unsafe, (character) =>
		options.cell && (character === '\t' || character === '\n') ? ' ' : visible(character),
	);
}

// JSON.stringify escapes C0 controls but not DEL, C1, bidi or format characters. Each of those
// can stand only inside a JSON string, where \uXXXX means the same character.
const unsafeInJson = new RegExp(`[\\u007F-\\u009F${formatCharacters}]`, 'g');

/**
 * JSON that keeps every string exact yet writes no raw control or format character, and no
 * known secret (its value becomes `***`).
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
	let json = JSON.stringify(value, null, indent) ?? 'null';
	for (const secret of secrets) {
		// The secret as it stands inside a JSON string (quotes and backslashes escaped).
		json = json.replaceAll(JSON.stringify(secret).slice(1, -1), '***');
	}

	return json.replace(
		unsafeInJson,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}
