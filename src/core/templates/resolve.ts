/**
 * Normalises one JSON Schema node: follows `$ref`, merges `allOf`, unwraps `anyOf`/`oneOf` with `null`,
 * maps non-standard types (`float`), so the field compiler sees one plain schema.
 */
export type JsonSchema = Record<string, unknown>;

export interface Resolved {
  schema: JsonSchema;
  /** The schema allowed `null` (anyOf/oneOf with null, `nullable`, type array with "null", enum with null). */
  nullable: boolean;
  /** Why the resolution could not produce one plain schema (becomes a json field note). */
  note?: string;
}

const MAX_REF_DEPTH = 32;

export function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local JSON pointer (`#/components/schemas/X`, percent-encoded or `~1`-escaped) in `root`. */
export function getByPointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw);
    } catch {
      key = raw;
    }
    key = key.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

const TYPE_ALIASES: Record<string, string> = {
  float: 'number',
  double: 'number',
  int: 'integer',
  long: 'integer',
  bool: 'boolean',
  str: 'string',
};

function normaliseType(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  let nullable = schema.nullable === true;
  let type = schema.type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    nullable ||= nonNull.length < type.length;
    type = nonNull.length === 1 ? nonNull[0] : nonNull.length === 0 ? 'null' : nonNull;
  }
  if (typeof type === 'string') type = TYPE_ALIASES[type.toLowerCase()] ?? type.toLowerCase();
  const out: JsonSchema = { ...schema };
  if (type === undefined) delete out.type;
  else out.type = type;
  delete out.nullable;
  if (Array.isArray(out.enum) && out.enum.includes(null)) {
    nullable = true;
    out.enum = out.enum.filter((v) => v !== null);
  }
  return { schema: out, nullable };
}

function isNullSchema(value: unknown): boolean {
  return isObject(value) && (value.type === 'null' || (Array.isArray(value.enum) && value.enum.length === 1 && value.enum[0] === null));
}

function isScalarChoice(s: JsonSchema): boolean {
  return Array.isArray(s.enum) || 'const' in s;
}

/**
 * The values of an `anyOf` of string choices and a free string (`[{enum: [...]}, {type: "string"}]`):
 * suggestions in an editable combo. Undefined for any other union.
 */
function suggestedValues(members: JsonSchema[]): { values: string[]; labels: string[] } | undefined {
  const choices = members.filter(isScalarChoice);
  const free = members.filter((m) => !isScalarChoice(m));
  const isFree = (m: JsonSchema) => m.type === 'string' && m.format === undefined && m.pattern === undefined;
  if (choices.length === 0 || free.length === 0 || !free.every(isFree)) return undefined;
  const values: string[] = [];
  const labels: string[] = [];
  for (const c of choices) {
    const list = Array.isArray(c.enum) ? c.enum : [c.const];
    if (!list.every((v) => typeof v === 'string')) return undefined;
    for (const v of list as string[]) {
      values.push(v);
      labels.push('const' in c && typeof c.title === 'string' ? c.title : v);
    }
  }
  return { values, labels };
}

