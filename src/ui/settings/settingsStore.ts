import { create } from 'zustand';
import { PROVIDER_IDS, type KnownProviderId } from '../../providers/config.ts';

/**
 * Settings kept in this browser only (localStorage): per-provider API key, "use simulator" switch and
 * concurrency limit, plus custom endpoints pasted as schemas. Keys never enter a graph, a link, an
 * export or a log; they reach the local server only as the `X-Weft-Api-Key` header of a call.
 */

export interface ProviderSettings {
  /** Empty when none is saved here (the server's environment key, or the simulator, is used). */
  apiKey: string;
  /** Force the simulator for this provider even when a key exists. */
  simulator: boolean;
  /** At most this many of this provider's jobs run at once. */
  concurrency: number;
}

/** A node the user made by pasting a JSON Schema / OpenAPI document; compiled like any endpoint. */
export interface CustomEndpoint {
  /** The node type, `custom/<slug>`. */
  id: string;
  title: string;
  /** The pasted document, as text. */
  source: string;
}

export interface Settings {
  providers: Record<KnownProviderId, ProviderSettings>;
  customEndpoints: CustomEndpoint[];
}

export interface SettingsState extends Settings {
  setProvider(id: KnownProviderId, patch: Partial<ProviderSettings>): void;
  setCustomEndpoints(endpoints: CustomEndpoint[]): void;
}

export const SETTINGS_KEY = 'weft.settings.v1';
export const DEFAULT_CONCURRENCY = 3;
const MAX_CONCURRENCY = 32;

export function defaultSettings(): Settings {
  const providers = {} as Record<KnownProviderId, ProviderSettings>;
  for (const id of PROVIDER_IDS) providers[id] = { apiKey: '', simulator: false, concurrency: DEFAULT_CONCURRENCY };
  return { providers, customEndpoints: [] };
}

/** Reads stored settings defensively: anything malformed falls back to the default, field by field. */
export function parseSettings(raw: unknown): Settings {
  const out = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return out;
  const { providers, customEndpoints } = raw as { providers?: unknown; customEndpoints?: unknown };
  if (typeof providers === 'object' && providers !== null) {
    for (const id of PROVIDER_IDS) {
      const p = (providers as Record<string, unknown>)[id];
      if (typeof p !== 'object' || p === null) continue;
      const { apiKey, simulator, concurrency } = p as Record<string, unknown>;
      if (typeof apiKey === 'string' && apiKey.length <= 500) out.providers[id].apiKey = apiKey.trim();
      if (typeof simulator === 'boolean') out.providers[id].simulator = simulator;
      if (typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency >= 1) out.providers[id].concurrency = Math.min(concurrency, MAX_CONCURRENCY);
    }
  }
  if (Array.isArray(customEndpoints)) {
    for (const e of customEndpoints) {
      if (typeof e !== 'object' || e === null) continue;
      const { id, title, source } = e as Record<string, unknown>;
      if (typeof id === 'string' && id.startsWith('custom/') && typeof title === 'string' && typeof source === 'string') {
        out.customEndpoints.push({ id, title, source });
      }
    }
  }
  return out;
}

function load(): Settings {
  try {
    const text = globalThis.localStorage?.getItem(SETTINGS_KEY);
    return parseSettings(text ? JSON.parse(text) : undefined);
  } catch {
    return defaultSettings();
  }
}

function persist(settings: Settings): void {
  try {
    globalThis.localStorage?.setItem(SETTINGS_KEY, JSON.stringify({ providers: settings.providers, customEndpoints: settings.customEndpoints }));
  } catch {
    // storage full or disabled: the settings still hold for this page
  }
}

export const useSettings = create<SettingsState>()((set, get) => ({
  ...load(),
  setProvider(id, patch) {
    set({ providers: { ...get().providers, [id]: { ...get().providers[id], ...patch } } });
    persist(get());
  },
  setCustomEndpoints(endpoints) {
    set({ customEndpoints: endpoints });
    persist(get());
  },
}));
