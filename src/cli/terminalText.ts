/**
 * Terminal safety (RELIABILITY promise 19): node titles, type ids, file names and provider messages come
 * from files and servers Weft does not control, and a terminal obeys what they carry — ESC sequences
 * that move the cursor, retitle the window or rewrite earlier lines, BEL, C1 controls (U+009B is a CSI on
 * its own), and bidi controls that make text read differently from what it is (U+202E). Every line the
 * CLI prints for people passes `terminalText`; every JSON line passes `jsonText`.
 */

/** C0 controls but tab and line feed, DEL, C1 controls. */
const CONTROLS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f';
/** Bidi marks, embeddings, overrides and isolates; line and paragraph separators. */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029';

const UNSAFE_IN_TERMINAL = new RegExp(`[${CONTROLS}${BIDI}]`, 'g');
/** What JSON.stringify leaves raw that a terminal would still act on (it escapes C0 itself). */
const UNSAFE_IN_JSON = new RegExp(`[\\u007f-\\u009f${BIDI}]`, 'g');

/** Text with every control and bidi character removed; line feeds and tabs stay. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_TERMINAL, '');
}

/** `JSON.stringify(value)` with the characters above escaped as `\uXXXX` (they only occur inside strings, so it stays the same JSON). */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
