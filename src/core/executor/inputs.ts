import type { Field, NodeTemplate } from '../model/template.ts';

/** A node's input fields. (Replaced by the templates' own per-node `inputsOf` once dynamic inputs land.) */
export function inputsOf(template: NodeTemplate, _values: Record<string, unknown>): Field[] {
  return template.inputs;
}
