import { z } from 'zod';
import type { Field, FieldRule, Problem } from '../model/template.ts';
import type { CompiledField } from './fieldFromSchema.ts';
import { inlineRefs } from './resolve.ts';

/**
 * Builds a template's payload validator: a zod object schema with one human message per rule, plus the
 * provider's own `validations` rules, returning every problem with its field name.
 */
const MEDIA_URL = /^(https?:\/\/\S+|data:[\w.+-]+\/[\w.+-]+[;,]\S*)$/i;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function textSchema(f: Field): z.ZodType {
  let s = z.string({ error: (i) => `${f.title} must be text, not ${show(i.input)}` });
  if (f.required) s = s.min(1, { error: `${f.title} is required` });
  if (f.minLength !== undefined && f.minLength > 0) s = s.min(f.minLength, { error: (i) => `${f.title} must be at least ${f.minLength} characters (it has ${String((i.input as string).length)})` });
  if (f.maxLength !== undefined) s = s.max(f.maxLength, { error: (i) => `${f.title} must be at most ${f.maxLength} characters (it has ${String((i.input as string).length)})` });
  return s;
}

function numberSchema(f: Field): z.ZodType {
  const what = f.kind === 'integer' ? 'a whole number' : 'a number';
  let s = z.number({ error: (i) => `${f.title} must be ${what}, not ${show(i.input)}` });
  if (f.kind === 'integer') s = s.int({ error: (i) => `${f.title} must be a whole number, not ${show(i.input)}` });
  if (f.min !== undefined) s = s.min(f.min, { error: (i) => `${f.title} must be at least ${f.min} (got ${show(i.input)})` });
  if (f.max !== undefined) s = s.max(f.max, { error: (i) => `${f.title} must be at most ${f.max} (got ${show(i.input)})` });
  return s;
}

function enumSchema(f: Field): z.ZodType {
  const options = f.options ?? [];
  const allowed = options.map((o) => o.value);
  const list = options.map((o) => (o.label !== String(o.value) ? `${String(o.value)} (${o.label})` : String(o.value))).join(', ');
  return z.custom((v) => allowed.some((a) => a === v), {
    error: (i) => `${f.title} must be one of ${list}; ${show(i.input)} is not allowed`,
  });
}

function mediaSchema(f: Field): z.ZodType {
  const one = z.string({ error: (i) => `${f.title} must be a URL of a ${f.kind} file, not ${show(i.input)}` })
    .regex(MEDIA_URL, { error: (i) => `${f.title} must be an https URL or a data URI of a ${f.kind} file, not ${show(i.input)}` });
  if (!f.list) return one;
  let list = z.array(one, { error: (i) => `${f.title} must be a list of ${f.kind} URLs, not ${show(i.input)}` });
  const { min, max } = f.list;
  if (min > 0) list = list.min(min, { error: (i) => `${f.title} needs at least ${min} ${f.kind}${min === 1 ? '' : 's'} (it has ${String((i.input as unknown[]).length)})` });
  if (max !== undefined) list = list.max(max, { error: (i) => `${f.title} takes at most ${max} ${f.kind}${max === 1 ? '' : 's'} (it has ${String((i.input as unknown[]).length)})` });
  return list;
}

