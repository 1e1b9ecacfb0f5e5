import type { MediaKind } from '../model/template.ts';
import { mediaKindFromFormat, mediaKindFromHints, mediaKindFromName, nameWords } from './mediaNames.ts';
import { isObject, resolveSchema, type JsonSchema } from './resolve.ts';

/**
 * Media by structure first, names second: whether a property holds image, video or audio, and in
 * which shape the provider wants it — a URL string (`format: image_uri`, `uri`, `binary`,
 * `contentMediaType`), an object whose one URL field is the medium (`{url}`, `{uri}`, `{image_url}`,
 * `{type: "video", uri}`), or a list of either. Descriptions only ever choose among media a structure
 * already implies; they never make a field media on their own.
 */
export interface MediaShape {
  kind: MediaKind;
  list: boolean;
  /** The object each URL is wrapped in (`key` takes the URL; `fixed` are the object's constant tags). */
  wrap?: { key: string; fixed?: Record<string, unknown> };
  /** List limits (`minItems`, `maxItems`). */
  minItems?: number;
  maxItems?: number;
  /** Accepted file types from `contentMediaType` (`image/png` → PNG). */
  accept?: string[];
}

const LINK_FORMATS = new Set(['uri', 'url', 'iri', 'uri-reference', 'iri-reference', 'binary', 'byte', 'data-url', 'file']);
const URL_PROPERTY_NAMES = new Set(['url', 'uri', 'href', 'src', 'link', 'file', 'path']);
const MEDIA_TYPE = /^(image|video|audio)\/([\w.+-]+|\*)$/i;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The medium a `contentMediaType` names (`image/png`), and the file type it accepts. */
function fromMediaType(schema: JsonSchema): { kind: MediaKind; accept?: string[] } | undefined {
  const m = typeof schema.contentMediaType === 'string' ? MEDIA_TYPE.exec(schema.contentMediaType.trim()) : null;
  if (!m) return undefined;
  const sub = m[2]!.toUpperCase();
  return { kind: m[1]!.toLowerCase() as MediaKind, ...(sub !== '*' ? { accept: [sub === 'JPEG' ? 'JPG' : sub.replace(/^X-/, '')] } : {}) };
}

/** The medium of a string schema: its provider format, its media type, else its name with the structure's help. */
function stringMedia(name: string, schema: JsonSchema): { kind: MediaKind; accept?: string[] } | undefined {
  if (schema.type !== 'string' && schema.type !== undefined) return undefined;
  if (Array.isArray(schema.enum) || 'const' in schema) return undefined;
  const byFormat = mediaKindFromFormat(schema.format);
  if (byFormat) return { kind: byFormat };
  if (typeof schema.contentMediaType === 'string') return fromMediaType(schema);
  const format = typeof schema.format === 'string' ? schema.format.toLowerCase() : undefined;
  if (format !== undefined && LINK_FORMATS.has(format)) {
    const kind = mediaKindFromHints(name, text(schema.title), text(schema.description));
    return kind ? { kind } : undefined;
  }
  if (format !== undefined || schema.type !== 'string') return undefined;
  const kind = mediaKindFromName(name);
  return kind ? { kind } : undefined;
}

/** A string property that holds a link or file (by its format, media type or name), for object media. */
function isLinkProperty(name: string, schema: JsonSchema): boolean {
  if (schema.type !== 'string' || Array.isArray(schema.enum) || 'const' in schema) return false;
  if (mediaKindFromFormat(schema.format) || typeof schema.contentMediaType === 'string') return true;
  if (typeof schema.format === 'string' && LINK_FORMATS.has(schema.format.toLowerCase())) return true;
  const words = nameWords(name);
  return URL_PROPERTY_NAMES.has(name.toLowerCase()) || ['url', 'uri'].includes(words[words.length - 1] ?? '');
}

/** A property's constant value (`const`, or an enum of one). */
function constantOf(schema: JsonSchema): { value: unknown } | undefined {
  if ('const' in schema) return { value: schema.const };
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return { value: schema.enum[0] };
  return undefined;
}

/**
 * An object whose one link property is the medium: every other property a constant tag (`type:
 * "video"`) or optional. The kind comes from a tag naming a medium, the link property, the object's
 * own name, then its title or description (the structure already says it is a file).
 */
function objectMedia(name: string, schema: JsonSchema, root: unknown): Omit<MediaShape, 'list'> | undefined {
  if (schema.type !== 'object' && !isObject(schema.properties)) return undefined;
  if (!isObject(schema.properties)) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  let link: { key: string; schema: JsonSchema } | undefined;
  const fixed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(schema.properties)) {
    const prop = resolveSchema(raw, root).schema;
    const constant = constantOf(prop);
    if (constant) {
      fixed[key] = constant.value;
    } else if (isLinkProperty(key, prop)) {
      if (link) return undefined; // two links: which one is the medium is not for Weft to guess
      link = { key, schema: prop };
    } else if (required.has(key)) {
      return undefined; // another value the provider needs: not a plain medium
    }
  }
  if (!link) return undefined;
  const tagKind = Object.values(fixed).map((v) => (typeof v === 'string' ? mediaKindFromName(v) ?? mediaKindFromFormat(`${v}_uri`) : undefined)).find(Boolean);
  const byLink = stringMedia(link.key, link.schema);
  const kind = tagKind ?? byLink?.kind ?? mediaKindFromName(name) ?? mediaKindFromHints(name, text(schema.title), text(schema.description))
    ?? mediaKindFromHints('url', undefined, text(link.schema.description) ?? text(schema.description));
  if (!kind) return undefined;
  return { kind, wrap: { key: link.key, ...(Object.keys(fixed).length ? { fixed } : {}) }, ...(byLink?.accept ? { accept: byLink.accept } : {}) };
}

/** The media shape of a property (see the file comment), or undefined when it holds no medium. */
export function mediaShapeOf(name: string, schema: JsonSchema, root: unknown): MediaShape | undefined {
  if (schema.type === 'array' || (schema.type === undefined && schema.items !== undefined)) {
    const items = resolveSchema(schema.items, root).schema;
    const byFormat = mediaKindFromFormat(schema.format);
    const one = byFormat && (items.type === 'string' || items.type === undefined) ? { kind: byFormat } : stringMedia(name, items) ?? objectMedia(name, items, root);
    if (!one) return undefined;
    const minItems = num(schema.minItems);
    const maxItems = num(schema.maxItems);
    return { ...one, list: true, ...(minItems !== undefined ? { minItems } : {}), ...(maxItems !== undefined ? { maxItems } : {}) };
  }
  const one = stringMedia(name, schema) ?? objectMedia(name, schema, root);
  return one ? { ...one, list: false } : undefined;
}
