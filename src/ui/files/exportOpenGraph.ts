import { useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import type { Graph } from '../../store/documentTypes.ts';
import { peekTemplate } from '../catalog.ts';
import { useSettings } from '../settings/settingsStore.ts';
import { useFileState } from './fileState.ts';

/** The API keys configured in this browser: any string containing one is refused on export. */
export function configuredKeys(): string[] {
  return Object.values(useSettings.getState().providers)
    .map((p) => p.apiKey)
    .filter((key) => key.length > 0);
}

/**
 * The open graph as file text for leaving the browser (Save, Save as, Share), through core's
 * `exportGraph` with the configured keys as known secrets. A refusal opens a report naming where each
 * key-like string is (never the string itself) and returns null: nothing is written.
 */
export async function exportOpenGraph(action: 'saved' | 'shared', graph: Graph = useDocStore.getState().doc): Promise<string | null> {
  const [{ exportGraph }, { describePlace }] = await Promise.all([import('../../core/document/exportGraph.ts'), import('../../core/document/describePlace.ts')]);
  let result: ReturnType<typeof exportGraph>;
  try {
    result = exportGraph(graph, { knownSecrets: configuredKeys() });
  } catch (error) {
    // A value JSON cannot hold (a bug upstream): say so rather than fail silently.
    useUiStore.getState().showToast(error instanceof Error ? error.message : String(error), 'error');
    return null;
  }
  if (result.ok) return result.text;
  const count = result.findings.length;
  useUiStore.getState().showToast(action === 'saved' ? 'Nothing was saved: the graph holds something that looks like a key.' : 'No link was made: the graph holds something that looks like a key.', 'error');
  useFileState.getState().openDialog({
    kind: 'report',
    report: {
      title: action === 'saved' ? 'Nothing was saved' : 'No link was made',
      summary: `${count === 1 ? 'One place holds' : `${count} places hold`} something that looks like an API key or password. Keys never leave this browser inside a graph: remove ${count === 1 ? 'it' : 'them'} (keys belong in Settings), then try again.`,
      warnings: [],
      errors: result.findings.map((f) => {
        const where = describePlace(graph, f.path, peekTemplate);
        return { message: f.reason, path: f.path, ...(where ? { where } : {}) };
      }),
    },
  });
  return null;
}
