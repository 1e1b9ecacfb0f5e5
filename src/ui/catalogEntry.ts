/**
 * What the catalog knows of a node type without loading its definition — one row per type, from
 * `nodes/index.json` for endpoints and from the built-in templates for `weft/*` — and how a provider's
 * name reads. The catalog, the palette and the node all read these; none of them owns them.
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
