/**
 * Where the executor keeps what must outlive a page or a process, behind small storage-agnostic
 * interfaces (implemented by IndexedDB in the browser, a folder for the CLI, memory for tests — and,
 * for issue 17, Redis):
 *
 * - `journal`: one record per paid job (promises 1, 3, 13) — the truth about money;
 * - `cache`: an index over the journal (promise 8), rebuilt from it whenever an entry is missing;
 * - `uploads`, `durations`: upload memos and learned job durations, each its own typed store;
 * - `blobs`: the files, content-addressed;
 * - `claims`: who is about to submit which job (promise 14), so two processes never both pay.
 *
 * Stores hold plain JSON and trust nothing they read back: the executor parses every record (a
 * damaged one is reported with `whereIs`). Every write is durable when its promise resolves.
 */

/** What reading one record found: the record, nothing, or something that is not a readable record. */
export type RecordRead<T> = { record: T } | { missing: true } | { damaged: string };

/** A JSON record store keyed by string ids. */
export interface RecordStore<T = unknown> {
  get(id: string): Promise<T | undefined>;
  /** Like `get`, but says when the stored entry is there and cannot be read (a damaged file). */
  read(id: string): Promise<RecordRead<T>>;
  /** Creates or replaces; durable (fsync'd / committed) when it resolves. */
  put(id: string, record: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** Every readable record (order not guaranteed). */
  list(): Promise<T[]>;
  /** Where the record with this id is kept, for people (a file path, a database and store name). */
  whereIs(id: string): string;
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
  /**
   * Stores bytes as they arrive (hashing as it writes; a folder streams them to disk) and returns
   * their SHA-256 hex. If `body` throws, nothing is stored and the error is passed on.
   */
  putStream(body: AsyncIterable<Uint8Array>, mimeType: string): Promise<string>;
  get(hash: string): Promise<StoredBlob | undefined>;
  has(hash: string): Promise<boolean>;
  /** A URL the UI can show it from (browser: an object URL; Node: a file path as a file: URL), when it exists. */
  urlOf?(hash: string): Promise<string | undefined>;
}

/** Who holds a claim, and until when (ms since the epoch, by the claims store's own wall clock). */
export interface ClaimHolder {
  owner: string;
  expiresAt: number;
  /** Where the owner runs, when the store can tell whether it is still alive there (a folder: pid and host). */
  pid?: number;
  host?: string;
}

/**
 * One claim per job key (promise 14): a job is claimed before its submit, and whoever finds a live
 * claim follows that job instead of paying. A claim expires when its lease runs out (the owner renews
 * it while it works) or, where the store can tell, when its owner's process is gone; then anyone may
 * take it over. Implementations make `claim` atomic against every other claimer of the same store.
 */
export interface JobClaims {
  /** Takes `key` for `owner` for `leaseMs` unless another live owner holds it; says who holds it after. */
  claim(key: string, owner: string, leaseMs: number): Promise<{ ok: boolean; holder?: ClaimHolder }>;
  /** Extends `owner`'s claim; false when `owner` no longer holds it (it expired and was taken over). */
  renew(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Gives the claim up, if `owner` holds it. */
  release(key: string, owner: string): Promise<void>;
  /** The live holder of `key`, if any: an expired, released or dead holder reads as none. */
  holder(key: string): Promise<ClaimHolder | undefined>;
}

export interface ExecutorStorage {
  journal: RecordStore;
  cache: RecordStore;
  uploads: RecordStore;
  durations: RecordStore;
  blobs: BlobStore;
  claims: JobClaims;
}
