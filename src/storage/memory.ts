import type { BlobStore, ExecutorStorage, RecordStore, StoredBlob } from '../core/executor/storage.ts';
import { checkBlob, checkId, isBlobHash, recordJson } from './common.ts';
import { concatChunks } from '../core/concatChunks.ts';
import { sha256Hex } from '../core/sha256.ts';
import { createMemoryClaims, type MemoryClaimsOptions } from './memoryClaims.ts';

/**
 * ExecutorStorage in memory: for the executor's unit tests, and the browser's fallback when IndexedDB
 * is unavailable (some private windows) — then nothing survives a reload, and the UI should say so.
 * Behaves like the durable implementations: records are stored as JSON (a put or get never shares
 * objects with the caller), blobs are copied, ids are any well-formed string.
 * Uses no Node modules and no DOM: only the global `crypto.subtle` (see sha256.ts).
 */

export interface MemoryStorageOptions extends MemoryClaimsOptions {
  /**
   * Makes the URL the UI shows a stored file from (the browser fallback passes one that makes object
   * URLs). Without it the blob store has no `urlOf`.
   */
  urlOf?: (hash: string, blob: StoredBlob) => string;
}

function memoryRecords<T = unknown>(name: string): RecordStore<T> {
  const records = new Map<string, string>();
  return {
    async get(id) {
      const text = records.get(checkId(id));
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async read(id) {
      const text = records.get(checkId(id));
      return text === undefined ? { missing: true } : { record: JSON.parse(text) as T };
    },
    whereIs(id) {
      return `memory: ${name}/${id}`;
    },
    async put(id, record) {
      records.set(checkId(id), recordJson(record));
    },
    async delete(id) {
      records.delete(checkId(id));
    },
    async list() {
      return [...records.values()].map((text) => JSON.parse(text) as T);
    },
  };
}

function memoryBlobs(options: MemoryStorageOptions): BlobStore {
  const blobs = new Map<string, StoredBlob>();
  const urls = new Map<string, string>();
  const store: BlobStore = {
    async put(bytes, mimeType) {
      checkBlob(bytes, mimeType);
      const copy = bytes.slice();
      const hash = await sha256Hex(copy);
      if (!blobs.has(hash)) blobs.set(hash, { bytes: copy, mimeType });
      return hash;
    },
    async putStream(body, mimeType) {
      checkBlob(new Uint8Array(0), mimeType);
      return store.put(await concatChunks(body), mimeType);
    },
    async get(hash) {
      const blob = isBlobHash(hash) ? blobs.get(hash) : undefined;
      return blob && { bytes: blob.bytes.slice(), mimeType: blob.mimeType };
    },
    async has(hash) {
      return isBlobHash(hash) && blobs.has(hash);
    },
  };
  const makeUrl = options.urlOf;
  if (makeUrl) {
    store.urlOf = async (hash) => {
      const blob = isBlobHash(hash) ? blobs.get(hash) : undefined;
      if (!blob) return undefined;
      let url = urls.get(hash);
      if (url === undefined) {
        url = makeUrl(hash, { bytes: blob.bytes.slice(), mimeType: blob.mimeType });
        urls.set(hash, url);
      }
      return url;
    };
  }
  return store;
}

/** A fresh, empty in-memory ExecutorStorage. */
export function createMemoryStorage(options: MemoryStorageOptions = {}): ExecutorStorage {
  return {
    journal: memoryRecords('journal'),
    cache: memoryRecords('cache'),
    uploads: memoryRecords('uploads'),
    durations: memoryRecords('durations'),
    blobs: memoryBlobs(options),
    claims: createMemoryClaims(options),
  };
}
