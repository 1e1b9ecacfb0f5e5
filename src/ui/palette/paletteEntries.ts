import { matchesWords, normaliseSearchText, searchWords } from '../../core/templates/search.ts';

/**
 * What the palette lists: one row per node type, known without loading its definition (from
 * `nodes/index.json` for endpoints, from the built-in templates for `weft/*`).
 */
export interface PaletteEntry {
  id: string;
  title: string;
  provider: string;
  category: string;
  /** The kind of the node's main output ("" when it has none, e.g. a note). */
  output: string;
  outputList: boolean;
  /** The output kinds some input of the node takes a wire from (to offer it for a wire dropped on empty canvas). */
  accepts: string[];
}

export interface PaletteGroup {
  key: string;
  provider: string;
  category: string;
  entries: PaletteEntry[];
}

const PROVIDER_LABELS: Record<string, string> = { weft: 'Built-in', runcomfy: 'RunComfy', runninghub: 'RunningHub', custom: 'Custom' };

/** "runcomfy" → "RunComfy"; unknown providers keep their id. */
export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider;
}

/** Reads one row of `nodes/index.json` defensively (the file is data: a bad row is skipped, not a crash). */
export function parseIndexRow(row: unknown): PaletteEntry | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const r = row as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.title !== 'string') return undefined;
  const out = r.output;
  let output = '';
  let outputList = false;
  if (typeof out === 'string') output = out;
  else if (typeof out === 'object' && out !== null) {
    const o = out as Record<string, unknown>;
    if (typeof o.kind === 'string') output = o.kind;
    outputList = o.list === true;
  }
  return {
    id: r.id,
    title: r.title,
    provider: typeof r.provider === 'string' ? r.provider : r.id.split('/')[0] ?? '',
    category: typeof r.category === 'string' && r.category ? r.category : 'Other',
    output,
    outputList,
    accepts: Array.isArray(r.accepts) ? r.accepts.filter((k): k is string => typeof k === 'string') : [],
  };
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

/** Groups entries by provider (built-ins first) and category, titles sorted within a group. */
export function groupEntries(entries: readonly PaletteEntry[]): PaletteGroup[] {
  const groups = new Map<string, PaletteGroup>();
  for (const entry of entries) {
    const key = `${entry.provider}\u0000${entry.category}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, provider: entry.provider, category: entry.category, entries: [] }));
    group.entries.push(entry);
  }
  const rank = (p: string) => (p === 'weft' ? 0 : 1);
  const list = [...groups.values()];
  list.sort((a, b) => rank(a.provider) - rank(b.provider) || a.provider.localeCompare(b.provider) || a.category.localeCompare(b.category));
  for (const g of list) g.entries.sort((a, b) => a.title.localeCompare(b.title, undefined, { numeric: true }));
  return list;
}
