import type { NodeTemplate } from '../core/model/template.ts';
import { inputsOf } from '../core/templates/inputsOf.ts';
import type { GraphNode, Position } from '../store/documentTypes.ts';
import { useDocStore } from '../store/documentStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import { getTemplate } from './catalog.ts';
import { freeSpot, notePlaced } from './editing/boxes.ts';
import { revealBox } from './editing/flowApi.ts';
import { estimateLayout } from './nodes/estimateLayout.ts';

/** The width every template node is drawn at (CSS `--node-width`), used to centre a new node. */
export const NODE_WIDTH = 320;

/** A new node's starting values: each field's default (of the first variant, for a request of several shapes), copied so nodes never share an object. */
export function defaultValues(template: NodeTemplate): GraphNode['values'] {
  const values: GraphNode['values'] = {};
  for (const field of inputsOf(template, {})) {
    if (field.default !== undefined && !field.portOnly && !field.secret) values[field.name] = structuredClone(field.default) as GraphNode['values'][string];
  }
  return values;
}

/**
 * Adds a node of the given type with its top-centre at `at` (flow coordinates), or at the nearest
 * spot where it covers no other node, and selects it. Loads the template first.
 */
export async function addNodeOfType(type: string, at: Position): Promise<string | undefined> {
  let template: NodeTemplate;
  try {
    template = await getTemplate(type);
  } catch (error) {
    useUiStore.getState().showToast(`Cannot add ${type}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return undefined;
  }
  const store = useDocStore.getState();
  const values = defaultValues(template);
  const { width, height } = estimateLayout(template, values);
  const position = freeSpot({ x: at.x - width / 2, y: at.y, width, height });
  const id = store.newId('n');
  store.dispatch({ type: 'addNode', node: { id, type, schemaHash: template.schemaHash, position, values } });
  notePlaced([id]);
  // The nearest free spot may lie past the edge of the screen: bring it into view to be seen arriving.
  revealBox({ ...position, width, height });
  const ui = useUiStore.getState();
  ui.clearSelection();
  ui.select('nodes', id, true);
  return id;
}
