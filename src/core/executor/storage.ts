/**
 * Where the executor keeps what must outlive a page or a process: the journal of jobs (promises 1 and
 * 3), the cache of node outputs (promise 8), and the files those outputs are (content-addressed blobs).
 * Two implementations: IndexedDB in the browser (src/storage/indexedDb.ts) and a folder in Node
 * (src/storage/folder.ts). Records are plain JSON; every write is durable when its promise resolves.
 */

/** A JSON-serialisable record store keyed by string ids. */
export interface RecordStore<T> {
  get(id: string): Promise<T | undefined>;
  /** Creates or replaces; durable (fsync'd / committed) when it resolves. */
  put(id: string, record: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** Every record (order not guaranteed). */
  list(): Promise<T[]>;
}

/** A stored file. */
export interface StoredBlob {
  bytes: Uint8Array;
  mimeType: string;
}

/** Content-addressed files: the id of a file is the lowercase hex SHA-256 of its bytes. */
export interface BlobStore {
  /** Stores the bytes (once per content) and returns their SHA-256 hex. */
  put(bytes: Uint8Array, mimeType: string): Promise<string>;
  get(hash: string): Promise<StoredBlob | undefined>;
  has(hash: string): Promise<boolean>;
  /** A URL the UI can show it from (browser: an object URL; Node: a file path as a file: URL), when it exists. */
  urlOf?(hash: string): Promise<string | undefined>;
}

export interface ExecutorStorage<J = unknown, C = unknown> {
  journal: RecordStore<J>;
  cache: RecordStore<C>;
  blobs: BlobStore;
}
