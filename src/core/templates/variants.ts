import type { EnumValue, Field } from '../model/template.ts';
import { canonicalJson } from './hash.ts';
import type { CompiledField } from './fieldFromSchema.ts';
import { isObject, resolveSchema, type JsonSchema } from './resolve.ts';
import { titleFromName } from './fieldFromSchema.ts';

/**
 * A request body that is a `oneOf`/`anyOf` of object shapes (Runway's endpoints, one shape per model)
 * becomes one node with a variant selector: the discriminator property when the shapes have one
 * (OpenAPI `discriminator`, or a property each shape fixes to its own constant), else a selector of
 * Weft's own that is never sent. Each shape's properties become fields that exist only while their
 * variant is chosen (`field.when`); a property the same in several shapes is one field, so its value
 * and wires carry over when the user switches. Each variant is validated against its own shape.
 */
export interface BodyVariants {
  /** The selector first, then every variant's fields. */
  compiled: CompiledField[];
  selector: string;
  /** The schema of each variant (the union's other keywords beside the member), by selector value. */
  bodies: Map<EnumValue, unknown>;
}

type CompileFields = (schema: JsonSchema, root: unknown) => CompiledField[];

interface Variant { value: EnumValue; label: string; schema: JsonSchema; member: unknown }

function isPlainValue(v: unknown): v is EnumValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function constantOf(schema: JsonSchema): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return schema.enum[0];
  return undefined;
}

/** The union's members when the body is a union of at least two object shapes; else undefined. */
function unionOf(schema: JsonSchema, root: unknown): { key: 'oneOf' | 'anyOf'; members: unknown[] } | undefined {
  for (const key of ['oneOf', 'anyOf'] as const) {
    const members = schema[key];
    if (!Array.isArray(members) || members.length < 2) continue;
    const objects = members.every((m) => {
      const r = resolveSchema(m, root).schema;
      return r.type === 'object' || isObject(r.properties) || Array.isArray(r.required);
    });
    if (objects) return { key, members };
  }
  return undefined;
}

/** The member merged with the keywords beside the union (common properties and required names). */
function mergedShape(common: JsonSchema, member: unknown, root: unknown): JsonSchema {
  const own = resolveSchema(member, root).schema;
  const properties = { ...(isObject(common.properties) ? common.properties : {}), ...(isObject(own.properties) ? own.properties : {}) };
  const required = [...new Set([...(Array.isArray(common.required) ? common.required : []), ...(Array.isArray(own.required) ? own.required : [])])];
  return { ...common, ...own, type: 'object', properties, required };
}

/** The discriminator: OpenAPI's `discriminator.propertyName`, else a property every shape fixes to a distinct constant. */
function discriminatorOf(schema: JsonSchema, shapes: JsonSchema[], members: unknown[], root: unknown): { name: string; values: EnumValue[] } | undefined {
  const valueIn = (name: string, shape: JsonSchema, member: unknown, mapping: Record<string, unknown>): unknown => {
    const prop = isObject(shape.properties) ? resolveSchema(shape.properties[name], root).schema : {};
    const constant = constantOf(prop);
    if (constant !== undefined) return constant;
    const ref = isObject(member) && typeof member.$ref === 'string' ? member.$ref : undefined;
    return ref ? Object.entries(mapping).find(([, target]) => target === ref)?.[0] ?? ref.split('/').pop() : undefined;
  };
  const declared = isObject(schema.discriminator) && typeof schema.discriminator.propertyName === 'string' ? schema.discriminator : undefined;
  const candidates = declared ? [declared.propertyName as string] : Object.keys(isObject(shapes[0]!.properties) ? shapes[0]!.properties : {});
  const mapping = declared && isObject(declared.mapping) ? declared.mapping : {};
  for (const name of candidates) {
    const values = shapes.map((shape, i) => valueIn(name, shape, members[i], declared ? mapping : {}));
    if (values.every(isPlainValue) && new Set(values).size === values.length) return { name, values };
  }
  return undefined;
}

