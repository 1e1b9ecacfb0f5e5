import type { Field, NodeTemplate } from '../model/template.ts';

/**
 * A node's input fields: the template's own `inputs`, then those its values add through
 * `instanceInputs` (a text template's placeholders), with unique names — an added field named like an
 * earlier one is ignored. The one place that answers "which inputs does this node have", for the
 * connection rule, the loader, value checks, the executor and the editor.
 */
export function inputsOf(template: NodeTemplate, values: Readonly<Record<string, unknown>>): Field[] {
  if (!template.instanceInputs) return template.inputs;
  const added = template.instanceInputs(values);
  if (added.length === 0) return template.inputs;
  const taken = new Set(template.inputs.map((field) => field.name));
  const fields = [...template.inputs];
  for (const field of added) {
    if (taken.has(field.name)) continue;
    taken.add(field.name);
    fields.push(field);
  }
  return fields;
}

/** The input field `name` of a node with these values, if it has one. */
export function fieldOf(template: NodeTemplate, values: Readonly<Record<string, unknown>>, name: string): Field | undefined {
  return inputsOf(template, values).find((field) => field.name === name);
}

/**
 * The input names a node loses when its values change from `before` to `after` (a placeholder deleted
 * from its template): the editor drops their wires and values in the same edit.
 */
export function removedInputs(
  template: NodeTemplate,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): string[] {
  if (!template.instanceInputs) return [];
  const kept = new Set(inputsOf(template, after).map((field) => field.name));
  return inputsOf(template, before).map((field) => field.name).filter((name) => !kept.has(name));
}
