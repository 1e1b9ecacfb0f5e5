import { extensionForMime, isMediaValue, renderFileStem, textContentOf, type FileNameVars } from '../../core/executor/saveNames.ts';
import type { SaveRequest, Value } from '../../core/executor/types.ts';
import { downloadData } from '../files/download.ts';
import { sha256Hex } from '../../core/sha256.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { peekTemplate } from '../catalog.ts';
import { runStorage } from './runStorage.ts';
import { useRunStore } from './runStore.ts';

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

/**
 * What `{node}` stands for in a saved file's name: the Save node's own title when the user gave it
 * one, else the title of the node that made the file ("Veo 3 image to video"), else the Save node's.
 * Never a node id: `Untitled-n5-0.mp4` told nobody what the file was.
 */
export function nodeNameFor(saveNodeId: string, producerId: string | undefined): string {
  const { nodes } = useDocStore.getState().doc;
  const title = (id: string | undefined) => {
    const node = id ? getNode(nodes, id) : undefined;
    return node ? (node.title ?? peekTemplate(node.type)?.title ?? node.type) : undefined;
  };
  return getNode(nodes, saveNodeId)?.title ?? title(producerId) ?? title(saveNodeId) ?? saveNodeId;
}

/** Files this browser already downloaded: `name` + content hash, newest last (bounded). */
const DOWNLOADED_KEY = 'weft.downloaded.v1';
const MAX_REMEMBERED = 300;

function downloaded(): string[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(DOWNLOADED_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x.length < 1000) : [];
  } catch {
    return [];
  }
}

function remember(key: string): void {
  try {
    localStorage.setItem(DOWNLOADED_KEY, JSON.stringify([...downloaded().filter((k) => k !== key), key].slice(-MAX_REMEMBERED)));
  } catch {
    // storage full or disabled: the file may be downloaded again next time, which loses nothing
  }
}

/**
 * The executor's `save`: downloads every item, named by the node's pattern; returns the file names
 * offered. A file this browser already downloaded under the same name from the same job (an unchanged
 * graph run again, served from the cache) is not downloaded again: the node still lists it and its
 * Download button gets it on demand.
 */
export async function saveAsDownloads(request: SaveRequest): Promise<string[]> {
  const names: string[] = [];
  const again: string[] = [];
  for (const item of request.items) {
    const content = await bytesOf(item.value, item);
    if (!content) continue;
    const from = item.provenance ?? ('from' in item.value ? item.value.from : undefined);
    const node = nodeNameFor(request.nodeId, from?.nodeId);
    const name = saveFileName(request.pattern, { graph: request.graphName ?? 'weft', node, index: item.index, ext: extensionFor(content.mimeType, item.value.kind) });
    // The same file from the same job (a cached result): a new job's result is new, even with equal bytes.
    const key = `${name}\u0000${from?.jobId ?? ''}\u0000${'blob' in item.value && item.value.blob ? item.value.blob : await sha256Hex(content.bytes)}`;
    names.push(name);
    if (downloaded().includes(key)) {
      again.push(name);
      continue;
    }
    downloadBytes(content.bytes, content.mimeType, name);
    remember(key);
  }
  if (again.length) {
    useRunStore.getState().note(`${nodeNameFor(request.nodeId, undefined)}: ${again.join(', ')} ${again.length === 1 ? 'was' : 'were'} already downloaded with the same content; not downloaded again (Download gets ${again.length === 1 ? 'it' : 'them'}).`, 'info', request.nodeId);
  }
  return names;
}
