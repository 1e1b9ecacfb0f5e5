/**
 * What the local server says about each provider (`GET /api/status`): live with a key, or the built-in
 * simulator. Fetched once per page load; a server without `/api/` (a plain static host) yields nothing.
 */

export interface ProviderModeInfo {
  id: string;
  title: string;
  mode: 'live' | 'simulator';
}

/** Reads `/api/status`'s JSON defensively: anything malformed is left out, never trusted. */
export function parseServerStatus(data: unknown): ProviderModeInfo[] {
  if (typeof data !== 'object' || data === null) return [];
  const providers = (data as { providers?: unknown }).providers;
  if (typeof providers !== 'object' || providers === null) return [];
  const out: ProviderModeInfo[] = [];
  for (const [id, value] of Object.entries(providers)) {
    if (typeof value !== 'object' || value === null) continue;
    const { title, mode } = value as { title?: unknown; mode?: unknown };
    if (typeof title !== 'string' || (mode !== 'live' && mode !== 'simulator')) continue;
    out.push({ id, title: title.slice(0, 60), mode });
  }
  return out;
}

let once: Promise<ProviderModeInfo[]> | undefined;

/** The providers' modes, asked of the server once per page load. */
export function fetchServerStatus(): Promise<ProviderModeInfo[]> {
  once ??= fetch('/api/status', { headers: { Accept: 'application/json' } })
    .then(async (response) => {
      const type = response.headers.get('content-type') ?? '';
      return response.ok && type.startsWith('application/json') ? parseServerStatus(await response.json()) : [];
    })
    .catch(() => []);
  return once;
}
