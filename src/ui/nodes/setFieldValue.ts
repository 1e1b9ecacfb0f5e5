import { removedInputs } from '../../core/templates/inputsOf.ts';
import type { NodeTemplate } from '../../core/model/template.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';

/**
 * Sets a field from its widget, as one undoable edit: when the new value takes inputs away (a
 * placeholder deleted from a text template), their wires and values go in that same edit.
 */
export function setFieldValue(template: NodeTemplate, nodeId: string, field: string, value: unknown): void {
  const store = useDocStore.getState();
  const node = getNode(store.doc.nodes, nodeId);
  if (!node) return;
  const drops = removedInputs(template, node.values, { ...node.values, [field]: value });
  store.dispatch({ type: 'setValue', node: nodeId, field, value, ...(drops.length > 0 ? { drops } : {}) });
}
