import { extensionForMime, isMediaValue, renderFileStem, textContentOf, type FileNameVars } from '../../core/executor/saveNames.ts';
import type { SaveRequest, Value } from '../../core/executor/types.ts';
import { downloadData } from '../files/download.ts';
import { runStorage } from './runStorage.ts';

/**
 * What a save node does in the browser: each item becomes a download, named by the node's pattern
 * (`{graph}`, `{node}`, `{index}`, `{ext}`, `{date}`), one safe file name with the right extension.
 */

/** The extension for a MIME type (by value kind when unknown, else `bin`). */
export const extensionFor = extensionForMime;

/** A download's file name from a save node's pattern (the CLI's rule, `renderFileStem`), always `.<ext>`. */
export function saveFileName(pattern: string, vars: Omit<FileNameVars, 'date'> & { date?: Date }): string {
  return `${renderFileStem(pattern, { ...vars, date: vars.date ?? new Date() })}.${vars.ext}`;
}

/** Hands bytes to the browser as a download. */
export function downloadBytes(bytes: Uint8Array, mimeType: string, name: string): void {
  downloadData(bytes, name, mimeType);
}

/** The bytes and type one value is saved as (media from the blob store; text and numbers as text). */
export async function bytesOf(value: Value, known?: { bytes?: Uint8Array; mimeType?: string }): Promise<{ bytes: Uint8Array; mimeType: string } | undefined> {
  if (!isMediaValue(value)) return textContentOf(value);
  if (known?.bytes) return { bytes: known.bytes, mimeType: known.mimeType ?? value.mimeType ?? 'application/octet-stream' };
  if (!value.blob) return undefined;
  const blob = await (await runStorage()).storage.blobs.get(value.blob);
  return blob ? { bytes: blob.bytes, mimeType: blob.mimeType } : undefined;
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
