import type { Field, NodeTemplate } from '../model/template.ts';

/**
 * A node's input fields: the template's own `inputs` — only the chosen variant's, when the request is a
 * union of shapes (`field.when`) — then those its values add through `instanceInputs` (a text
 * template's placeholders), with unique names: an added field named like an earlier one is ignored.
 * The one place that answers "which inputs does this node have", for the connection rule, the loader,
 * value checks, the executor and the editor.
 */
export function inputsOf(template: NodeTemplate, values: Readonly<Record<string, unknown>>): Field[] {
  const own = chosenInputs(template, values);
  if (!template.instanceInputs) return own;
  const added = template.instanceInputs(values);
  if (added.length === 0) return own;
  const taken = new Set(own.map((field) => field.name));
  const fields = [...own];
  for (const field of added) {
    if (taken.has(field.name)) continue;
    taken.add(field.name);
    fields.push(field);
  }
  return fields;
}

/** The template's own inputs that exist with these values: selectors come before the fields they choose. */
function chosenInputs(template: NodeTemplate, values: Readonly<Record<string, unknown>>): Field[] {
  if (!template.inputs.some((field) => field.when)) return template.inputs;
  const chosen = new Map<string, unknown>();
  const names = new Set<string>();
  const fields: Field[] = [];
  for (const field of template.inputs) {
    if (field.when && !field.when.values.some((v) => chosen.has(field.when!.field) && v === chosen.get(field.when!.field))) continue;
    if (names.has(field.name)) continue; // another variant's field of that name already exists
    names.add(field.name);
    fields.push(field);
    if (field.selects) chosen.set(field.name, values[field.name] !== undefined ? values[field.name] : field.default);
  }
  return fields;
}

/** The input field `name` of a node with these values, if it has one. */
export function fieldOf(template: NodeTemplate, values: Readonly<Record<string, unknown>>, name: string): Field | undefined {
  return inputsOf(template, values).find((field) => field.name === name);
}

/**
 * Every input name a node of this template may hold a value for with these values: its inputs now,
 * and those of the variants not chosen (their values are kept, unsent, for when the user switches back).
 */
export function knownInputNames(template: NodeTemplate, values: Readonly<Record<string, unknown>>): Set<string> {
  return new Set([...template.inputs, ...inputsOf(template, values)].map((field) => field.name));
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
  const kept = knownInputNames(template, after);
  return inputsOf(template, before).map((field) => field.name).filter((name) => !kept.has(name));
}

/**
 * The inputs another variant hides when values change from `before` to `after` (the variant selector
 * moved): the editor drops their wires but keeps their values, so switching back restores them.
 */
export function hiddenInputs(
  template: NodeTemplate,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): string[] {
  const now = new Set(inputsOf(template, after).map((field) => field.name));
  const known = knownInputNames(template, after);
  return inputsOf(template, before).map((field) => field.name).filter((name) => !now.has(name) && known.has(name));
}

/**
 * The values a variant switch (from `before` to `after`) must also change: a value of a field named
 * alike in both variants that the new variant's field does not allow (an enum option it lacks) goes
 * back to the new field's default (its only option, if it has one), or is cleared. Other values,
 * hidden ones too, stay.
 */
export function valuesAfterSwitch(
  template: NodeTemplate,
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const reset: Record<string, unknown> = {};
  const was = new Map(inputsOf(template, before).map((field) => [field.name, field]));
  for (const field of inputsOf(template, after)) {
    const old = was.get(field.name);
    const value = after[field.name];
    if (!old || old === field || value === undefined || field.kind !== 'enum' || field.freeText || !field.options) continue;
    if (!field.options.some((o) => o.value === value)) reset[field.name] = field.default ?? (field.options.length === 1 ? field.options[0]!.value : undefined);
  }
  return reset;
}
