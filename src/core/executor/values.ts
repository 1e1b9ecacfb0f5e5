import type { GraphNode } from '../model/graph.ts';
import type { Field, NodeTemplate } from '../model/template.ts';
import type { MediaValue, NodeOutputs, Value } from './types.ts';
import { renderTemplate } from '../templates/textTemplate.ts';

/**
 * Values: what static nodes output, how a field's value is chosen (a wire overrides the widget; list
 * inputs collect their wires in order) and coerced to the JSON type the provider expects.
 */

/** Stand-in media URLs used only to check a payload's shape before the real files exist. */
export const STAND_IN = { image: 'https://weft.invalid/stand-in.png', video: 'https://weft.invalid/stand-in.mp4', audio: 'https://weft.invalid/stand-in.mp3' } as const;

export function isMediaValue(value: Value): value is MediaValue {
  return value.kind === 'image' || value.kind === 'video' || value.kind === 'audio' || value.kind === 'file';
}

/** Coerces a raw value to the JSON type a field's provider expects (numeric-string enums stay strings). */
export function coerce(field: Field, raw: unknown): unknown {
  const wantsString = field.kind === 'text' || (field.kind === 'enum' && (field.valueType ?? 'string') === 'string');
  const wantsNumber = field.kind === 'integer' || field.kind === 'number' || (field.kind === 'enum' && (field.valueType === 'integer' || field.valueType === 'number'));
  if (wantsString && (typeof raw === 'number' || typeof raw === 'boolean')) return String(raw);
  if (wantsNumber && typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if ((field.kind === 'boolean' || field.valueType === 'boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * The value a field sends: its wires (in order; a list field takes them all, a single one the first),
 * else the widget's value, else the template default. `toRaw` turns a wired Value into payload JSON.
 */
export function payloadValue(field: Field, wired: readonly Value[] | undefined, widget: unknown, toRaw: (value: Value) => unknown): unknown {
  if (wired && wired.length > 0) {
    const raws = wired.map((v) => coerce(field, toRaw(v)));
    return field.list ? raws : raws[0];
  }
  const value = widget !== undefined ? widget : field.default;
  // An empty widget sends nothing (the provider's default applies; a required field is reported by the validator).
  if (value === undefined || value === '') return undefined;
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((v) => coerce(field, v));
  return coerce(field, value);
}

/** A media field's value as typed into a widget: a remote URL, a data URI, or a local file reference. */
export function mediaFromText(kind: MediaValue['kind'], text: string): MediaValue {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed) || /^data:/i.test(trimmed)) return { kind, url: trimmed };
  return { kind, local: trimmed };
}


function textOf(values: readonly Value[] | undefined): string | undefined {
  const first = values?.[0];
  if (!first) return undefined;
  if (first.kind === 'text') return first.text;
  if (first.kind === 'number' || first.kind === 'integer' || first.kind === 'boolean') return String(first.value);
  return undefined;
}

/**
 * The outputs of a node that needs no provider (text, numbers, choices, templates, media inputs),
 * computed from its widgets and wired inputs. Undefined for nodes that are not static.
 */
export function staticOutputs(template: NodeTemplate, node: GraphNode, wired: Record<string, Value[] | undefined>): NodeOutputs | undefined {
  const v = node.values;
  const field = (name: string) => template.inputs.find((f) => f.name === name);
  const raw = (name: string) => (v[name] !== undefined ? v[name] : field(name)?.default);
  switch (template.id) {
    case 'weft/text':
      return { text: [{ kind: 'text', text: textOf(wired.text) ?? String(raw('text') ?? '') }] };
    case 'weft/choice':
      return { value: [{ kind: 'text', text: textOf(wired.value) ?? String(raw('value') ?? '') }] };
    case 'weft/number':
    case 'weft/integer': {
      const n = Number(raw('value') ?? 0);
      return { value: [{ kind: template.id === 'weft/number' ? 'number' : 'integer', value: Number.isFinite(n) ? n : 0 }] };
    }
    case 'weft/boolean':
      return { value: [{ kind: 'boolean', value: raw('value') === true }] };
    case 'weft/image':
    case 'weft/video':
    case 'weft/audio': {
      const kind = template.id.slice('weft/'.length) as 'image' | 'video' | 'audio';
      const url = raw('url');
      return { [kind]: typeof url === 'string' && url.trim() ? [mediaFromText(kind, url)] : [] };
    }
    case 'weft/template': {
      const vars: Record<string, string> = {};
      for (const [name, values] of Object.entries(wired)) vars[name] = textOf(values) ?? '';
      for (const [name, value] of Object.entries(v)) if (name !== 'template' && vars[name] === undefined && typeof value === 'string') vars[name] = value;
      return { text: [{ kind: 'text', text: renderTemplate(String(raw('template') ?? ''), vars) }] };
    }
    default:
      return undefined;
  }
}
