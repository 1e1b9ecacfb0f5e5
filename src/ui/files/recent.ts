/**
 * Recent graphs: the last few graphs opened, saved or set aside in this browser, each kept with its
 * file text (localStorage `weft.recent.v1`) so it reopens without the original file. Read back
 * defensively and reopened through the normal loader, like any file.
 */

export const RECENT_KEY = 'weft.recent.v1';
export const MAX_RECENT = 10;
/** Larger graphs are not kept (localStorage holds about 5 MB per origin). */
const MAX_TEXT = 1_500_000;

export interface RecentGraph {
  name: string;
  /** The graph file's text. */
  text: string;
  /** How it got here: opened, saved, shared link, example, set aside (unsaved work replaced by another graph). */
  how: string;
  /** Milliseconds since the epoch. */
  at: number;
}

function isRecent(x: unknown): x is RecentGraph {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.name === 'string' && typeof r.text === 'string' && typeof r.how === 'string' && typeof r.at === 'number';
}

/** The recent graphs, newest first (an unreadable store reads as empty). */
export function listRecent(): RecentGraph[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter(isRecent).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

function write(list: RecentGraph[]): void {
  // When storage is full, drop the oldest entries until the list fits.
  for (let keep = list.length; keep > 0; keep--) {
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify(list.slice(0, keep)));
      return;
    } catch {
      // try with fewer
    }
  }
}

/** Puts a graph at the top of the list (an entry with the same text moves up instead of repeating). */
export function addRecent(entry: Omit<RecentGraph, 'at'>): void {
  if (entry.text.length > MAX_TEXT) return;
  const list = listRecent().filter((r) => r.text !== entry.text);
  write([{ ...entry, at: Date.now() }, ...list].slice(0, MAX_RECENT));
}

/** Removes every recent graph. */
export function clearRecent(): void {
  try {
    localStorage.removeItem(RECENT_KEY);
  } catch {
    // nothing to do
  }
}
