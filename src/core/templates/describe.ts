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
      ...(f.freeText ? { freeText: true } : {}),
      ...(f.selects ? { selects: true } : {}),
      ...(f.when ? { when: f.when } : {}),
      ...(f.path ? { path: f.path } : {}),
      ...(f.wrap ? { wrap: f.wrap } : {}),
      ...(f.forms ? { forms: f.forms.map((form) => ({ title: form.title, kind: form.kind, ...(form.list ? { list: true } : {}), ...(form.wrap ? { wrap: form.wrap } : {}) })) } : {}),
      ...(f.note ? { note: f.note } : {}),
    })),
    outputs: t.outputs.map((o) => ({ name: o.name, kind: o.kind, ...(o.list ? { list: true } : {}) })),
  };
}

/**
 * What the compiler did with each field it could not map one to one, as lines for a person: fields
 * left as JSON, forms offered, variants, defaults dropped, media wrapped. Empty when every field
 * mapped plainly. Shared by `weft template` and the custom endpoint dialog.
 */
export function mappingReport(t: NodeTemplate): string[] {
  const lines: string[] = [];
  const selector = t.inputs.find((f) => f.selects);
  if (selector) lines.push(`${selector.name}: the request takes ${selector.options?.length ?? 0} shapes (${(selector.options ?? []).map((o) => o.label).join(', ')}); choosing one shows its fields`);
  const seen = new Set<string>();
  for (const f of t.inputs) {
    if (f.selects) continue;
    const key = `${f.name}\u0000${f.note ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (f.note) lines.push(`${f.name}: ${f.note}`);
    else if (f.wrap) lines.push(`${f.name}: ${f.kind}${f.list ? ' list' : ''}, sent as ${JSON.stringify({ ...f.wrap.fixed, [f.wrap.key]: 'URL' })}`);
  }
  return lines;
}
