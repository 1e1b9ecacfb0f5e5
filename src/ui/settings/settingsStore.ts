import { create } from 'zustand';
import type { CustomEndpointDefinition } from '../../core/model/graph.ts';
import { apiKeyProblem } from '../../providers/apiKey.ts';
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
  /** The pasted document, as text (shown again when the endpoint is edited). */
  source: string;
  /** Which provider runs it, and its model / endpoint id there. */
  provider: string;
  endpoint: string;
  /**
   * The normalised definition compiled into the node and carried in files that use it. Read from
   * storage unchecked; the catalog validates it (`parseCustomEndpoint`) before compiling.
   */
  definition: CustomEndpointDefinition;
}

export interface Settings {
  providers: Record<KnownProviderId, ProviderSettings>;
  customEndpoints: CustomEndpoint[];
}

export interface SettingsState extends Settings {
  setProvider(id: KnownProviderId, patch: Partial<ProviderSettings>): void;
  setCustomEndpoints(endpoints: CustomEndpoint[]): void;
  /** Adds a custom endpoint, or replaces the one with its id. */
  saveCustomEndpoint(endpoint: CustomEndpoint): void;
  removeCustomEndpoint(id: string): void;
}

export const SETTINGS_KEY = 'weft.settings.v1';
export const DEFAULT_CONCURRENCY = 3;
export const MAX_CONCURRENCY = 32;
/** Longest API key kept (anything longer is not a key). */
export const MAX_KEY_LENGTH = 500;
/** Longest pasted schema kept in settings, in characters. */
export const MAX_SOURCE_CHARS = 1024 * 1024;
/** Most custom endpoints kept. */
export const MAX_CUSTOM_ENDPOINTS = 100;

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
      if (typeof apiKey === 'string' && apiKey.length <= MAX_KEY_LENGTH && !apiKeyProblem(apiKey.trim())) out.providers[id].apiKey = apiKey.trim();
      if (typeof simulator === 'boolean') out.providers[id].simulator = simulator;
      if (typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency >= 1) out.providers[id].concurrency = Math.min(concurrency, MAX_CONCURRENCY);
    }
  }
  if (Array.isArray(customEndpoints)) {
    const seen = new Set<string>();
    for (const e of customEndpoints) {
      if (typeof e !== 'object' || e === null || out.customEndpoints.length >= MAX_CUSTOM_ENDPOINTS) continue;
      const { id, title, source, provider, endpoint, definition } = e as Record<string, unknown>;
      if (typeof id !== 'string' || !id.startsWith('custom/') || id.length > 200 || seen.has(id)) continue;
      if (typeof title !== 'string' || typeof source !== 'string' || source.length > MAX_SOURCE_CHARS) continue;
      if (typeof provider !== 'string' || typeof endpoint !== 'string') continue;
      // The definition is checked in full when compiled; here only that it belongs to this entry.
      if (typeof definition !== 'object' || definition === null || Array.isArray(definition) || (definition as { id?: unknown }).id !== id) continue;
      seen.add(id);
      out.customEndpoints.push({ id, title, source, provider, endpoint, definition: definition as CustomEndpointDefinition });
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
  saveCustomEndpoint(endpoint) {
    const list = get().customEndpoints;
    const at = list.findIndex((e) => e.id === endpoint.id);
    get().setCustomEndpoints(at < 0 ? [...list, endpoint] : list.map((e, i) => (i === at ? endpoint : e)));
  },
  removeCustomEndpoint(id) {
    get().setCustomEndpoints(get().customEndpoints.filter((e) => e.id !== id));
  },
}));

/** The API keys saved in this browser (for the export scan: a file containing one is refused). */
export function knownSecrets(settings: Settings = useSettings.getState()): string[] {
  return PROVIDER_IDS.map((id) => settings.providers[id].apiKey).filter((key) => key.length > 0);
}

/** A saved key as it may be shown: bullets and its last 4 characters (all bullets when it is short). */
export function maskKey(key: string): string {
  return key.length > 8 ? `••••••••${key.slice(-4)}` : '••••••••';
}

/** How a provider runs from this browser: forced onto the simulator, live with a key saved here, or as the server decides. */
export function browserMode(p: ProviderSettings): 'simulator' | 'live' | 'server' {
  if (p.simulator) return 'simulator';
  return p.apiKey ? 'live' : 'server';
}
