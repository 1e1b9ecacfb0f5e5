import type { MediaFile } from '../../core/providers/types.ts';
import { localFileRef, parseLocalFileRef, type LocalFileRef } from '../../core/model/localFileRef.ts';
import { runStorage } from './runStorage.ts';

export { localFileRef, parseLocalFileRef, type LocalFileRef };

/**
 * Files chosen (or dropped) in this browser for a media field. The bytes go into the blob store under
 * their SHA-256, and the field's value becomes `weft-file:<sha256>:<name>`: not a URL, so the executor
 * hands it to `readLocal`, which reads it back from the store. The graph carries only the hash and name.
 */

/** Largest file Weft takes as an input (the same cap as the CLI's local files). */
export const MAX_LOCAL_FILE_BYTES = 200 * 1024 * 1024;

/** Why a picked file cannot be used for a field of this kind, or undefined when it can. */
export function fileProblem(file: { name: string; type: string; size: number }, kind: string): string | undefined {
  if (!file.type.startsWith(`${kind}/`)) return `"${file.name}" is ${file.type ? `a ${file.type} file` : 'not a recognised media file'}; this field takes ${kind === 'audio' ? 'an audio file' : `an ${kind === 'image' ? 'image' : 'video'}`}.`;
  if (file.size > MAX_LOCAL_FILE_BYTES) return `"${file.name}" is ${(file.size / 1048576).toFixed(1)} MiB; Weft takes input files up to ${MAX_LOCAL_FILE_BYTES / 1048576} MiB.`;
  if (file.size === 0) return `"${file.name}" is empty.`;
  return undefined;
}

/** Stores a picked file's bytes in the blob store and returns the field value that names it. */
export async function storeLocalFile(file: File, kind: string): Promise<string> {
  const problem = fileProblem(file, kind);
  if (problem) throw new Error(problem);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { storage } = await runStorage();
  const hash = await storage.blobs.put(bytes, file.type);
  return localFileRef(hash, file.name);
}

/** The executor's `readLocal`: a `weft-file:` reference back to its bytes. */
export async function readLocalFile(ref: string): Promise<MediaFile> {
  const parsed = parseLocalFileRef(ref);
  if (!parsed) throw new Error(`"${ref.slice(0, 80)}" is neither an https URL nor a file chosen in this browser: type a URL or choose the file.`);
  const { storage } = await runStorage();
  const blob = await storage.blobs.get(parsed.hash);
  if (!blob) throw new Error(`The file "${parsed.name}" is not stored in this browser any more (site data cleared, or the graph came from elsewhere): choose it again.`);
  return { bytes: blob.bytes, mimeType: blob.mimeType, name: parsed.name };
}
