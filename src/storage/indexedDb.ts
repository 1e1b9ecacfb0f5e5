import type { BlobStore, ClaimHolder, ExecutorStorage, JobClaims, RecordStore } from '../core/executor/storage.ts';
import { checkBlob, checkId, isBlobHash, normaliseRecord } from './common.ts';
import { concatChunks } from '../core/concatChunks.ts';
import { sha256Hex } from '../core/sha256.ts';

/**
 * ExecutorStorage in the browser: one IndexedDB database (default name `weft`) with these object
 * stores, all keyed by their id (out-of-line keys):
 *
 *     journal, cache, uploads, durations   id -> the record (its JSON form)
 *     blobs     sha256 -> { bytes: ArrayBuffer, mimeType }
 *     claims    job key -> { owner, expiresAt, released? }  (checked and written in one transaction,
 *               so two tabs never both hold one; a tab that closes leaves it to expire)
 *
 * Writes resolve when their transaction completes, and ask for `durability: 'strict'` (flushed to
 * disk before `complete`; browsers without the option ignore it). The connection opens on first use;
 * when another tab needs a newer version of the database this one closes its connection at once
 * (so the upgrade is never blocked) and later operations say to reload. Failures become
 * BrowserStorageError with a message a person can act on ("Browser storage is full: …").
 */

/** 2: uploads, durations and claims stores (version 1 had journal, cache and blobs). */
export const DB_VERSION = 2;
const RECORD_STORES = ['journal', 'cache', 'uploads', 'durations'] as const;
const STORES = [...RECORD_STORES, 'blobs', 'claims'] as const;
type StoreName = (typeof STORES)[number];

interface BlobRecord {
  bytes: ArrayBuffer;
  mimeType: string;
}

const UNAVAILABLE = 'Browser storage (IndexedDB) is not available in this window (a private window?): nothing can be kept across a reload.';

/** A failure of browser storage, with a message meant for the person using Weft. */
export class BrowserStorageError extends Error {
  override name = 'BrowserStorageError';
}

function describe(error: unknown, action: string): BrowserStorageError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error ?? '');
  const detail = message ? ` (${message})` : '';
  const say = (text: string) => new BrowserStorageError(text, { cause: error });
  switch (name) {
    case 'QuotaExceededError':
      return say(`Browser storage is full: could not ${action}. Free space for this site (delete old runs or results) or on the disk, then try again.${detail}`);
    case 'VersionError':
      return say(`Browser storage was upgraded by a newer Weft in another tab: reload this page to keep using it (could not ${action}).`);
    case 'SecurityError':
      return say(`Browser storage is not allowed for this page (a private window, or site data blocked in the browser's settings): could not ${action}.${detail}`);
    case 'InvalidStateError':
      return say(`Browser storage was closed (site data cleared, or the browser is shutting down): could not ${action}. Reload the page.${detail}`);
    default:
      return say(`Browser storage failed: could not ${action}.${name || message ? ` (${[name, message].filter(Boolean).join(': ')})` : ''}`);
  }
}

/** The single connection to the database, opened on demand and dropped when it closes. */
class Connection {
  #db: Promise<IDBDatabase> | undefined;

  constructor(readonly name: string) {}

