import type { Field, OutputKind } from '../model/template.ts';
import { acceptedKinds } from '../graph/kinds.ts';
import { describeSchema, isObject, resolveSchema, type JsonSchema } from './resolve.ts';

/**
 * A field whose schema is a union of shapes (`anyOf`/`oneOf` that is not just "T or null"): fal's
 * `image_size` (a preset name or a `{width, height}` object), Runway's `promptImage` (a URL or a list
 * of keyframes). Each member becomes a form — itself compiled as a field of the same name — and the
 * field takes the first typed form's kind (media first), accepts the wires any form takes, and lets
 * the widget switch forms. The payload is the value as the chosen form makes it.
 */
export type CompileMember = (name: string, member: unknown, required: boolean) => Field;

/** A form's label: the member's title, its `$ref` name, else its shape in words (`Image URL`, `Preset`, `List of objects (uri, position)`). */
function labelOf(member: unknown, schema: JsonSchema, form: Field): string {
  if (typeof schema.title === 'string' && schema.title.trim()) {
    const title = schema.title.trim();
    return title.includes(' ') ? title : title.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  }
  if (isObject(member) && typeof member.$ref === 'string') {
    const name = member.$ref.split('/').pop() ?? '';
    if (name) return decodeURIComponent(name).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  }
  if (form.kind === 'image' || form.kind === 'video' || form.kind === 'audio') return `${form.kind[0]!.toUpperCase()}${form.kind.slice(1)} ${form.list ? 'list' : 'URL'}`;
  if (form.kind === 'enum') return 'Preset';
  const item = schema.type === 'array' && isObject(schema.items) ? resolveSchema(schema.items, {}).schema : schema;
  const keys = isObject(item.properties) ? Object.keys(item.properties).slice(0, 4).join(', ') : '';
  const shape = describeSchema(schema).replace(/^an? /, '');
  return `${shape.replace(/^./, (c) => c.toUpperCase())}${schema.type === 'array' && keys ? ' of objects' : ''}${keys ? ` (${keys})` : ''}`;
}

/** Where a JSON form starts when the user switches to it: an object of its properties' defaults (`{width: 512, height: 512}`), or an empty list. */
function startValue(schema: JsonSchema, root: unknown): unknown {
  if (schema.type === 'array') return [];
  if (schema.type !== 'object' && !isObject(schema.properties)) return undefined;
  const start: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(isObject(schema.properties) ? schema.properties : {})) {
    const prop = resolveSchema(raw, root).schema;
    if (prop.default !== undefined) start[key] = prop.default;
  }
  return start;
}

const KIND_RANK: Record<string, number> = { image: 0, video: 0, audio: 0, enum: 1, text: 2, integer: 3, number: 3, boolean: 4, json: 9 };

/** Compiles a union field into its forms (see the file comment); `base` carries name, title, required and description. */
export function compileForms(base: Field, members: unknown[], root: unknown, compileMember: CompileMember): Field {
  const forms = members.map((member, i) => {
    const { schema } = resolveSchema(member, root);
    const form = compileMember(base.name, member, base.required);
    const start = form.default === undefined && form.kind === 'json' ? startValue(schema, root) : undefined;
    return { ...form, title: labelOf(member, schema, form) || `Form ${i + 1}`, required: base.required, ...(start !== undefined ? { default: start } : {}) };
  });
  const primary = [...forms].sort((a, b) => (KIND_RANK[a.kind] ?? 9) - (KIND_RANK[b.kind] ?? 9))[0]!;
  const accepts = [...new Set(forms.flatMap((f) => acceptedKinds(f)))] as OutputKind[];
  const { name, title, required, description, default: fallback } = base;
  const field: Field = {
    ...primary,
    name, title, required, connectable: true, forms, accepts,
    ...(description ? { description } : {}),
    note: `one of ${forms.length} forms: ${forms.map((f) => f.title).join(', ')} — the widget switches between them`,
  };
  delete field.default;
  if (fallback !== undefined) field.default = fallback;
  return field;
}
