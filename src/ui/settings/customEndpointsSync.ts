import { documentMessage, type Issue } from '../../core/document/messages.ts';
import type { CustomEndpointDefinition, Graph } from '../../core/model/graph.ts';
import { canonicalJson } from '../../core/templates/hash.ts';
import { dispatch, useDocStore } from '../../store/documentStore.ts';
import { registerCustomTemplates } from '../catalog.ts';
import { MAX_CUSTOM_ENDPOINTS, useSettings, type CustomEndpoint } from './settingsStore.ts';

/**
 * Custom endpoints between local settings, the catalog and the open graph: the settings' definitions
 * are installed as node types (now, and whenever they change), and the open document always carries
 * the definitions of the `custom/…` types its nodes use, so every save, autosave and share link holds
 * them. A graph opened with definitions this browser lacks adds them to the settings.
 */

function customTypes(graph: Pick<Graph, 'nodes'>): string[] {
  const types = new Set<string>();
  for (const node of graph.nodes) if (node.type.startsWith('custom/')) types.add(node.type);
  return [...types].sort();
}

function install(endpoints: readonly CustomEndpoint[]): void {
  registerCustomTemplates(endpoints.map((e) => e.definition));
}

/** Puts the definitions the document's custom nodes need into the document, outside undo history. */
export function syncDocumentDefinitions(): void {
  const { doc } = useDocStore.getState();
  const mine = new Map(useSettings.getState().customEndpoints.map((e) => [e.id, e.definition]));
  const carried = new Map((doc.customEndpoints ?? []).map((d) => [d.id, d]));
  const wanted: CustomEndpointDefinition[] = [];
  for (const type of customTypes(doc)) {
    const def = mine.get(type) ?? carried.get(type);
    if (def) wanted.push(def);
  }
  const current = doc.customEndpoints ?? [];
  if (wanted.length === current.length && wanted.every((d, i) => d === current[i])) return;
  // Not an edit of the user's: it follows from the nodes (and settings), so it is no undo step.
  dispatch({ type: 'carryDefinitions', definitions: wanted });
}

/**
 * When a loaded graph is opened or pasted: the definitions it carries for custom types its nodes use and
 * this browser lacks join the settings (so the nodes keep working after a reload). Where this browser has
 * its own, different version of one, that one is used; the returned warnings say so.
 */
export function adoptCustomEndpoints(graph: Graph): Issue[] {
  const warnings: Issue[] = [];
  if (!graph.customEndpoints) return warnings;
  const settings = useSettings.getState();
  const used = new Set(customTypes(graph));
  const added: CustomEndpoint[] = [];
  graph.customEndpoints.forEach((def, at) => {
    if (!used.has(def.id)) return;
    const mine = settings.customEndpoints.find((e) => e.id === def.id);
    if (mine) {
      if (canonicalJson(mine.definition) !== canonicalJson(def)) {
        const message = documentMessage('custom-endpoint-differs', { id: def.id, title: def.title, mine: mine.title });
        warnings.push({ code: 'custom-endpoint-differs', message, path: `customEndpoints[${at}]` });
      }
      return;
    }
    if (settings.customEndpoints.length + added.length >= MAX_CUSTOM_ENDPOINTS) return;
    added.push({ id: def.id, title: def.title, source: `${JSON.stringify({ ...def, id: undefined }, null, 2)}\n`, provider: def.provider, endpoint: def.endpoint, definition: def });
  });
  if (added.length > 0) settings.setCustomEndpoints([...settings.customEndpoints, ...added]);
  return warnings;
}

install(useSettings.getState().customEndpoints);
useSettings.subscribe((state, previous) => {
  if (state.customEndpoints === previous.customEndpoints) return;
  install(state.customEndpoints);
  syncDocumentDefinitions();
});
useDocStore.subscribe((state, previous) => {
  if (state.doc.nodes !== previous.doc.nodes) syncDocumentDefinitions();
});