function labelOf(member: unknown, shape: JsonSchema, index: number): string {
  if (typeof shape.title === 'string' && shape.title.trim()) return shape.title.trim();
  const ref = isObject(member) && typeof member.$ref === 'string' ? member.$ref.split('/').pop() : undefined;
  if (ref) return titleFromName(decodeURIComponent(ref));
  const own = Array.isArray(shape.required) ? shape.required.filter((r): r is string => typeof r === 'string') : [];
  return own.length ? `With ${own.slice(0, 3).map(titleFromName).join(', ')}` : `Variant ${index + 1}`;
}

/** A name not among `taken`: `variant`, `variant_2`, … */
function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** The body's variants and their fields, or undefined when the body is not a union of object shapes. */
export function compileBodyVariants(schema: JsonSchema, root: unknown, compileFields: CompileFields): BodyVariants | undefined {
  const union = unionOf(schema, root);
  if (!union) return undefined;
  const { [union.key]: _members, discriminator: _d, ...common } = schema;
  const shapes = union.members.map((m) => mergedShape(common, m, root));
  const found = discriminatorOf(schema, shapes, union.members, root);
  const labels = shapes.map((shape, i) => labelOf(union.members[i], resolveSchema(union.members[i], root).schema, i));
  const taken = new Set(shapes.flatMap((s) => Object.keys(s.properties as JsonSchema)));
  const values: EnumValue[] = found ? found.values : labels.map((label, i) => (labels.indexOf(label) === i ? label : `${label} (${i + 1})`));
  const variants: Variant[] = shapes.map((shape, i) => ({ value: values[i]!, label: labels[i]!, schema: shape, member: union.members[i] }));

  const selectorName = found ? found.name : freeName('variant', taken);
  const discriminatorProp = found && isObject(shapes[0]!.properties) ? resolveSchema(shapes[0]!.properties[found.name], root).schema : {};
  const selector: Field = {
    name: selectorName,
    title: found ? (typeof discriminatorProp.title === 'string' && discriminatorProp.title.trim() ? discriminatorProp.title : titleFromName(found.name)) : 'Variant',
    kind: 'enum',
    required: true,
    connectable: false,
    selects: true,
    options: variants.map((v) => ({ value: v.value, label: found && v.label !== String(v.value) && !/^Variant \d/.test(v.label) ? `${String(v.value)} — ${v.label}` : v.label })),
    default: variants[0]!.value,
    description: `This endpoint takes ${variants.length} shapes of request; the fields below are those of the one chosen.`,
    ...(found ? {} : { path: [] }),
    valueType: values.every((v) => typeof v === 'number') ? 'number' : values.every((v) => typeof v === 'boolean') ? 'boolean' : 'string',
  };

  // Each variant's fields (the discriminator itself is the selector); equal fields are shared.
  const groups: { key: string; compiled: CompiledField; values: EnumValue[] }[] = [];
  for (const variant of variants) {
    for (const c of compileFields(variant.schema, root)) {
      if (c.field.name === selectorName && found) continue;
      const key = `${c.field.name}\u0000${canonicalJson([c.field, c.schema])}`;
      const group = groups.find((g) => g.key === key);
      if (group) group.values.push(variant.value);
      else groups.push({ key, compiled: c, values: [variant.value] });
    }
  }
  // Fields of one name stay together, in the order the first variant gives them.
  const order = [...new Set(groups.map((g) => g.compiled.field.name))];
  const fields: CompiledField[] = order.flatMap((name) => groups.filter((g) => g.compiled.field.name === name).map((g) => {
    const all = g.values.length === variants.length;
    return all ? g.compiled : { ...g.compiled, field: { ...g.compiled.field, when: { field: selectorName, values: g.values } } };
  }));

  const bodies = new Map<EnumValue, unknown>(variants.map((v) => [v.value, { allOf: [common, v.member] }]));
  return { compiled: [{ field: selector, schema: discriminatorProp, nullable: false }, ...fields], selector: selectorName, bodies };
}
