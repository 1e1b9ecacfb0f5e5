import type { EnumValue, Field, NodeTemplate, Problem } from '../model/template.ts';
import { inputsOf, knownInputNames } from './inputsOf.ts';
import { problemsFromErrors, show } from './problemMessages.ts';
import { checkTextRule } from './providerRules.ts';
import { buildRequestBody, fieldPath, formOf } from './requestBody.ts';
import { buildSchemaCheck, type SchemaCheck } from './schemaCheck.ts';
import type { Draft } from './standardSchema.ts';

/**
 * A template's payload validator. `validate(values)` takes a node's field values and checks:
 * - Weft's own rules on fields: no unknown names, no stored credential, media as https URLs or data
 *   URIs with the count a list allows, required text not empty, a known variant chosen;
 * - the request body those values make (`buildRequestBody`: the chosen variant, media wrapped) against
 *   the endpoint's full JSON Schema, as written (`schemaCheck`), in the provider's words (`problemMessages`);
 * - the provider's own `validations` rules.
 * Values of fields of variants not chosen are kept by the node but neither checked nor sent.
 */
export interface RequestSchemas {
  /** The document `$ref`s resolve against. */
  root: unknown;
  /** The request body's schema (may hold `$ref`s into `root`). */
  body: unknown;
  /** A request that is a union: the selector field, and the schema of each variant by the selector's value. */
  variants?: { selector: string; bodies: ReadonlyMap<EnumValue, unknown> };
  draft?: Draft;
  /** Media values may also name local files (Weft's own input nodes: the file is read before any submit). */
  localMedia?: boolean;
}

type Validate = (payload: Record<string, unknown>) => Problem[];

const MEDIA_URL = /^(https?:\/\/\S+|data:[\w.+-]+\/[\w.+-]+[;,]\S*)$/i;
/** Distinct checks (variant × fields a node adds) kept per template. */
const CACHE_SIZE = 32;

function isMedia(field: Field): field is Field & { kind: 'image' | 'video' | 'audio' } {
  return field.kind === 'image' || field.kind === 'video' || field.kind === 'audio';
}

/** Weft's own rules on one field's value (see the file comment). */
function fieldProblems(field: Field, value: unknown, localMedia: boolean): Problem[] {
  const fail = (message: string, code: string): Problem[] => [{ field: field.name, message, code }];
  if (field.secret) {
    return fail(`${field.title} is a credential: it comes from your API key settings at run time and is never stored in a graph`, 'secret');
  }
  if (field.required && value === '' && (field.kind === 'text' || field.kind === 'enum')) return fail(`${field.title} is required`, 'required');
  if (field.selects && fieldPath(field).length === 0 && !field.options?.some((o) => o.value === value)) {
    return fail(`${field.title} must be one of ${(field.options ?? []).map((o) => o.label).join(', ')}; ${show(value)} is not allowed`, 'invalid_value');
  }
  const form = formOf(field, value);
  if (!isMedia(form)) return [];
  const kind = form.kind;
  const items = form.list ? (Array.isArray(value) ? value : undefined) : [value];
  if (!items) return fail(`${field.title} must be a list of ${kind} URLs, not ${show(value)}`, 'invalid_type');
  for (const item of items) {
    if (typeof item === 'object' && item !== null && form.wrap) continue; // already in the provider's shape
    if (typeof item !== 'string') return fail(`${field.title} must be a URL of a ${kind} file, not ${show(item)}`, 'invalid_type');
    if (!MEDIA_URL.test(item) && !localMedia) return fail(`${field.title} must be an https URL or a data URI of a ${kind} file, not ${show(item)}`, 'invalid_format');
  }
  if (form.list) {
    const { min, max } = form.list;
    if (items.length < min) return fail(`${field.title} needs at least ${min} ${kind}${min === 1 ? '' : 's'} (it has ${items.length})`, 'too_small');
    if (max !== undefined && items.length > max) return fail(`${field.title} takes at most ${max} ${kind}${max === 1 ? '' : 's'} (it has ${items.length})`, 'too_big');
  }
  return [];
}

/** A JSON Schema for a field that has none of its own (one a node adds, such as a template placeholder). */
function schemaOfField(field: Field): Record<string, unknown> {
  const one = (): Record<string, unknown> => {
    switch (field.kind) {
      case 'text': return { type: 'string', ...(field.minLength !== undefined ? { minLength: field.minLength } : {}), ...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {}) };
      case 'integer':
      case 'number': return { type: field.kind, ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) };
      case 'boolean': return { type: 'boolean' };
      case 'enum': return field.freeText ? {} : { enum: (field.options ?? []).map((o) => o.value) };
      case 'image':
      case 'video':
      case 'audio': return { type: 'string' };
      case 'json': return {};
    }
  };
  return field.list ? { type: 'array', items: one() } : one();
}

/** Builds `validate` for a template (read at call time, so it may be the object this is put on). */
export function buildValidator(template: () => NodeTemplate, request: RequestSchemas): Validate {
  const checks = new Map<string, SchemaCheck>();

  function checkFor(variant: EnumValue | undefined, added: Field[]): SchemaCheck {
    const key = JSON.stringify([variant ?? null, added.map((f) => [f.name, schemaOfField(f), f.required])]);
    let check = checks.get(key);
    if (check) return check;
    let body = variant !== undefined ? request.variants?.bodies.get(variant) ?? request.body : request.body;
    if (added.length) {
      const extra = { type: 'object', properties: Object.fromEntries(added.map((f) => [f.name, schemaOfField(f)])), required: added.filter((f) => f.required).map((f) => f.name) };
      body = { allOf: [body, extra] };
    }
    check = buildSchemaCheck(body, request.root, request.draft);
    if (checks.size >= CACHE_SIZE) checks.delete(checks.keys().next().value!);
    checks.set(key, check);
    return check;
  }

  return (payload) => {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return [{ field: '', message: 'The payload must be an object of field values', code: 'invalid_payload' }];
    }
    const t = template();
    const active = inputsOf(t, payload);
    const known = knownInputNames(t, payload);
    const own = new Set(t.inputs.map((f) => f.name));
    const problems: Problem[] = [];
    for (const key of Object.keys(payload)) {
      if (!known.has(key)) problems.push({ field: key, message: `"${key}" is not a field of this endpoint`, code: 'unknown_field' });
    }
    // A credential is never in the body: the provider's "required" about it is met at call time.
    const flagged = new Set<string>(active.filter((f) => f.secret).map((f) => f.name));
    for (const field of active) {
      const value = payload[field.name];
      if (value === undefined) continue;
      const found = fieldProblems(field, value, request.localMedia === true);
      if (found.length) flagged.add(field.name);
      problems.push(...found);
    }
    const selector = request.variants?.selector;
    const variant = selector !== undefined ? (payload[selector] ?? active.find((f) => f.name === selector)?.default) as EnumValue | undefined : undefined;
    const added = active.filter((f) => !own.has(f.name));
    const check = checkFor(variant, added);
    const body = buildRequestBody(active.filter((f) => !f.secret), payload);
    for (const problem of problemsFromErrors(check.check(body), active, body, check.limit)) {
      if (flagged.has(problem.field)) continue;
      if (!problems.some((p) => p.field === problem.field && p.message === problem.message)) problems.push(problem);
    }
    for (const field of active) {
      const value = payload[field.name];
      for (const rule of field.rules ?? []) {
        if (value !== undefined && !checkTextRule(rule, value) && !problems.some((p) => p.field === field.name && p.message === rule.message)) {
          problems.push({ field: field.name, message: rule.message, code: 'provider_rule' });
        }
      }
    }
    return problems;
  };
}
