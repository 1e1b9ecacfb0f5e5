import type { EnumOption, EnumValue, Field, FieldRule } from '../model/template.ts';
import { describeSchema, isObject, resolveSchema, type JsonSchema } from './resolve.ts';
import { isMultilineName, isSecretName } from './mediaNames.ts';
import { mediaShapeOf } from './mediaShape.ts';
import { compileForms } from './fieldForms.ts';
import { problemsFromErrors, show } from './problemMessages.ts';
import { validate, type Schema } from '@cfworker/json-schema';
import type { SchemaError } from './schemaCheck.ts';

/** Unions inside unions are compiled this deep; deeper ones are edited as JSON. */
const MAX_FORM_DEPTH = 3;

/** A field plus the plain JSON Schema it was compiled from (for the validator of json fields). */
export interface CompiledField {
  field: Field;
  schema: JsonSchema;
  /** The schema allows `null` (an optional value the provider takes as "unset"). */
  nullable: boolean;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** "image_urls" → "Image Urls"; "generateAudio" → "Generate Audio". */
export function titleFromName(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  const words = spaced.replace(/\b\w/g, (c) => c.toUpperCase());
  return words.replace(/\b(Url|Uri|Id|Fps|Cfg|Tts|Json|Api)(s?)\b/g, (_m, w: string, s: string) => w.toUpperCase() + s) || name;
}

/** Option labels from `x-enum-labels`, `x-option-metadata`, `x-enumNames`, else the value itself. */
function enumOptions(values: unknown[], schema: JsonSchema): EnumOption[] {
  const labels = Array.isArray(schema['x-enum-labels']) ? schema['x-enum-labels']
    : Array.isArray(schema['x-enumNames']) ? schema['x-enumNames']
    : Array.isArray(schema['x-enum-varnames']) ? undefined : undefined;
  const meta = Array.isArray(schema['x-option-metadata']) ? schema['x-option-metadata'] : [];
  return values.map((value, i) => {
    const fromMeta = meta.find((m) => isObject(m) && m.value === value);
    const label = (labels && str(labels[i])) ?? (isObject(fromMeta) ? str(fromMeta.descriptionEn) ?? str(fromMeta.description) : undefined);
    return { value: value as EnumValue, label: label ?? String(value) };
  });
}

/** RunComfy's per-field `validations: [{validation_rule, validation_value, validation_error}]`. */
function fieldRules(schema: JsonSchema): FieldRule[] | undefined {
  if (!Array.isArray(schema.validations)) return undefined;
  const rules: FieldRule[] = [];
  for (const v of schema.validations) {
    if (!isObject(v) || typeof v.validation_rule !== 'string') continue;
    const value = typeof v.validation_value === 'number' || typeof v.validation_value === 'string' ? v.validation_value : String(v.validation_value);
    rules.push({ rule: v.validation_rule, value, message: str(v.validation_error) ?? `${v.validation_rule} ${value}` });
  }
  return rules.length ? rules : undefined;
}

function accept(schema: JsonSchema): string[] | undefined {
  const raw = schema['x-accept'];
  return Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? raw.map((x) => x.toUpperCase()) : undefined;
}

/**
 * Why a field's default breaks its own schema (`width` 0 with a minimum of 64), in words; undefined when
 * it does not. A fresh node must never fail its own validation.
 */
function defaultProblem(field: Field, schema: JsonSchema): string | undefined {
  let errors: SchemaError[];
  try {
    // The resolved schema stands alone (its references followed): checked as is, with no document to index.
    errors = validate(field.default, schema as Schema, '2020-12', Object.create(null) as Record<string, Schema>, false).errors;
  } catch {
    return undefined; // a part that refers elsewhere: the default is left to the provider
  }
  if (errors.length === 0) return undefined;
  const problem = problemsFromErrors(errors, [], field.default, (e) => limitIn(schema, e.keywordLocation))[0];
  return problem?.message.replace(/^The request /, '') ?? errors[0]!.error;
}

/** The schema value at a keyword location inside a standalone schema. */
function limitIn(schema: JsonSchema, location: string): unknown {
  let node: unknown = schema;
  for (const key of location.replace(/^#\/?/, '').split('/').filter(Boolean)) node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[decodeURIComponent(key)] : undefined;
  return node;
}

function isEnumValue(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Compiles one input property into a Field. Never throws: anything it cannot map becomes a `json`
 * field whose `note` says why.
 */
export function fieldFromSchema(name: string, property: unknown, required: boolean, root: unknown, depth = 0): CompiledField {
  const { schema, nullable, note: resolveNote } = resolveSchema(property, root);
  const title = str(schema.title) && schema.title !== name ? String(schema.title) : titleFromName(name);
  const base: Field = { name, title, kind: 'json', required, connectable: true };
  const description = str(schema.description);
  if (description && description.toLowerCase() !== name.toLowerCase() && description !== title) base.description = description;
  if (schema.default !== undefined && !(schema.default === null && nullable)) base.default = schema.default;
  const notes: string[] = [];
  if (resolveNote) notes.push(resolveNote);
  if (typeof schema['x-weft-note'] === 'string') notes.push(schema['x-weft-note']);
  const rules = fieldRules(schema);
  if (rules) base.rules = rules;
  const type = schema.type;
  const field: Field = { ...base };
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (union && depth < MAX_FORM_DEPTH) {
    const compileMember = (n: string, member: unknown, r: boolean) => fieldFromSchema(n, member, r, root, depth + 1).field;
    return { field: compileForms(base, union, root, compileMember), schema, nullable };
  }

  const media = mediaShapeOf(name, schema, root);
  if (media) {
    field.kind = media.kind;
    if (media.list) {
      const min = media.minItems ?? (required ? 1 : 0);
      field.list = media.maxItems !== undefined ? { min, max: media.maxItems } : { min };
    }
    if (media.wrap) field.wrap = media.wrap;
    if (media.accept) field.accept = media.accept;
  } else if (Array.isArray(schema.enum) || 'const' in schema) {
    const values = Array.isArray(schema.enum) ? schema.enum : [schema.const];
    if (values.length > 0 && values.every(isEnumValue)) {
      field.kind = 'enum';
      field.options = enumOptions(values, schema);
      if (schema['x-weft-free-text'] === true) field.freeText = true;
      const t = typeof type === 'string' ? type : undefined;
      field.valueType = t === 'integer' || t === 'number' || t === 'boolean' || t === 'string' ? t
        : values.every((v) => typeof v === 'number') ? (values.every((v) => Number.isInteger(v)) ? 'integer' : 'number')
        : values.every((v) => typeof v === 'boolean') ? 'boolean' : 'string';
    } else {
      notes.push('choices that are not plain values: edit as JSON');
    }
  } else if (type === 'string') {
    field.kind = 'text';
    const maxLength = num(schema.maxLength);
    if (isMultilineName(name, maxLength)) {
      field.multiline = true;
      // Catalog defaults on prompts are examples (often in Chinese): show them, never send them unasked.
      if (typeof field.default === 'string' && field.default !== '') {
        field.placeholder = field.default;
        delete field.default;
      }
    }
    if (isSecretName(name)) field.secret = true;
  } else if (type === 'integer' || type === 'number') {
    field.kind = type;
  } else if (type === 'boolean') {
    field.kind = 'boolean';
  } else if (type === 'array') {
    const items = resolveSchema(schema.items, root);
    notes.push(`a list of ${describeSchema(items.schema).replace(/^an? /, '')}s: edit as JSON`);
  } else if (type === 'object') {
    notes.push('a nested object: edit as JSON');
  } else if (type === 'null') {
    notes.push('always null: edit as JSON');
  } else if (type === undefined && !resolveNote) {
    notes.push('the schema gives no type: edit as JSON');
  } else if (typeof type === 'string') {
    notes.push(`unknown type "${type}": edit as JSON`);
  }

  // Limits apply to whichever kind was chosen.
  const min = num(schema.minimum) ?? num(schema.exclusiveMinimum);
  const max = num(schema.maximum) ?? num(schema.exclusiveMaximum);
  if (field.kind === 'integer' || field.kind === 'number') {
    const exclusiveMin = num(schema.exclusiveMinimum) !== undefined || schema.exclusiveMinimum === true;
    if (min !== undefined) field.min = field.kind === 'integer' && exclusiveMin ? Math.floor(min) + 1 : min;
    if (max !== undefined) field.max = max;
    const step = num(schema.multipleOf) ?? num(schema['x-step']) ?? num(schema.step);
    if (step !== undefined && step > 0) field.step = step;
  }
  if (field.kind === 'text') {
    const minLength = num(schema.minLength);
    const maxLength = num(schema.maxLength);
    if (minLength !== undefined) field.minLength = minLength;
    if (maxLength !== undefined) field.maxLength = maxLength;
  }
  if (field.kind === 'image' || field.kind === 'video' || field.kind === 'audio') {
    const accepted = accept(schema) ?? accept(isObject(schema.items) ? schema.items : {});
    if (accepted) field.accept = accepted;
    const maxSize = num(schema['x-max-size-mb']);
    if (maxSize !== undefined) field.maxSizeMb = maxSize;
  }
  // A required choice of one (a `const` tag such as `model: "act_two"`) is that value: a fresh node is complete.
  if (field.kind === 'enum' && field.required && field.default === undefined && field.options?.length === 1) field.default = field.options[0]!.value;
  if (field.default !== undefined) {
    const broken = defaultProblem(field, schema);
    if (broken) {
      notes.push(`the schema's default ${show(field.default)} breaks its own rules (${broken}), so the field starts empty`);
      delete field.default;
    }
  }
  if (notes.length) field.note = notes.join('; ');
  return { field, schema, nullable };
}
