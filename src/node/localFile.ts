import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MediaFile } from '../core/providers/types.ts';
import { extensionsOfKind, mimeOfExtension } from '../core/model/mediaTypes.ts';

/**
 * A local file a graph names (a media node's path, `file:` URLs too), checked before it is read: it must
 * be a regular media file of at most 200 MiB and — when an access rule is given — lie inside one of the
 * allowed folders once every symlink is followed (RELIABILITY promise 19: a shared graph cannot reach
 * outside its folder). `checkLocalFile` is what `weft run` and `weft validate` ask before anything is
 * spent; `readLocalFile` asks it again as it reads.
 */

/** Largest local file Weft reads as an input (the providers' own caps are lower; they say so themselves). */
export const MAX_LOCAL_FILE_BYTES = 200 * 1024 * 1024;

/** MIME types of the local files Weft reads (images, video, audio), by lowercase extension. */
export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = Object.fromEntries(extensionsOfKind('image', 'video', 'audio').map((ext) => [ext, mimeOfExtension(ext)!]));

/** Where a graph's local paths may lead: inside `roots` (after symlinks), or exactly one of `trusted` (paths the user typed). */
export interface LocalFileAccess {
  roots: readonly string[];
  trusted?: ReadonlySet<string>;
}

/** A local file Weft refuses to read; `outside` when the refusal is the folder rule (not a missing or wrong file). */
export class LocalFileError extends Error {
  constructor(
    message: string,
    readonly outside = false,
  ) {
    super(message);
    this.name = 'LocalFileError';
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** The absolute path a reference names (relative to `cwd`). */
export function localPathOf(ref: string, cwd: string): string {
  const trimmed = ref.trim();
  return trimmed.startsWith('file:') ? fileURLToPath(trimmed) : path.resolve(cwd, trimmed);
}

function inside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `file` if the access rule lets a graph read it. */
async function allowedPath(ref: string, file: string, access: LocalFileAccess): Promise<string> {
  if (access.trusted?.has(file)) return file;
  const real = await realpath(file);
  for (const root of access.roots) {
    const realRoot = await realpath(root).catch(() => path.resolve(root));
    if (inside(real, realRoot)) return real;
  }
  const via = real !== file ? ` (it leads to ${real})` : '';
  throw new LocalFileError(`"${ref.trim()}" is outside the graph's folder${via}; a shared graph may only read files beside it. Allow its folder with --allow-files <dir>, or give the file with --set.`, true);
}

/** Checks a reference without reading it: the real path, its MIME type and size. Throws a LocalFileError naming the file. */
export async function checkLocalFile(ref: string, cwd: string, access?: LocalFileAccess): Promise<{ file: string; mimeType: string; size: number }> {
  const trimmed = ref.trim();
  if (!trimmed) throw new LocalFileError('A media node names no file.');
  if (trimmed.startsWith('weft-file:')) throw new LocalFileError(`"${trimmed.slice(0, 40)}…" is a file kept in a browser's storage; give the file itself with --set.`);
  const named = localPathOf(trimmed, cwd);
  const ext = path.extname(named).slice(1).toLowerCase();
  const mimeType = MIME_BY_EXTENSION[ext];
  if (!mimeType) {
    throw new LocalFileError(`"${trimmed}" is not a media file Weft reads (${ext ? `.${ext}` : 'no extension'}); use one of ${Object.keys(MIME_BY_EXTENSION).map((e) => `.${e}`).join(', ')}.`);
  }
  let file = named;
  let info;
  try {
    if (access) file = await allowedPath(trimmed, named, access);
    info = await stat(file);
  } catch (error) {
    if (error instanceof LocalFileError) throw error;
    if (codeOf(error) === 'ENOENT') throw new LocalFileError(`"${trimmed}" does not exist (looked for ${named}).`);
    throw new LocalFileError(`"${trimmed}" cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (info.isDirectory()) throw new LocalFileError(`"${trimmed}" is a folder, not a file.`);
  if (!info.isFile()) throw new LocalFileError(`"${trimmed}" is not a regular file.`);
  if (info.size > MAX_LOCAL_FILE_BYTES) {
    throw new LocalFileError(`"${trimmed}" is ${formatMiB(info.size)}; Weft reads input files up to ${formatMiB(MAX_LOCAL_FILE_BYTES)}.`);
  }
  return { file, mimeType, size: info.size };
}

/**
 * Reads a local file named by a media node (`photos/woman.png`, relative to `cwd`; `file:` URLs too),
 * after `checkLocalFile`. The MIME type comes from the extension. Without `access`, any path is read.
 */
export async function readLocalFile(ref: string, cwd: string, access?: LocalFileAccess): Promise<MediaFile> {
  const { file, mimeType } = await checkLocalFile(ref, cwd, access);
  const buffer = await readFile(file);
  // The file may have grown between stat and read.
  if (buffer.byteLength > MAX_LOCAL_FILE_BYTES) {
    throw new LocalFileError(`"${ref.trim()}" is ${formatMiB(buffer.byteLength)}; Weft reads input files up to ${formatMiB(MAX_LOCAL_FILE_BYTES)}.`);
  }
  return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), mimeType, name: path.basename(localPathOf(ref, cwd)) };
}