/** Resolves a schema node against `root` into one plain schema plus nullability, never throwing. */
export function resolveSchema(input: unknown, root: unknown, depth = 0): Resolved {
  if (depth > MAX_REF_DEPTH) return { schema: {}, nullable: false, note: 'schema nests or refers to itself too deeply' };
  if (input === true || input === undefined) return { schema: {}, nullable: false };
  if (!isObject(input)) return { schema: {}, nullable: false, note: 'schema is not an object' };

  let schema: JsonSchema = input;
  let nullable = false;
  let note: string | undefined;

  // $ref: the referenced schema, with sibling keywords (description, default, title…) taking precedence.
  if (typeof schema.$ref === 'string') {
    const { $ref, ...siblings } = schema;
    const target = getByPointer(root, $ref);
    if (target === undefined) return { schema: { ...siblings }, nullable: false, note: `unresolved reference ${$ref}` };
    const inner = resolveSchema(target, root, depth + 1);
    schema = { ...inner.schema, ...siblings };
    nullable ||= inner.nullable;
    note = inner.note;
  }

  // allOf: merge every member (Replicate wraps enums as allOf [$ref]).
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    let merged: JsonSchema = {};
    for (const member of allOf) {
      const inner = resolveSchema(member, root, depth + 1);
      merged = mergeSchemas(merged, inner.schema);
      nullable ||= inner.nullable;
      note ??= inner.note;
    }
    schema = { ...merged, ...rest };
  }

  // anyOf / oneOf: drop null members; one member left → that member.
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = schema[key];
    if (!Array.isArray(members)) continue;
    const { [key]: _drop, ...rest } = schema;
    const nonNull = members.filter((m) => !isNullSchema(m));
    nullable ||= nonNull.length < members.length;
    const resolved = nonNull.map((m) => resolveSchema(m, root, depth + 1));
    if (resolved.length === 0) {
      schema = { ...rest, type: 'null' };
    } else if (resolved.length === 1) {
      const only = resolved[0]!;
      schema = { ...only.schema, ...rest };
      nullable ||= only.nullable;
      note ??= only.note;
    } else if (resolved.every((r) => 'const' in r.schema)) {
      // oneOf of consts = an enum whose labels are the members' titles.
      schema = {
        ...rest,
        enum: resolved.map((r) => r.schema.const),
        'x-enum-labels': resolved.map((r) => String(r.schema.title ?? r.schema.const)),
      };
    } else {
      const types = new Set(resolved.map((r) => String(r.schema.type)));
      const suggested = suggestedValues(resolved.map((r) => r.schema));
      if (resolved.every((r) => isScalarChoice(r.schema))) {
        // enums side by side: one enum of all their values.
        schema = { ...rest, enum: [...new Set(resolved.flatMap((r) => (Array.isArray(r.schema.enum) ? r.schema.enum : [r.schema.const])))] };
      } else if (suggested) {
        // anyOf [enum, free string]: the enum's values are suggestions, any text is accepted.
        schema = { ...rest, type: 'string', enum: suggested.values, 'x-enum-labels': suggested.labels, 'x-weft-free-text': true };
      } else if (types.size === 1 && !types.has('object') && !types.has('array') && !types.has('undefined') && resolved.every((r) => !isScalarChoice(r.schema))) {
        schema = { ...rest, type: [...types][0] };
      } else {
        // Several shapes (a preset or a {width, height} object; a URL or a list): the field offers each as a form.
        schema = { ...rest, [key]: nonNull };
        note = `one of ${resolved.length} shapes (${resolved.map((r) => describeSchema(r.schema)).join(', ')})`;
      }
    }
  }

  const typed = normaliseType(schema);
  return { schema: typed.schema, nullable: nullable || typed.nullable, ...(note ? { note } : {}) };
}

/** Merges two schemas for allOf: later keys win, `required` and `properties` combine. */
function mergeSchemas(a: JsonSchema, b: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...a, ...b };
  if (isObject(a.properties) && isObject(b.properties)) out.properties = { ...a.properties, ...b.properties };
  if (Array.isArray(a.required) && Array.isArray(b.required)) out.required = [...new Set([...a.required, ...b.required])];
  return out;
}

/** A short human description of a schema's shape, for notes. */
export function describeSchema(s: JsonSchema): string {
  if (typeof s.title === 'string' && s.type === 'object') return `an object (${s.title})`;
  if (Array.isArray(s.enum)) return `a choice (${s.enum.slice(0, 4).map(String).join(', ')}${s.enum.length > 4 ? ', …' : ''})`;
  if (s.type === 'object') return 'an object';
  if (s.type === 'array') return 'a list';
  if (typeof s.type === 'string') return `a ${s.type}`;
  return 'an unknown shape';
}

/**
 * Inlines every local `$ref` (and resolves allOf/anyOf-with-null) below a schema so it stands alone,
 * e.g. for z.fromJSONSchema. Recursion beyond the depth limit becomes `{}` (accept anything).
 */
export function inlineRefs(input: unknown, root: unknown, depth = 0): unknown {
  if (depth > MAX_REF_DEPTH) return {};
  if (Array.isArray(input)) return input.map((v) => inlineRefs(v, root, depth + 1));
  if (!isObject(input)) return input;
  let node: JsonSchema = input;
  if (typeof node.$ref === 'string') {
    const { $ref, ...siblings } = node;
    const target = getByPointer(root, $ref);
    node = isObject(target) ? { ...target, ...siblings } : siblings;
    return inlineRefs(node, root, depth + 1);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === 'type' && typeof value === 'string') out[key] = TYPE_ALIASES[value.toLowerCase()] ?? value;
    else out[key] = isObject(value) || Array.isArray(value) ? inlineRefs(value, root, depth + 1) : value;
  }
  // OpenAPI 3.0 `nullable: true` is JSON Schema's type union with null.
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}
