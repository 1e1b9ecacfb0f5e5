/**
 * RunningHub's registry `params[]` (not JSON Schema) → a JSON Schema object the template compiler
 * understands. Pure: used by `npm run catalog` and when a user pastes a registry entry.
 *
 * Malformed input never throws: a param without a usable `fieldKey` (or a repeated one) is skipped,
 * a bad `accept`/default is left out, and each such decision is returned as a warning (and also
 * recorded in the schema as `x-weft-warnings`, so nothing disappears silently).
 */

export type JsonSchemaObject = Record<string, unknown>;

export interface RunningHubConversion {
  schema: JsonSchemaObject;
  warnings: string[];
}

const MEDIA_FORMATS: Record<string, string> = { IMAGE: 'image_uri', VIDEO: 'video_uri', AUDIO: 'audio_uri' };
/** Keys every param handler understands; anything else is kept as `x-rh-<key>`. */
const COMMON_KEYS = ['fieldKey', 'type', 'required', 'label', 'description', 'defaultValue', 'multipleInputs'];

type Param = Record<string, unknown>;

function isRecord(value: unknown): value is Param {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Parses `accept` (a stringified JSON list such as `["JPG","PNG"]`, or already a list) into upper-case types. */
export function parseRunningHubAccept(accept: unknown): string[] | undefined {
  let list: unknown = accept;
  if (typeof accept === 'string') {
    try {
      list = JSON.parse(accept);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) return undefined;
  return list.map((x) => x.trim().toUpperCase()).filter((x) => x !== '');
}

/** The value schema of one param (no title/description), and the keys it consumed. */
function valueSchema(type: string, p: Param, warn: (m: string) => void): { schema: JsonSchemaObject; used: string[] } {
  const out: JsonSchemaObject = {};
  switch (type) {
    case 'STRING': {
      out.type = 'string';
      if (toNumber(p.maxLength) !== undefined) out.maxLength = toNumber(p.maxLength);
      return { schema: out, used: ['maxLength'] };
    }
    case 'LIST': {
      const options = Array.isArray(p.options) ? p.options : [];
      const values: string[] = [];
      const labels: string[] = [];
      for (const o of options) {
        if (!isRecord(o) || !isPrimitive(o.value)) { warn('an option without a plain value was left out'); continue; }
        values.push(String(o.value));
        const label = [o.descriptionEn, o.description].find((l) => typeof l === 'string' && l.trim() !== '');
        labels.push(typeof label === 'string' ? label : String(o.value));
      }
      if (values.length === 0) warn('LIST without options');
      return { schema: { type: 'string', enum: values, 'x-enum-labels': labels }, used: ['options'] };
    }
    case 'BOOLEAN':
      return { schema: { type: 'boolean' }, used: [] };
    case 'INT':
    case 'FLOAT': {
      out.type = type === 'INT' ? 'integer' : 'number';
      const [min, max, step] = [toNumber(p.min), toNumber(p.max), toNumber(p.step)];
      if (min !== undefined) out.minimum = min;
      if (max !== undefined) out.maximum = max;
      if (step !== undefined && step > 0) out['x-step'] = step;
      return { schema: out, used: ['min', 'max', 'step'] };
    }
    default: {
      const format = MEDIA_FORMATS[type];
      if (format === undefined) return { schema: { 'x-weft-note': `unknown RunningHub param type ${type}` }, used: [] };
      return { schema: { type: 'string', format }, used: ['accept', 'maxSize'] };
    }
  }
}

/** The `default` of a param coerced to its JSON type, or undefined (media and URL defaults are sample uploads: dropped). */
function coerceDefault(type: string, value: unknown, warn: (m: string) => void): unknown {
  if (value === null || value === undefined || MEDIA_FORMATS[type]) return undefined;
  if (type === 'BOOLEAN') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
  } else if (type === 'INT' || type === 'FLOAT') {
    const n = toNumber(value);
    if (n !== undefined && (type === 'FLOAT' || Number.isInteger(n))) return n;
  } else if (type === 'STRING' && typeof value === 'string' && /^https?:\/\//i.test(value.trim())) {
    // A URL default is a sample upload (signed, someone else's file): never send it unasked.
    warn('sample URL default left out');
    return undefined;
  } else if (type === 'STRING' || type === 'LIST') {
    if (isPrimitive(value)) return String(value);
  } else {
    return value;
  }
  warn(`default ${JSON.stringify(value)} does not fit type ${type}: left out`);
  return undefined;
}

/** Converts one param into its property schema (title, description, value schema, limits, extras). */
function paramToProperty(p: Param, type: string, warn: (m: string) => void): JsonSchemaObject {
  const { schema: value, used } = valueSchema(type, p, warn);
  const consumed = new Set([...COMMON_KEYS, ...used]);
  const multiple = p.multipleInputs === true;
  let prop: JsonSchemaObject = { ...value };
  if (multiple) {
    const maxItems = toNumber(p.maxInputNum);
    prop = { type: 'array', items: value };
    if (p.required === true) prop.minItems = 1;
    if (maxItems !== undefined) prop.maxItems = maxItems;
    consumed.add('maxInputNum');
  } else if (p.maxInputNum === undefined || toNumber(p.maxInputNum) === 1) {
    consumed.add('maxInputNum'); // a single input trivially takes at most one
  }
  prop = { ...(typeof p.label === 'string' ? { title: p.label } : {}), ...(typeof p.description === 'string' ? { description: p.description } : {}), ...prop };
  const dflt = coerceDefault(type, p.defaultValue, warn);
  if (dflt !== undefined) prop.default = multiple ? [dflt] : dflt;
  if (used.includes('accept') && p.accept !== undefined) {
    const accept = parseRunningHubAccept(p.accept);
    if (accept) prop['x-accept'] = accept;
    else warn(`unreadable accept ${JSON.stringify(p.accept)}: left out`);
  }
  if (used.includes('maxSize') && toNumber(p.maxSize) !== undefined) prop['x-max-size-mb'] = toNumber(p.maxSize);
  for (const [key, v] of Object.entries(p)) {
    if (!consumed.has(key) && v !== undefined) prop[`x-rh-${key}`] = v;
  }
  return prop;
}

/** Converts RunningHub registry params into `{type:'object', properties, required}` plus the warnings it made. */
export function convertRunningHubParams(params: unknown): RunningHubConversion {
  const warnings: string[] = [];
  const properties = new Map<string, JsonSchemaObject>();
  const required: string[] = [];
  if (!Array.isArray(params)) warnings.push('params is not a list: no inputs');
  (Array.isArray(params) ? params : []).forEach((p: unknown, i) => {
    const key = isRecord(p) && typeof p.fieldKey === 'string' ? p.fieldKey.trim() : '';
    if (!isRecord(p) || key === '') { warnings.push(`param #${i + 1} has no fieldKey: skipped`); return; }
    if (properties.has(key)) { warnings.push(`param ${key} repeats: the later one was skipped`); return; }
    const type = typeof p.type === 'string' ? p.type.trim().toUpperCase() : String(p.type);
    properties.set(key, paramToProperty(p, type, (m) => warnings.push(`${key}: ${m}`)));
    if (p.required === true) required.push(key);
  });
  // fromEntries defines own properties, so even a "__proto__" key stays a plain property.
  const props: Record<string, JsonSchemaObject> = Object.fromEntries(properties);
  const schema: JsonSchemaObject = { type: 'object', properties: props, required };
  // JS objects list integer-like keys first: keep the registry's order explicitly when that bites.
  const order = [...properties.keys()];
  if (Object.keys(props).some((k, i) => k !== order[i])) schema['x-order'] = order;
  if (warnings.length) schema['x-weft-warnings'] = warnings;
  return { schema, warnings };
}

/** Converts RunningHub registry params into a JSON Schema object (property order = param order). */
export function runningHubParamsToSchema(params: unknown[]): JsonSchemaObject {
  return convertRunningHubParams(params).schema;
}
