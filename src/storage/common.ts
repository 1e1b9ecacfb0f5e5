/**
 * Rules every ExecutorStorage implementation applies the same way, so the journal and the cache behave
 * identically in the browser, in the CLI and in tests: what an id may be, what a record becomes when it
 * is stored (its JSON form), and what a blob id looks like.
 */

/** Lone surrogates cannot round-trip through UTF-8 (file names) and never occur in real ids. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Refuses ids that are not well-formed strings (the only ones every backend can keep distinct). */
export function checkId(id: unknown): string {
  if (typeof id !== 'string') throw new TypeError(`A storage id must be a string, got ${typeof id}.`);
  if (LONE_SURROGATE.test(id)) throw new TypeError('A storage id must be well-formed Unicode (it contains a lone surrogate).');
  return id;
}

/**
 * The JSON text a record is stored as. Records are plain JSON: whatever JSON.stringify keeps is what
 * comes back (Dates become strings, undefined properties vanish), in every implementation.
 */
export function recordJson(record: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(record);
  } catch (error) {
    throw new TypeError(`A storage record must be JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (text === undefined) throw new TypeError(`A storage record must be JSON-serialisable, got ${typeof record}.`);
  return text;
}

/** A stored record as a fresh plain value (the caller may mutate it). */
export function normaliseRecord<T>(record: T): T {
  return JSON.parse(recordJson(record)) as T;
}

const HASH = /^[0-9a-f]{64}$/;

/** Whether a string is a blob id: lowercase hex SHA-256. Anything else names no blob (and no file). */
export function isBlobHash(hash: unknown): hash is string {
  return typeof hash === 'string' && HASH.test(hash);
}

/** Refuses a put of something that is not bytes, or a MIME type that is not a string. */
export function checkBlob(bytes: unknown, mimeType: unknown): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('Blob bytes must be a Uint8Array.');
  if (typeof mimeType !== 'string') throw new TypeError('A blob MIME type must be a string.');
}

/**
 * Runs operations on one key in the order they were called, even when callers do not await each other
 * (`put(a); put(b)` leaves b; `put(a); delete(a)` leaves nothing). Different keys run concurrently.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<R>(key: string, operation: () => Promise<R>): Promise<R> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(operation, operation);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
