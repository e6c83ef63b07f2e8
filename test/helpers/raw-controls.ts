/**
 * The characters the safety issue names, newline aside: C0 controls, DEL, C1 controls, and the
 * bidi and invisible format characters U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF.
 * Written from the issue, not from the sanitizer, so that it checks the sanitizer. No output
 * from outside may carry one raw.
 */
export const rawControl = new RegExp(
	`[${['\\u0000-\\u0009', '\\u000B-\\u001F', '\\u007F-\\u009F', '\\u200B-\\u200F', '\\u202A-\\u202E', '\\u2066-\\u2069', '\\uFEFF'].join('')}]`,
);
