/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, a quote, CR or LF in quotes,
 * its quotes doubled), in UTF-8, safe to open in a spreadsheet: a cell that would start with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is read there as a formula, so it is defused
 * with a leading apostrophe, as OWASP advises. The text is written as the API sent it, never
 * sanitized for a terminal: a file is not a screen.
 */

/** Characters that make a spreadsheet read a cell as a formula. */
const formulaStart = /^[=+\-@\t\r]/;

/** One field: defused, then quoted when it must be. */
export function csvField(value: string): string {
	const safe = formulaStart.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record: its fields joined by commas. */
export function csvRecord(fields: readonly string[]): string {
	return fields.map(csvField).join(',');
}

/** A document: the header record unless left out, then the rows, each line ended by CRLF. */
export function csvDocument(
	headers: readonly string[] | undefined,
	rows: readonly (readonly string[])[],
): string {
	const records = headers ? [headers, ...rows] : rows;
	return records.map((record) => `${csvRecord(record)}\r\n`).join('');
}
