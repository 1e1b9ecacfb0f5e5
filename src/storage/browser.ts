import type { ExecutorStorage, StoredBlob } from '../core/executor/storage.ts';
import { openIndexedDbStorage } from './indexedDb.ts';
import { createMemoryStorage } from './memory.ts';

/** The storage the browser app runs the executor with, and whether it outlives the page. */
export interface BrowserStorage {
  storage: ExecutorStorage;
  /** True for IndexedDB; false for the in-memory fallback, which a reload loses (tell the user). */
  durable: boolean;
  /** Why IndexedDB could not be used, when it could not. */
  problem?: string;
}

/** An object URL for a stored file (the memory fallback's urlOf). */
export function objectUrlOf(_hash: string, blob: StoredBlob): string {
  return URL.createObjectURL(new Blob([blob.bytes.slice()], { type: blob.mimeType }));
}

/**
 * IndexedDB when this window has it, else memory (some private windows): the app always gets a
 * working storage, and knows whether jobs survive a reload (promise 3) so it can say when they do not.
 */
export async function openBrowserStorage(dbName = 'weft'): Promise<BrowserStorage> {
  try {
    return { storage: await openIndexedDbStorage(dbName), durable: true };
  } catch (error) {
    return {
      storage: createMemoryStorage({ urlOf: objectUrlOf }),
      durable: false,
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}
