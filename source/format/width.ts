import stringWidth from 'string-width';

const printableAscii = /^[\x20-\x7E]*$/;

/** Whether every character is printable ASCII: one cell each, the common case made fast. */
export function isPrintableAscii(text: string): boolean {
	return printableAscii.test(text);
}

/** Cells a string takes on a terminal: CJK and emoji take two, combining marks none. */
export function textWidth(text: string): number {
	return printableAscii.test(text) ? text.length : stringWidth(text);
}
