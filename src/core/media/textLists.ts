import { MediaError } from './mediaError.ts';

/** The most pieces a split may make: a batch of more is almost surely a wrong separator. */
export const MAX_PIECES = 1000;

/** Texts joined in order with `separator` between them. */
export function joinTexts(texts: readonly string[], separator: string): string {
  return texts.join(separator);
}

/**
 * A text cut at every `separator` (`\r\n` counts as a new line), each piece trimmed and empty pieces
 * dropped unless told otherwise; more than MAX_PIECES pieces is an error, not a thousand-job batch.
 */
export function splitText(text: string, separator: string, options: { trim: boolean; skipEmpty: boolean }): string[] {
  const source = separator === '\n' ? text.replace(/\r\n?/g, '\n') : text;
  let pieces = source.split(separator);
  if (options.trim) pieces = pieces.map((p) => p.trim());
  if (options.skipEmpty) pieces = pieces.filter((p) => p !== '');
  if (pieces.length > MAX_PIECES) {
    throw new MediaError('invalid_input', `Splitting makes ${pieces.length} pieces; the most is ${MAX_PIECES}. Check the separator.`, 'separator');
  }
  return pieces;
}
