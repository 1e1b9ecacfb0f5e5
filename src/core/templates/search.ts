/**
 * Node search, shared by the palette and `weft nodes` so both find the same things: every word of
 * the query must appear (case-insensitive, any order) in the text; `-`, `_` and `/` count as spaces,
 * so "image to video" finds `image-to-video`.
 */
export function normaliseSearchText(text: string): string {
  return text.toLowerCase().replace(/[-_/]+/g, ' ');
}

/** The query's words, normalised; empty when the query is blank. */
export function searchWords(query: string): string[] {
  return normaliseSearchText(query).split(/\s+/).filter(Boolean);
}

/** True when every word is in the (already normalised) haystack. */
export function matchesWords(haystack: string, words: readonly string[]): boolean {
  return words.every((w) => haystack.includes(w));
}
