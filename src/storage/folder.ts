import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BlobStore, ExecutorStorage, RecordRead, RecordStore } from '../core/executor/storage.ts';
import { checkBlob, isBlobHash, KeyedQueue, recordJson } from './common.ts';
import { folderClaims } from './folderClaims.ts';
import { Directory, fileNameOf, isMissing, mapLimit, OCTET_STREAM, READ_CONCURRENCY } from './folderFiles.ts';

/**
 * ExecutorStorage in a folder, for the CLI:
 *
 *     <dir>/journal/<name>.json    {"id": "<the id>", "record": <the record>}
 *     <dir>/cache/<name>.json      (and uploads/, durations/ alike)
 *     <dir>/blobs/<sha256>         the bytes
 *     <dir>/blobs/<sha256>.type    their MIME type
 *     <dir>/claims/<name>/<n>.json who claimed a job key (folderClaims.ts)
 *
 * `<name>` is the id made safe for any file system (see fileNameOf); the id itself is kept inside the
 * file, and a file whose id does not map to its own name is ignored.
 *
 * Every write is atomic and durable when its promise resolves: a temp file in the same directory
 * (`….tmp`), fsync'd, renamed over the target, then the directory fsync'd (best effort: some systems
 * cannot fsync a directory). A crash therefore leaves either the old file or the new one, plus perhaps
 * a `.tmp` file that reads ignore (and that is swept once it is a day old). Directories are created on
 * first use with mode 0o700 and files with 0o600: the journal may hold graph data (never keys).
 * Results stream into the blob folder as they download, hashed as they are written (promise 17).
 */

export interface FolderStorageOptions {
  /**
   * Told about a file that is skipped because it cannot be read as what it should be (not JSON, not a
   * record, under another id's name, a blob whose bytes no longer match their hash). Reads never throw
   * because of one bad file; this is where a caller can log it.
   */
  onCorrupt?: (file: string, reason: string) => void;
  /** Wall time for claim leases (tests move it); default `Date.now`. */
  now?: () => number;
}

function folderRecords<T = unknown>(directory: Directory, report: (file: string, reason: string) => void): RecordStore<T> {
  const queue = new KeyedQueue();
  const nameOf = (id: string) => `${fileNameOf(id)}.json`;

  /** The record in a file, or that it is missing, or why it is damaged (also reported). */
  async function read(name: string): Promise<RecordRead<T>> {
    const file = directory.file(name);
    const bad = (reason: string): RecordRead<T> => {
      report(file, reason);
      return { damaged: reason };
    };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error)) return { missing: true };
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return bad('not JSON (a damaged or half-written file)');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('record' in parsed) || !('id' in parsed)) {
      return bad('not a Weft storage record ({"id", "record"})');
    }
    const { id, record } = parsed as { id: unknown; record: unknown };
    let expected: string | undefined;
    try {
      expected = typeof id === 'string' ? nameOf(id) : undefined;
    } catch {
      expected = undefined;
    }
    if (expected !== name) return bad('its id does not belong to this file name');
    return { record: record as T };
  }

  return {
    async get(id) {
      const name = nameOf(id);
      return queue.run(name, async () => {
        const found = await read(name);
        return 'record' in found ? found.record : undefined;
      });
    },
    async read(id) {
      const name = nameOf(id);
      return queue.run(name, () => read(name));
    },
    whereIs(id) {
      return directory.file(nameOf(id));
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
          read(name).catch((error: unknown): RecordRead<T> => {
            report(directory.file(name), `unreadable: ${error instanceof Error ? error.message : String(error)}`);
            return { damaged: 'unreadable' };
          }),
      );
      return found.flatMap((entry) => ('record' in entry ? [entry.record] : []));
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
    async putStream(body, mimeType) {
      checkBlob(new Uint8Array(0), mimeType);
      const hasher = createHash('sha256');
      return directory.stream(
        body,
        (chunk) => hasher.update(chunk),
        async () => {
          const hash = hasher.digest('hex');
          return queue.run(hash, async () => {
            if (await intact(hash)) return { result: hash };
            // The type first: once the bytes file exists (which is what `has` asks), its type is durable too.
            await directory.write(`${hash}.type`, mimeType);
            return { name: hash, result: hash };
          });
        },
      );
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

/** An ExecutorStorage kept in `dir` (created on first write); several instances — several processes — may share one folder. */
export function createFolderStorage(dir: string, options: FolderStorageOptions = {}): ExecutorStorage {
  const root = path.resolve(dir);
  const report = options.onCorrupt ?? (() => {});
  const records = (name: string) => folderRecords(new Directory(path.join(root, name)), report);
  return {
    journal: records('journal'),
    cache: records('cache'),
    uploads: records('uploads'),
    durations: records('durations'),
    blobs: folderBlobs(new Directory(path.join(root, 'blobs')), report),
    claims: folderClaims(path.join(root, 'claims'), options.now ?? Date.now),
  };
}
export { fileNameOf } from './folderFiles.ts';
