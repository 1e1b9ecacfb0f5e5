import { createExecutor, type Executor } from '../../core/executor/executor.ts';
import { realClock } from '../../core/executor/clock.ts';
import type { Graph } from '../../core/model/graph.ts';
import type { Provider } from '../../core/providers/types.ts';
import { createBrowserProvider } from '../../providers/browser.ts';
import { PROVIDER_IDS } from '../../providers/config.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { getTemplate, peekTemplate } from '../catalog.ts';
import { useSettings } from '../settings/settingsStore.ts';
import { readLocalFile } from './localFiles.ts';
import { runStorage } from './runStorage.ts';
import { saveAsDownloads } from './saveFiles.ts';

/**
 * The executor as the page runs it: every node type's template loaded first (the executor looks them
 * up synchronously), adapters through the local server configured from this browser's settings (key,
 * simulator switch, concurrency), IndexedDB storage, WebCrypto hashing, picked files and downloads.
 * Made afresh for each run so changed settings apply to the next run.
 */

/** Loads the templates of every node type in the graph (failures become plan problems: "unknown node"). */
export async function preloadTemplates(graph: Graph): Promise<void> {
  await Promise.all([...new Set(graph.nodes.map((n) => n.type))].map((type) => getTemplate(type).catch(() => undefined)));
}

/** The providers as this browser's settings say, and whether each spends money. */
export function browserProviders(): { providers: Map<string, Provider>; concurrency: Record<string, number> } {
  const settings = useSettings.getState().providers;
  const providers = new Map<string, Provider>();
  const concurrency: Record<string, number> = {};
  for (const id of PROVIDER_IDS) {
    const s = settings[id];
    providers.set(id, createBrowserProvider(id, location.origin, { apiKey: s.apiKey, simulator: s.simulator }));
    concurrency[id] = s.concurrency;
  }
  return { providers, concurrency };
}

/** An executor for this graph (its templates loaded). */
export async function createBrowserExecutor(graph: Graph): Promise<Executor> {
  const [{ storage }] = await Promise.all([runStorage(), preloadTemplates(graph)]);
  const { providers, concurrency } = browserProviders();
  return createExecutor({
    getTemplate: peekTemplate,
    provider: (id) => providers.get(id),
    storage,
    clock: realClock,
    hash: (data) => sha256Hex(data),
    readLocal: readLocalFile,
    save: saveAsDownloads,
    concurrency,
  });
}
