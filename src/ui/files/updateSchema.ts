import { dispatch, useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { peekTemplate } from '../catalog.ts';

/**
 * "Update to the current schema": every node whose endpoint changed since the file was saved takes the
 * current schema — values of fields the endpoint no longer has, and enum values it no longer allows, are
 * dropped (defaults apply) — as one undo step. The same rule as `weft validate --fix`. Returns how many
 * nodes changed.
 */
export async function updateDriftedNodes(): Promise<number> {
  // Loaded on use: the dialog is in the first load, the schema code need not be.
  const { acceptSchemaChanges } = await import('../../core/document/acceptSchemaChanges.ts');
  const graph = useDocStore.getState().doc;
  const accepted = acceptSchemaChanges(graph, peekTemplate);
  const nodes = accepted.nodes.filter((n, i) => n !== graph.nodes[i]).map((n) => ({ id: n.id, schemaHash: n.schemaHash ?? '', values: n.values }));
  if (nodes.length > 0) dispatch({ type: 'updateSchema', nodes });
  useUiStore.getState().showToast(nodes.length > 0 ? `Updated ${nodes.length} node${nodes.length === 1 ? '' : 's'} to the current schema (Ctrl+Z undoes it).` : 'Every node already has its current schema.');
  return nodes.length;
}
