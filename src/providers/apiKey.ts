/**
 * Whether an API key can be sent at all. A key with a character outside printable ASCII (a typographic
 * `’` pasted from a document, a non-breaking space, a line break) makes `fetch` throw before a single
 * byte leaves this machine; it is refused where it is set (settings, environment) and before any call,
 * with a message that names the character and its place — never the key itself.
 */

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char === ' ') return 'a space';
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0xa0 || (code >= 0x2000 && code <= 0x200b) || code === 0x3000 || code === 0xfeff) return `an invisible space (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return char;
}

/** Why this key cannot be sent in an HTTP header, or undefined when it can. */
export function apiKeyProblem(key: string): string | undefined {
  let position = 0;
  for (const char of key) {
    position++;
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x21 || code > 0x7e) return `the API key contains a character that cannot be sent in an HTTP header (${describeChar(char)} at position ${position})`;
  }
  return undefined;
}
