import { hiddenInputs, removedInputs, valuesAfterSwitch } from '../../core/templates/inputsOf.ts';
import type { NodeTemplate } from '../../core/model/template.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';

/**
 * Sets a field from its widget, as one undoable edit: when the new value takes inputs away (a
 * placeholder deleted from a text template), their wires and values go in that same edit; when it
 * switches the request's variant, the wires of the inputs it hides go but their values stay, and a
 * choice the new variant does not offer returns to its default.
 */
export function setFieldValue(template: NodeTemplate, nodeId: string, field: string, value: unknown): void {
  const store = useDocStore.getState();
  const node = getNode(store.doc.nodes, nodeId);
  if (!node) return;
  const after = { ...node.values, [field]: value };
  const drops = removedInputs(template, node.values, after);
  const unwire = hiddenInputs(template, node.values, after);
  const reset = valuesAfterSwitch(template, node.values, after);
  store.dispatch({
    type: 'setValue', node: nodeId, field, value,
    ...(drops.length > 0 ? { drops } : {}),
    ...(unwire.length > 0 ? { unwire } : {}),
    ...(Object.keys(reset).length > 0 ? { reset } : {}),
  });
}
