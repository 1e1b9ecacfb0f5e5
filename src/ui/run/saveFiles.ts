import type { SaveRequest, Value } from '../../core/executor/types.ts';
import { runStorage } from './runStorage.ts';

/**
 * What a save node does in the browser: each item becomes a download, named by the node's pattern
 * (`{graph}`, `{node}`, `{index}`, `{ext}`, `{date}`), one safe file name with the right extension.
 */

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif',
  'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov',
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/mp4': 'm4a', 'audio/flac': 'flac', 'audio/ogg': 'ogg',
  'model/gltf-binary': 'glb', 'text/plain': 'txt', 'application/json': 'json',
};

/** The extension for a MIME type (`bin` when unknown). */
export function extensionFor(mimeType: string | undefined, kind?: string): string {
  const bare = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  return EXTENSIONS[bare] ?? (kind === 'image' ? 'png' : kind === 'video' ? 'mp4' : kind === 'audio' ? 'mp3' : 'bin');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A download's file name from a save node's pattern: placeholders filled, unsafe characters `_`, always `.<ext>`. */
export function saveFileName(pattern: string, vars: { graph: string; node: string; index: number; ext: string; date?: Date }): string {
  const d = vars.date ?? new Date();
  const values: Record<string, string> = {
    graph: vars.graph, node: vars.node, index: String(vars.index), ext: vars.ext,
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`,
  };
  const rendered = pattern.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_-]{0,63})\}/g, (m, name: string | undefined) => (m === '{{' ? '{' : m === '}}' ? '}' : (values[name!] ?? '')));
  const withoutExt = rendered.toLowerCase().endsWith(`.${vars.ext}`) ? rendered.slice(0, -(vars.ext.length + 1)) : rendered;
  const stem = withoutExt
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]+/gu, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/_+/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 160)
    .replace(/[\s.]+$/g, '');
  return `${stem || 'weft'}.${vars.ext}`;
}

/** Hands bytes to the browser as a download. */
export function downloadBytes(bytes: Uint8Array, mimeType: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The bytes and type one value is saved as (media from the blob store; text and numbers as text). */
export async function bytesOf(value: Value, known?: { bytes?: Uint8Array; mimeType?: string }): Promise<{ bytes: Uint8Array; mimeType: string } | undefined> {
  const encode = (text: string) => new TextEncoder().encode(text);
  switch (value.kind) {
    case 'text':
      return { bytes: encode(value.text), mimeType: 'text/plain' };
    case 'number':
    case 'integer':
    case 'boolean':
      return { bytes: encode(String(value.value)), mimeType: 'text/plain' };
    case 'json':
      return { bytes: encode(`${JSON.stringify(value.value, null, 2)}\n`), mimeType: 'application/json' };
    default: {
      if (known?.bytes) return { bytes: known.bytes, mimeType: known.mimeType ?? value.mimeType ?? 'application/octet-stream' };
      if (!value.blob) return undefined;
      const blob = await (await runStorage()).storage.blobs.get(value.blob);
      return blob ? { bytes: blob.bytes, mimeType: blob.mimeType } : undefined;
    }
  }
}

/** The executor's `save`: downloads every item; returns the file names offered. */
export async function saveAsDownloads(request: SaveRequest): Promise<string[]> {
  const names: string[] = [];
  for (const item of request.items) {
    const content = await bytesOf(item.value, item);
    if (!content) continue;
    const name = saveFileName(request.pattern, { graph: request.graphName ?? 'weft', node: request.nodeId, index: item.index, ext: extensionFor(content.mimeType, item.value.kind) });
    downloadBytes(content.bytes, content.mimeType, name);
    names.push(name);
  }
  return names;
}
