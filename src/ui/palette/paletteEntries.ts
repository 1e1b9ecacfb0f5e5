import { matchesWords, normaliseSearchText, searchWords } from '../../core/templates/search.ts';
import { providerLabel, type PaletteEntry } from '../catalogEntry.ts';

export interface PaletteGroup {
  key: string;
  provider: string;
  category: string;
  entries: PaletteEntry[];
}

/** What a wire dropped on empty canvas can meet: a node taking its kind (from an output) or giving a kind the input takes. */
export interface WireFilter {
  /** Dragged from an output of this kind: nodes with an input taking it. */
  output?: string;
  /** Dragged from an input taking these kinds: nodes whose main output is one of them. */
  input?: readonly string[];
}

/** Entries that can take (or feed) the dropped wire. */
export function entriesForWire(entries: readonly PaletteEntry[], wire: WireFilter): PaletteEntry[] {
  return entries.filter((e) => (wire.output !== undefined ? e.accepts.includes(wire.output) : wire.input ? wire.input.includes(e.output) : true));
}

/** "Video/Reference to video" → "Video › Reference to video". */
export function categoryLabel(category: string): string {
  return category.split('/').map((s) => s.trim()).filter(Boolean).join(' › ');
}


const haystacks = new WeakMap<PaletteEntry, string>();

function haystack(entry: PaletteEntry): string {
  let h = haystacks.get(entry);
  if (h === undefined) {
    h = normaliseSearchText([entry.title, entry.provider, providerLabel(entry.provider), entry.category, entry.output, entry.id].join(' '));
    haystacks.set(entry, h);
  }
  return h;
}

/**
 * Entries matching every word of the query (case-insensitive, in any order) against the title,
 * provider, category, output kind and id. "veo 3.1 reference" finds "Veo 3.1 reference to video".
 */
export function filterEntries(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const words = searchWords(query);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => matchesWords(haystack(e), words));
}

/**
 * How well an entry's title answers the query (lower is better): the title itself, a title starting
 * with it, a title holding every word, then a match elsewhere only (provider, category, output kind).
 * "integer" puts the Integer node before Media info, which only outputs integers.
 */
export function matchScore(entry: PaletteEntry, query: string): number {
  const words = searchWords(query);
  if (words.length === 0) return 0;
  const title = normaliseSearchText(entry.title);
  const phrase = words.join(' ');
  if (title === phrase) return 0;
  if (title.startsWith(phrase)) return 1;
  if (matchesWords(title, words)) return 2;
  return 3;
}

/**
 * Groups entries by provider (built-ins first) and category, titles sorted within a group. With a
 * query, the groups and the entries in them are ordered by how well titles match it first.
 */
export function groupEntries(entries: readonly PaletteEntry[], query = ''): PaletteGroup[] {
  const groups = new Map<string, PaletteGroup>();
  for (const entry of entries) {
    const key = `${entry.provider}\u0000${entry.category}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, provider: entry.provider, category: entry.category, entries: [] }));
    group.entries.push(entry);
  }
  const rank = (p: string) => (p === 'weft' ? 0 : 1);
  const score = new Map<PaletteEntry, number>();
  const scoreOf = (e: PaletteEntry) => score.get(e) ?? score.set(e, matchScore(e, query)).get(e)!;
  const best = (g: PaletteGroup) => Math.min(...g.entries.map(scoreOf));
  const list = [...groups.values()];
  for (const g of list) g.entries.sort((a, b) => scoreOf(a) - scoreOf(b) || a.title.localeCompare(b.title, undefined, { numeric: true }));
  list.sort((a, b) => best(a) - best(b) || rank(a.provider) - rank(b.provider) || a.provider.localeCompare(b.provider) || a.category.localeCompare(b.category));
  return list;
}
