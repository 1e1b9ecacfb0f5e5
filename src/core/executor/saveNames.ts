import { extensionOfMime } from '../model/mediaTypes.ts';
import type { MediaValue, Value } from './types.ts';

/**
 * How a save node's items become files, the same in the browser (downloads) and the CLI (a folder):
 * the extension for a MIME type, the file name from the node's pattern, and the bytes of values that
 * are not media. Pure: the hosts only write what this decides.
 */

const KIND_EXTENSION: Readonly<Record<string, string>> = { image: 'png', video: 'mp4', audio: 'mp3' };

/** The extension a saved file of this MIME type gets; unknown types fall back by value kind, else `bin`. */
export function extensionForMime(mimeType: string | undefined, kind?: string): string {
  return extensionOfMime(mimeType) ?? (kind ? KIND_EXTENSION[kind] : undefined) ?? 'bin';
}

/** Longest file name stem in UTF-8 bytes; leaves room for `-NNN`, the extension and `.weft.json` within 255. */
export const MAX_STEM_BYTES = 180;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
const utf8 = new TextEncoder();

/** One path component: letters, digits, `. _ -` and spaces kept; everything else (and `..`) `_`; never hidden, never a device name. */
export function safeFileStem(text: string): string {
  let name = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  while (utf8.encode(name).length > MAX_STEM_BYTES) name = [...name].slice(0, -1).join('');
  return name.replace(/[\s.]+$/g, '') || 'weft';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `{date}`: the local date and time as `YYYY-MM-DD_HHMMSS` (sorts, and is a valid file name everywhere). */
function dateText(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

export interface FileNameVars {
  graph: string;
  node: string;
  index: number;
  ext: string;
  date: Date;
}

/**
 * The file name for one item: the pattern with `{graph}`, `{node}`, `{index}`, `{ext}`, `{date}` filled
 * in (`{{`/`}}` are literal braces, other placeholders empty), made one safe path component. Returns the
 * stem (without the extension) so a collision can add `-1`, `-2`.
 */
export function renderFileStem(pattern: string, vars: FileNameVars): string {
  const values: Record<string, string> = { graph: vars.graph, node: vars.node, index: String(vars.index), ext: vars.ext, date: dateText(vars.date) };
  const rendered = pattern.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_-]{0,63})\}/g, (m, name: string | undefined) => (m === '{{' ? '{' : m === '}}' ? '}' : (values[name!] ?? '')));
  const withoutExt = rendered.toLowerCase().endsWith(`.${vars.ext}`) ? rendered.slice(0, -(vars.ext.length + 1)) : rendered;
  return safeFileStem(withoutExt);
}

/** Whether a value is media (its bytes come from the blob store or a download, not from the value itself). */
export function isMediaValue(value: Value): value is MediaValue {
  return value.kind === 'image' || value.kind === 'video' || value.kind === 'audio' || value.kind === 'file';
}

/** The bytes of a value that is not media (text and numbers as text, JSON pretty-printed); undefined for media. */
export function textContentOf(value: Value): { bytes: Uint8Array; mimeType: string } | undefined {
  switch (value.kind) {
    case 'text':
      return { bytes: utf8.encode(value.text), mimeType: 'text/plain' };
    case 'number':
    case 'integer':
    case 'boolean':
      return { bytes: utf8.encode(String(value.value)), mimeType: 'text/plain' };
    case 'json':
      return { bytes: utf8.encode(`${JSON.stringify(value.value, null, 2)}\n`), mimeType: 'application/json' };
    default:
      return undefined;
  }
}