  get(): Promise<IDBDatabase> {
    this.#db ??= this.#open().catch((error: unknown) => {
      this.#db = undefined;
      throw error;
    });
    return this.#db;
  }

  #forget(db: IDBDatabase): void {
    void this.#db?.then(
      (current) => {
        if (current === db) this.#db = undefined;
      },
      () => {},
    );
  }

  #open(): Promise<IDBDatabase> {
    return new Promise<IDBDatabase>((resolve, reject) => {
      let request: IDBOpenDBRequest;
      try {
        const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
        if (!factory) {
          reject(new BrowserStorageError(UNAVAILABLE));
          return;
        }
        request = factory.open(this.name, DB_VERSION);
      } catch (error) {
        reject(describe(error, 'open the database'));
        return;
      }
      let settled = false;
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const store of STORES) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
      };
      request.onsuccess = () => {
        const db = request.result;
        if (settled) {
          // Opened after we gave up on it (it was blocked): do not keep a connection nobody uses.
          db.close();
          return;
        }
        settled = true;
        db.onversionchange = () => {
          // Another tab upgrades or deletes the database: let it, at once.
          db.close();
          this.#forget(db);
        };
        db.onclose = () => this.#forget(db);
        resolve(db);
      };
      request.onerror = () => {
        settled = true;
        const error = request.error;
        // Some private windows refuse the open itself with InvalidStateError (older Firefox).
        reject(error?.name === 'InvalidStateError' ? new BrowserStorageError(`${UNAVAILABLE} (${error.message})`, { cause: error }) : describe(error, 'open the database'));
      };
      request.onblocked = () => {
        settled = true;
        reject(new BrowserStorageError('Browser storage is busy: another Weft tab holds an older version of its database open. Close other Weft tabs, then reload this one.'));
      };
    });
  }

  /**
   * Runs one transaction on one store: `body` issues requests and returns what to resolve with, read
   * once the transaction has completed (for a write: committed, and flushed with strict durability).
   */
  async transact<R>(store: StoreName, mode: IDBTransactionMode, action: string, body: (store: IDBObjectStore) => () => R): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const db = await this.get();
      let tx: IDBTransaction;
      try {
        tx = mode === 'readwrite' ? db.transaction(store, mode, { durability: 'strict' }) : db.transaction(store, mode);
      } catch (error) {
        // Closed under us (a version change, cleared site data): open again once.
        if (attempt === 0 && error instanceof DOMException && error.name === 'InvalidStateError') {
          this.#forget(db);
          continue;
        }
        throw describe(error, action);
      }
      return new Promise<R>((resolve, reject) => {
        let result: () => R;
        try {
          result = body(tx.objectStore(store));
        } catch (error) {
          try {
            tx.abort();
          } catch {
            // Already finished.
          }
          reject(error instanceof BrowserStorageError ? error : describe(error, action));
          return;
        }
        tx.oncomplete = () => {
          try {
            resolve(result());
          } catch (error) {
            reject(describe(error, action));
          }
        };
        tx.onabort = () => reject(describe(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'), action));
      });
    }
  }
}

function indexedDbRecords<T = unknown>(connection: Connection, store: (typeof RECORD_STORES)[number]): RecordStore<T> {
  const records: RecordStore<T> = {
    async get(id) {
      checkId(id);
      return connection.transact(store, 'readonly', `read a ${store} record`, (s) => {
        const request = s.get(id);
        return () => request.result as T | undefined;
      });
    },
    async read(id) {
      const record = await records.get(id);
      return record === undefined ? { missing: true } : { record };
    },
    whereIs(id) {
      return `browser storage (IndexedDB "${connection.name}", ${store} ${JSON.stringify(id)})`;
    },
    async put(id, record) {
      checkId(id);
      const value = normaliseRecord(record);
      return connection.transact(store, 'readwrite', `save a ${store} record`, (s) => {
        s.put(value, id);
        return () => undefined;
      });
    },
    async delete(id) {
      checkId(id);
      return connection.transact(store, 'readwrite', `delete a ${store} record`, (s) => {
        s.delete(id);
        return () => undefined;
      });
    },
    async list() {
      return connection.transact(store, 'readonly', `list the ${store}`, (s) => {
        const request = s.getAll();
        return () => request.result as T[];
      });
    },
  };
  return records;
}

function isBlobRecord(value: unknown): value is BlobRecord {
  return typeof value === 'object' && value !== null && (value as BlobRecord).bytes instanceof ArrayBuffer && typeof (value as BlobRecord).mimeType === 'string';
}

function indexedDbBlobs(connection: Connection): BlobStore {
  const urls = new Map<string, Promise<string | undefined>>();
  const store: BlobStore = {
    async put(bytes, mimeType) {
      checkBlob(bytes, mimeType);
      // Copied now: the caller may reuse its buffer while we hash.
      const copy = bytes.slice();
      const hash = await sha256Hex(copy);
      const record: BlobRecord = { bytes: copy.buffer, mimeType };
      return connection.transact('blobs', 'readwrite', 'save a result file', (s) => {
        // Written once per content, in the same transaction as the check.
        const existing = s.getKey(hash);
        existing.onsuccess = () => {
          if (existing.result === undefined) s.put(record, hash);
        };
        return () => hash;
      });
    },
    async putStream(body, mimeType) {
      checkBlob(new Uint8Array(0), mimeType);
      // Kept whole in IndexedDB; the cap was enforced on the bytes as they arrived (the download's body).
      return store.put(await concatChunks(body), mimeType);
    },
    async get(hash) {
      if (!isBlobHash(hash)) return undefined;
      return connection.transact('blobs', 'readonly', 'read a result file', (s) => {
        const request = s.get(hash);
        return () => {
          const value: unknown = request.result;
          return isBlobRecord(value) ? { bytes: new Uint8Array(value.bytes), mimeType: value.mimeType } : undefined;
        };
      });
    },
    async has(hash) {
      if (!isBlobHash(hash)) return false;
      return connection.transact('blobs', 'readonly', 'look up a result file', (s) => {
        const request = s.getKey(hash);
        return () => request.result !== undefined;
      });
    },
    async urlOf(hash) {
      if (!isBlobHash(hash)) return undefined;
      let url = urls.get(hash);
      if (!url) {
        url = store.get(hash).then((blob) => (blob ? URL.createObjectURL(new Blob([blob.bytes.slice()], { type: blob.mimeType })) : undefined));
        urls.set(hash, url);
        // Only URLs that exist are remembered; a failure or a missing blob is asked again next time.
        url.then(
          (u) => u ?? urls.delete(hash),
          () => urls.delete(hash),
        );
      }
      return url;
    },
  };
  return store;
}