function jsonSchema(f: Field, schema: Record<string, unknown>, root: unknown): z.ZodType {
  try {
    const standalone = inlineRefs(schema, root) as Record<string, unknown>;
    return z.fromJSONSchema(standalone as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.unknown(); // a construct zod cannot express: accepted as is (the field's note says so)
  }
}

function fieldSchema(c: CompiledField, root: unknown): z.ZodType {
  const f = c.field;
  switch (f.kind) {
    case 'text': return textSchema(f);
    case 'integer':
    case 'number': return numberSchema(f);
    case 'boolean': return z.boolean({ error: (i) => `${f.title} must be true or false, not ${show(i.input)}` });
    case 'enum': return enumSchema(f);
    case 'image':
    case 'video':
    case 'audio': return mediaSchema(f);
    case 'json': return jsonSchema(f, c.schema, root);
  }
}

/** Checks one text rule of RunComfy's `validations`; media rules (size, pixels) wait for the file. */
export function checkTextRule(rule: FieldRule, value: unknown): boolean {
  if (typeof value !== 'string') return true;
  const limit = Number(rule.value);
  if (!Number.isFinite(limit)) return true;
  const n = [...value].length;
  switch (rule.rule.replace(/\s+/g, '')) {
    case 'length<=': return n <= limit;
    case 'length<': return n < limit;
    case 'length>=': return n >= limit;
    case 'length>': return n > limit;
    default: return true;
  }
}

/** Facts about a media file known once it is read: size in MB and pixel dimensions. */
export interface MediaFacts { sizeMb?: number; width?: number; height?: number }

/** Checks a media field's size and pixel rules (RunComfy `validations`, RunningHub `maxSize`) against a file. */
export function checkMediaFacts(field: Field, facts: MediaFacts): Problem[] {
  const problems: Problem[] = [];
  const fail = (message: string) => problems.push({ field: field.name, message, code: 'media_rule' });
  if (field.maxSizeMb !== undefined && facts.sizeMb !== undefined && facts.sizeMb > field.maxSizeMb) {
    fail(`${field.title} must be at most ${field.maxSizeMb} MB (the file is ${facts.sizeMb.toFixed(1)} MB)`);
  }
  for (const rule of field.rules ?? []) {
    const limit = Number(rule.value);
    const { sizeMb, width, height } = facts;
    const ratio = width !== undefined && height ? width / height : undefined;
    const checks: Record<string, [number | undefined, (a: number) => boolean]> = {
      'file_size_mb<': [sizeMb, (a) => a < limit], 'file_size_mb<=': [sizeMb, (a) => a <= limit],
      'width/height>': [ratio, (a) => a > limit], 'width/height<': [ratio, (a) => a < limit],
      'width/height>=': [ratio, (a) => a >= limit], 'width/height<=': [ratio, (a) => a <= limit],
      'width_pixels>': [width, (a) => a > limit], 'width_pixels<': [width, (a) => a < limit],
      'height_pixels>': [height, (a) => a > limit], 'height_pixels<': [height, (a) => a < limit],
    };
    const check = checks[rule.rule.replace(/\s+/g, '')];
    if (check && check[0] !== undefined && Number.isFinite(limit) && !check[1](check[0])) fail(rule.message);
  }
  return problems;
}

/**
 * Builds `validate(payload) → Problem[]` for compiled fields; unknown keys are problems too. The zod
 * schema is built on the first call, so compiling the whole catalog for the palette stays cheap.
 */
export function buildValidator(fields: CompiledField[], root: unknown): (payload: Record<string, unknown>) => Problem[] {
  let validate: ((payload: Record<string, unknown>) => Problem[]) | undefined;
  return (payload) => {
    validate ??= buildZodValidator(fields, root);
    return validate(payload);
  };
}

function buildZodValidator(fields: CompiledField[], root: unknown): (payload: Record<string, unknown>) => Problem[] {
  const shape: Record<string, z.ZodType> = {};
  const byName = new Map<string, Field>();
  for (const c of fields) {
    byName.set(c.field.name, c.field);
    if (c.field.secret) {
      // Injected at call time from settings; a value here means a key is about to enter a graph.
      shape[c.field.name] = z.undefined({ error: `${c.field.title} is a credential: it comes from your API key settings at run time and is never stored in a graph` }).optional();
      continue;
    }
    let s = fieldSchema(c, root);
    if (c.nullable) s = s.nullable();
    shape[c.field.name] = c.field.required ? s : s.optional();
  }
  const missing = (f: Field) => `${f.title} is required`;
  const object = z.strictObject(shape);
  return (payload) => {
    const problems: Problem[] = [];
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return [{ field: '', message: 'The payload must be an object of field values', code: 'invalid_payload' }];
    }
    const result = object.safeParse(payload);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) problems.push({ field: key, message: `"${key}" is not a field of this endpoint`, code: 'unknown_field' });
          continue;
        }
        const name = String(issue.path[0] ?? '');
        const f = byName.get(name);
        const absent = f && payload[name] === undefined;
        const message = absent ? missing(f) : f?.kind === 'json' ? `${f.title}: ${issue.message}${issue.path.length > 1 ? ` (at ${issue.path.slice(1).join('.')})` : ''}` : issue.message;
        const code = absent ? 'required' : !f ? 'unknown_field' : issue.code;
        if (!problems.some((p) => p.field === name && p.message === message)) problems.push({ field: name, message, code });
      }
    }
    for (const f of byName.values()) {
      for (const rule of f.rules ?? []) {
        const value = payload[f.name];
        if (value !== undefined && !checkTextRule(rule, value) && !problems.some((p) => p.field === f.name && p.message === rule.message)) {
          problems.push({ field: f.name, message: rule.message, code: 'provider_rule' });
        }
      }
    }
    return problems;
  };
}
