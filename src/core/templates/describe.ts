import type { NodeTemplate } from '../model/template.ts';

/**
 * The template as plain JSON (what `weft template` prints): id, title, provider, inputs with kind,
 * required, default, list limits, options and limits, and outputs. Stable key order.
 */
export function describeTemplate(t: NodeTemplate): Record<string, unknown> {
  return {
    id: t.id,
    title: t.title,
    provider: t.provider,
    ...(t.endpoint !== undefined ? { endpoint: t.endpoint } : {}),
    category: t.category,
    schemaHash: t.schemaHash,
    inputs: t.inputs.map((f) => ({
      name: f.name,
      title: f.title,
      kind: f.kind,
      required: f.required,
      ...(f.default !== undefined ? { default: f.default } : {}),
      ...(f.list ? { list: { min: f.list.min, ...(f.list.max !== undefined ? { max: f.list.max } : {}) } } : {}),
      ...(f.options ? { options: f.options.map((o) => o.value) } : {}),
      ...(f.options?.some((o) => o.label !== String(o.value)) ? { optionLabels: f.options.map((o) => o.label) } : {}),
      ...(f.min !== undefined ? { min: f.min } : {}),
      ...(f.max !== undefined ? { max: f.max } : {}),
      ...(f.step !== undefined ? { step: f.step } : {}),
      ...(f.minLength !== undefined ? { minLength: f.minLength } : {}),
      ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
      ...(f.accept ? { accept: f.accept } : {}),
      ...(f.maxSizeMb !== undefined ? { maxSizeMb: f.maxSizeMb } : {}),
      ...(f.rules ? { rules: f.rules } : {}),
      ...(f.secret ? { secret: true } : {}),
      ...(f.note ? { note: f.note } : {}),
    })),
    outputs: t.outputs.map((o) => ({ name: o.name, kind: o.kind, ...(o.list ? { list: true } : {}) })),
  };
}