interface ClaimRecord extends ClaimHolder {
  released?: boolean;
}

function isClaimRecord(value: unknown): value is ClaimRecord {
  return typeof value === 'object' && value !== null && typeof (value as ClaimRecord).owner === 'string' && typeof (value as ClaimRecord).expiresAt === 'number';
}

/** Claims: each claim is checked and written in one readwrite transaction (tabs of one browser never both win). */
function indexedDbClaims(connection: Connection, now: () => number): JobClaims {
  const live = (value: unknown): ClaimRecord | undefined => (isClaimRecord(value) && !value.released && value.expiresAt > now() ? value : undefined);
  const update = (key: string, action: string, change: (current: unknown) => ClaimRecord | undefined) =>
    connection.transact('claims', 'readwrite', action, (s) => {
      let result: ClaimRecord | undefined;
      const request = s.get(key);
      request.onsuccess = () => {
        result = change(request.result);
        if (result) s.put(result, key);
      };
      return () => result;
    });
  return {
    async claim(key, owner, leaseMs) {
      checkId(key);
      let holder: ClaimRecord | undefined;
      const mine = await update(key, 'claim a job', (current) => {
        holder = live(current);
        return holder && holder.owner !== owner ? undefined : { owner, expiresAt: now() + leaseMs };
      });
      return mine ? { ok: true } : { ok: false, ...(holder ? { holder: { owner: holder.owner, expiresAt: holder.expiresAt } } : {}) };
    },
    async renew(key, owner, leaseMs) {
      checkId(key);
      const renewed = await update(key, 'renew a claim', (current) => (isClaimRecord(current) && current.owner === owner && !current.released ? { owner, expiresAt: now() + leaseMs } : undefined));
      return renewed !== undefined;
    },
    async release(key, owner) {
      checkId(key);
      await update(key, 'release a claim', (current) => (isClaimRecord(current) && current.owner === owner ? { owner, expiresAt: 0, released: true } : undefined));
    },
    async holder(key) {
      checkId(key);
      const value = await connection.transact('claims', 'readonly', 'read a claim', (s) => {
        const request = s.get(key);
        return () => request.result as unknown;
      });
      const holder = live(value);
      return holder && { owner: holder.owner, expiresAt: holder.expiresAt };
    },
  };
}

function build(connection: Connection): ExecutorStorage {
  return {
    journal: indexedDbRecords(connection, 'journal'),
    cache: indexedDbRecords(connection, 'cache'),
    uploads: indexedDbRecords(connection, 'uploads'),
    durations: indexedDbRecords(connection, 'durations'),
    blobs: indexedDbBlobs(connection),
    claims: indexedDbClaims(connection, Date.now),
  };
}

/** An ExecutorStorage in the IndexedDB database `dbName`; the database opens on first use. */
export function createIndexedDbStorage(dbName = 'weft'): ExecutorStorage {
  return build(new Connection(dbName));
}

/** Like createIndexedDbStorage, but opens the database first: rejects (BrowserStorageError) when it cannot. */
export async function openIndexedDbStorage(dbName = 'weft'): Promise<ExecutorStorage> {
  const connection = new Connection(dbName);
  // A read proves more than an open: some private modes open fine and fail on the first transaction.
  await connection.transact('journal', 'readonly', 'open the database', (s) => {
    s.count();
    return () => undefined;
  });
  return build(connection);
}
