import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BlobStore, ExecutorStorage, RecordStore } from '../core/executor/storage.ts';
import { checkBlob, checkId, isBlobHash, KeyedQueue, recordJson } from './common.ts';

/**
 * ExecutorStorage in a folder, for the CLI:
 *
 *     <dir>/journal/<name>.json    {"id": "<the id>", "record": <the record>}
 *     <dir>/cache/<name>.json
 *     <dir>/blobs/<sha256>         the bytes
 *     <dir>/blobs/<sha256>.type    their MIME type
 *
 * `<name>` is the id made safe for any file system (see fileNameOf); the id itself is kept inside the
 * file, and a file whose id does not map to its own name is ignored.
 *
 * Every write is atomic and durable when its promise resolves: a temp file in the same directory
 * (`….tmp`), fsync'd, renamed over the target, then the directory fsync'd (best effort: some systems
 * cannot fsync a directory). A crash therefore leaves either the old file or the new one, plus perhaps
 * a `.tmp` file that reads ignore (and that is swept once it is a day old). Directories are created on
 * first use with mode 0o700 and files with 0o600: the journal may hold graph data (never keys).
 */

export interface FolderStorageOptions {
  /**
   * Told about a file that is skipped because it cannot be read as what it should be (not JSON, not a
   * record, under another id's name, a blob whose bytes no longer match their hash). Reads never throw
   * because of one bad file; this is where a caller can log it.
   */
  onCorrupt?: (file: string, reason: string) => void;
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const OCTET_STREAM = 'application/octet-stream';
/** Leftover temp files older than this belong to a crashed writer and are deleted on first use. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
/** How many record files list() reads at once. */
const READ_CONCURRENCY = 32;
/** Encoded names longer than this are shortened to a prefix and the id's SHA-256. */
const MAX_NAME = 200;

const SAFE_BYTE = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789_-') SAFE_BYTE[c.charCodeAt(0)] = 1;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * The file name (without `.json`) for an id. Bytes of the UTF-8 form other than `a-z 0-9 _ -` become
 * `%xx` (lowercase hex), so names are distinct even on case-insensitive file systems ("A" is `%41`),
 * never start with a dot, never contain a path separator, and are never a Windows device name. The
 * empty id is `%`. A name longer than 200 characters becomes its first part, `~`, and the SHA-256 of
 * the id (`~` never appears otherwise), so every name fits in 255 bytes with room for a temp suffix.
 */
export function fileNameOf(id: string): string {
  checkId(id);
  let name = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    name += SAFE_BYTE[byte] ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  if (name === '') return '%';
  if (WINDOWS_DEVICE.test(name)) name = `%${name.charCodeAt(0).toString(16)}${name.slice(1)}`;
  if (name.length <= MAX_NAME) return name;
  let cut = MAX_NAME - 65;
  const lastEscape = name.lastIndexOf('%', cut - 1);
  if (lastEscape > cut - 3) cut = lastEscape;
  return `${name.slice(0, cut)}~${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

const isMissing = (error: unknown) => errorCode(error) === 'ENOENT';

/** fsyncs a directory so a rename or unlink in it is durable; some platforms refuse, which is fine. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; some file systems refuse fsync on one.
  } finally {
    await handle?.close().catch(() => {});
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One directory of the folder: created (0o700) on first use, written atomically. */
class Directory {
  #ready: Promise<void> | undefined;

  constructor(readonly path: string) {}

  ensure(): Promise<void> {
    this.#ready ??= this.#create().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #create(): Promise<void> {
    const created = await mkdir(this.path, { recursive: true, mode: DIR_MODE });
    if (created !== undefined) {
      // Make the new directories' entries durable, from the parent of the first one created down.
      for (let d = path.dirname(this.path); ; d = path.dirname(d)) {
        await syncDir(d);
        if (d === path.dirname(created) || d === path.dirname(d)) break;
      }
    }
    await this.#sweepStaleTemps();
  }

  async #sweepStaleTemps(): Promise<void> {
    try {
      const now = Date.now();
      for (const name of await readdir(this.path)) {
        if (!name.endsWith('.tmp')) continue;
        const file = path.join(this.path, name);
        const info = await stat(file).catch(() => undefined);
        if (info && now - info.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => {});
      }
    } catch {
      // Best effort: a leftover temp file is harmless, reads ignore it.
    }
  }

  file(name: string): string {
    return path.join(this.path, name);
  }

  /** Replaces `name` with `data` atomically and durably. */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    try {
      await this.#write(name, data);
    } catch (error) {
      // The folder was removed while we ran: create it again once.
      if (!isMissing(error)) throw error;
      this.#ready = undefined;
      await this.#write(name, data);
    }
  }

  async #write(name: string, data: string | Uint8Array): Promise<void> {
    await this.ensure();
    const target = this.file(name);
    const temp = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    await syncDir(this.path);
  }

  /** Removes `name` durably; a missing file is fine. */
  async remove(name: string): Promise<void> {
    try {
      await unlink(this.file(name));
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await syncDir(this.path);
  }
}

function folderRecords<T>(directory: Directory, report: (file: string, reason: string) => void): RecordStore<T> {
  const queue = new KeyedQueue();
  const nameOf = (id: string) => `${fileNameOf(id)}.json`;

  /** The record in a file, or `missing`, or `bad` (reported) when it is not a record for its own name. */
  async function read(name: string): Promise<{ record: T } | 'missing' | 'bad'> {
    const file = directory.file(name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return 'missing';
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      report(file, 'not JSON (a damaged or half-written file)');
      return 'bad';
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('record' in parsed) || !('id' in parsed)) {
      report(file, 'not a Weft storage record ({"id", "record"})');
      return 'bad';
    }
    const { id, record } = parsed as { id: unknown; record: unknown };
    let expected: string | undefined;
    try {
      expected = typeof id === 'string' ? nameOf(id) : undefined;
    } catch {
      expected = undefined;
    }
    if (expected !== name) {
      report(file, 'its id does not belong to this file name');
      return 'bad';
    }
    return { record: record as T };
  }

  return {
    async get(id) {
      const name = nameOf(id);
      return queue.run(name, async () => {
        const found = await read(name);
        return typeof found === 'object' ? found.record : undefined;
      });
    },
    async put(id, record) {
      const name = nameOf(id);
      const text = `{"id":${JSON.stringify(id)},"record":${recordJson(record)}}\n`;
      return queue.run(name, () => directory.write(name, text));
    },
    async delete(id) {
      const name = nameOf(id);
      return queue.run(name, () => directory.remove(name));
    },
    async list() {
      let names: string[];
      try {
        names = await readdir(directory.path);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const found = await mapLimit(
        names.filter((name) => name.endsWith('.json')),
        READ_CONCURRENCY,
        (name) =>
          read(name).catch((error: unknown) => {
            report(directory.file(name), `unreadable: ${error instanceof Error ? error.message : String(error)}`);
            return 'bad' as const;
          }),
      );
      return found.flatMap((entry) => (typeof entry === 'object' ? [entry.record] : []));
    },
  };
}

function folderBlobs(directory: Directory, report: (file: string, reason: string) => void): BlobStore {
  const queue = new KeyedQueue();
  /** Files whose bytes were seen to match their hash, by the identity of the file at that time. */
  const verified = new Map<string, string>();
  const identity = (info: { ino: number; size: number; mtimeMs: number }) => `${info.ino}:${info.size}:${info.mtimeMs}`;

  /** Whether the blob file is there and still holds its content (hashed once per file state). */
  async function intact(hash: string): Promise<boolean> {
    const file = directory.file(hash);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return false;
    if (verified.get(hash) === identity(info)) return true;
    const bytes = await readFile(file).catch(() => undefined);
    if (!bytes) return false;
    if (createHash('sha256').update(bytes).digest('hex') !== hash) {
      report(file, 'its bytes no longer match their SHA-256');
      return false;
    }
    verified.set(hash, identity(info));
    return true;
  }

  return {
    async put(bytes, mimeType) {
      checkBlob(bytes, mimeType);
      // Copied now: the caller may reuse its buffer before the write happens.
      const copy = Buffer.from(bytes);
      const hash = createHash('sha256').update(copy).digest('hex');
      return queue.run(hash, async () => {
        // Already stored (and intact: a damaged file is written again).
        if (await intact(hash)) return hash;
        // The type first: once the bytes file exists (which is what `has` asks), its type is durable too.
        await directory.write(`${hash}.type`, mimeType);
        await directory.write(hash, copy);
        return hash;
      });
    },
    async get(hash) {
      if (!isBlobHash(hash)) return undefined;
      const file = directory.file(hash);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      // A file changed behind our back is no longer this content: it is gone, and the node re-runs
      // (promise 8). `has` and `urlOf` check the same, hashing a file once per state (inode, size, mtime).
      if (createHash('sha256').update(bytes).digest('hex') !== hash) {
        report(file, 'its bytes no longer match their SHA-256');
        return undefined;
      }
      const mimeType = await readFile(`${file}.type`, 'utf8').catch(() => OCTET_STREAM);
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), mimeType };
    },
    async has(hash) {
      return isBlobHash(hash) && intact(hash);
    },
    async urlOf(hash) {
      return isBlobHash(hash) && (await intact(hash)) ? pathToFileURL(directory.file(hash)).href : undefined;
    },
  };
}

/** An ExecutorStorage kept in `dir` (created on first write); several instances may share one folder. */
export function createFolderStorage<J = unknown, C = unknown>(dir: string, options: FolderStorageOptions = {}): ExecutorStorage<J, C> {
  const root = path.resolve(dir);
  const report = options.onCorrupt ?? (() => {});
  return {
    journal: folderRecords<J>(new Directory(path.join(root, 'journal')), report),
    cache: folderRecords<C>(new Directory(path.join(root, 'cache')), report),
    blobs: folderBlobs(new Directory(path.join(root, 'blobs')), report),
  };
}
