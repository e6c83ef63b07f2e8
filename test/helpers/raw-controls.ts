const controls = '\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F';
const formatCharacters = '\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2069\\uFEFF';

/**
 * A character a terminal would act on rather than show, newline aside: C0 controls, DEL, C1
 * controls, bidi and zero-width format characters. No output from outside may carry one raw.
 */
export const rawControl = new RegExp(`[${controls}${formatCharacters}]`);
