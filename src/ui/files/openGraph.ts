import { DEFAULT_LOAD_LIMITS } from '../../core/document/limits.ts';
import type { LoadResult } from '../../core/document/loadGraph.ts';
import type { Graph } from '../../store/documentTypes.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { getTemplate, loadDefinitionBundle, peekTemplate } from '../catalog.ts';
import { useFileState } from './fileState.ts';

/** At most this many distinct node types are fetched ahead of loading (a hostile file could name thousands). */
const MAX_PRELOAD = 500;
/** Naming more endpoint types than this, a file has them all fetched as one bundle (one request, not one each). */
const BUNDLE_FROM = 24;

/** The node types a graph file names, read loosely (the real parse comes after, in `loadGraph`). */
function typesNamedIn(text: string): string[] {
  if (text.length > DEFAULT_LOAD_LIMITS.maxChars) return []; // loadGraph refuses it before parsing
  try {
    const raw = JSON.parse(text) as { nodes?: unknown };
    if (!Array.isArray(raw.nodes)) return [];
    const types = new Set<string>();
    for (const n of raw.nodes as unknown[]) {
      const type = typeof n === 'object' && n !== null ? (n as { type?: unknown }).type : undefined;
      if (typeof type === 'string' && type.length <= 300) types.add(type);
      if (types.size >= MAX_PRELOAD) break;
    }
    return [...types];
  } catch {
    return []; // loadGraph reports the syntax error with its place
  }
}

/**
 * Parses graph text as a file from outside (hostile until parsed): fetches the templates it names
 * first, so repair and drift checks see them, then runs core's `loadGraph`. Never throws for bad input.
 */
export async function parseGraphText(text: string): Promise<LoadResult> {
  const types = typesNamedIn(text);
  const endpoints = types.filter((t) => !t.startsWith('weft/') && !t.startsWith('custom/') && !peekTemplate(t));
  if (endpoints.length > BUNDLE_FROM) await loadDefinitionBundle().catch(() => undefined);
  await Promise.all(types.map((type) => getTemplate(type).catch(() => undefined)));
  const { loadGraph } = await import('../../core/document/loadGraph.ts');
  return loadGraph(text, peekTemplate);
}

/** Makes a loaded graph the open document (undo history starts afresh; the selection is cleared). */
export function showGraph(graph: Graph): void {
  const ui = useUiStore.getState();
  ui.clearSelection();
  useDocStore.getState().replace(graph);
  useFileState.getState().noteOpened();
}
