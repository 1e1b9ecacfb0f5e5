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

/** Why a provider runs the way it does, as the page will call it. */
export type ModeReason = 'switch' | 'browser-key' | 'server-key' | 'no-key';

export interface EffectiveMode extends ProviderModeInfo {
  reason: ModeReason;
}

/** What this browser's settings say about one provider (a subset of `ProviderSettings`). */
export interface BrowserProviderChoice {
  apiKey: string;
  simulator: boolean;
}

/**
 * How each provider really runs from this page: the simulator switch forces the simulator; else a key
 * saved in this browser makes it live (the local server uses it); else the server's own mode holds.
 */
export function effectiveModes(server: readonly ProviderModeInfo[], browser: Readonly<Record<string, BrowserProviderChoice | undefined>>): EffectiveMode[] {
  return server.map((p) => {
    const mine = browser[p.id];
    if (mine?.simulator) return { ...p, mode: 'simulator', reason: 'switch' };
    if (mine?.apiKey) return { ...p, mode: 'live', reason: 'browser-key' };
    return { ...p, reason: p.mode === 'live' ? 'server-key' : 'no-key' };
  });
}
