import { isObject, type JsonSchema } from './resolve.ts';

/**
 * Provider schemas as standard JSON Schema, for the payload validator: a deep copy (the validator marks
 * the objects it reads) with the quirks real catalogs carry rewritten — `"type": "float"` and friends,
 * OpenAPI 3.0 `nullable`, draft-4 boolean `exclusiveMinimum`/`exclusiveMaximum`. Values (`enum`, `const`,
 * `default`, examples, `x-` extensions) are copied untouched.
 */
export type Draft = '7' | '2019-09' | '2020-12';

const TYPE_ALIASES: Record<string, string> = { float: 'number', double: 'number', int: 'integer', long: 'integer', bool: 'boolean', str: 'string' };
const STANDARD_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
/** Keywords whose values are data, not schemas: copied as they are. */
const VALUE_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example', 'required', 'dependentRequired', 'validations']);
const MAX_DEPTH = 256;

/**
 * The draft a document is validated as: its `$schema`, its OpenAPI version, else 2020-12. Draft 4 and
 * OpenAPI 3.0 are read as draft 7, their boolean exclusive bounds being rewritten by `standardSchema`.
 */
export function draftOf(root: unknown): Draft {
  if (!isObject(root)) return '2020-12';
  const declared = typeof root.$schema === 'string' ? root.$schema : '';
  if (/draft-0[3-7]\b/.test(declared)) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  if (declared.includes('2020-12')) return '2020-12';
  if (typeof root.swagger === 'string' || (typeof root.openapi === 'string' && root.openapi.startsWith('3.0'))) return '7';
  return '2020-12';
}

function standardType(type: unknown): unknown {
  const one = (t: unknown) => (typeof t === 'string' ? TYPE_ALIASES[t.toLowerCase()] ?? (STANDARD_TYPES.has(t.toLowerCase()) ? t.toLowerCase() : t) : t);
  return Array.isArray(type) ? [...new Set(type.map(one))] : one(type);
}

function copyValue(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** A standard deep copy of one schema node (see the file comment). */
export function standardSchema(node: unknown, depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => standardSchema(item, depth + 1));
  if (!isObject(node)) return node;
  if (depth > MAX_DEPTH) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') continue;
    if (key === 'type') out.type = standardType(value);
    else if (VALUE_KEYWORDS.has(key) || key.startsWith('x-')) out[key] = copyValue(value);
    else out[key] = isObject(value) || Array.isArray(value) ? standardSchema(value, depth + 1) : value;
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const exclusive = out[`exclusive${bound}`];
    if (typeof exclusive !== 'boolean') continue;
    const limit = out[bound.toLowerCase()];
    if (exclusive && typeof limit === 'number') {
      out[`exclusive${bound}`] = limit;
      delete out[bound.toLowerCase()];
    } else {
      delete out[`exclusive${bound}`];
    }
  }
  if (node.nullable === true) return withNull(out);
  return out;
}

/** OpenAPI 3.0 `nullable: true`: the same schema, also allowing `null`. */
function withNull(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    return schema;
  }
  if (Array.isArray(schema.type)) {
    if (!schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    return schema;
  }
  return { anyOf: [schema, { type: 'null' }] };
}
