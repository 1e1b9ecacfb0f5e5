import type { Field, NodeTemplate } from '../model/template.ts';
import { inputsOf } from './inputsOf.ts';

/**
 * The request body a node sends, built from its field values: each field's value at its place in the
 * body (`field.path`), media wrapped in the object the schema wants (`{url}`, `{type: "video", uri}`,
 * lists of those), Weft's own variant selectors left out. Fields of variants not chosen are not inputs
 * (`inputsOf`), so their kept values never reach the provider.
 */

/** Where a field's value goes in the body: `[name]` unless the field says otherwise. */
export function fieldPath(field: Field): readonly string[] {
  return field.path ?? [field.name];
}

const VIDEO_EXT = /\.(mp4|mov|webm|mkv|avi|m4v)(\?|#|$)/i;
const AUDIO_EXT = /\.(mp3|wav|m4a|ogg|flac|aac|opus)(\?|#|$)/i;

/** The media kind a URL or data URI names by its type or extension (image when it says nothing). */
export function mediaKindOfUrl(url: string): 'image' | 'video' | 'audio' {
  const mime = /^data:([a-z]+)\//i.exec(url)?.[1]?.toLowerCase();
  if (mime === 'video' || mime === 'audio') return mime;
  if (mime) return 'image';
  if (VIDEO_EXT.test(url)) return 'video';
  if (AUDIO_EXT.test(url)) return 'audio';
  return 'image';
}

function fitsForm(form: Field, value: unknown): boolean {
  const one = (v: unknown): boolean => {
    switch (form.kind) {
      case 'text': return typeof v === 'string';
      case 'enum': return form.options?.some((o) => o.value === v) === true || (form.freeText === true && typeof v === 'string');
      case 'integer': return typeof v === 'number' && Number.isInteger(v);
      case 'number': return typeof v === 'number';
      case 'boolean': return typeof v === 'boolean';
      case 'image':
      case 'video':
      case 'audio': return typeof v === 'string';
      case 'json': return true;
    }
  };
  if (form.list) return Array.isArray(value) && value.every(one);
  return one(value);
}

/**
 * The form of a field a value takes: for a field with `forms`, the first whose kind fits the value
 * (a typed form before a JSON one); the field itself otherwise.
 */
export function formOf(field: Field, value: unknown): Field {
  if (!field.forms?.length) return field;
  const typed = field.forms.filter((f) => f.kind !== 'json' && fitsForm(f, value));
  const sample = Array.isArray(value) ? value[0] : value;
  const byKind = typed.length > 1 && typeof sample === 'string' ? typed.find((f) => f.kind === mediaKindOfUrl(sample)) : undefined;
  return byKind ?? typed[0] ?? field.forms.find((f) => f.kind === 'json') ?? field;
}

/** A media URL wrapped as the schema wants (values already objects pass unchanged). */
function wrapValue(form: Field, value: unknown): unknown {
  const wrap = form.wrap;
  if (!wrap) return value;
  const one = (v: unknown) => (typeof v === 'string' ? { ...wrap.fixed, [wrap.key]: v } : v);
  return Array.isArray(value) ? value.map(one) : one(value);
}

function setAt(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = body;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else node = node[key] = {};
  }
  node[path[path.length - 1]!] = value;
}

/** The body from field values, for the given (active) fields; values of other names are ignored. */
export function buildRequestBody(fields: readonly Field[], values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    const path = fieldPath(field);
    if (value === undefined || path.length === 0) continue;
    setAt(body, path, wrapValue(formOf(field, value), value));
  }
  return body;
}

/** The body a node of this template sends for these field values (its variant's fields only). */
export function requestBodyOf(template: NodeTemplate, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return buildRequestBody(inputsOf(template, values), values);
}
