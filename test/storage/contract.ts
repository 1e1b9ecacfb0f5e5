import type { ExecutorStorage } from '../../src/core/executor/storage.ts';

/**
 * The contract every ExecutorStorage keeps, written once and run against each implementation: by
 * vitest for memory and folder (contractSuite.ts), and inside headless Chromium for IndexedDB
 * (test/e2e/storage.e2e.ts bundles this file). So it imports nothing but types: no vitest, no Node.
 */

export type AnyStorage = ExecutorStorage;

/** One isolated place to store things (a fresh folder, a fresh database name, a fresh memory). */
export interface StorageBackend {
  /**
   * Opens a storage on this backend. For a persistent backend a second call opens another instance
   * on the same data, as a restarted process or a reloaded page would.
   */
  open(): Promise<AnyStorage>;
  /** Fetches what a `blobs.urlOf` URL points at (file: or blob:). */
  readUrl?(url: string): Promise<{ bytes: Uint8Array; mimeType?: string }>;
}

export interface ContractCase {
  name: string;
  /** Needs data to outlive an instance (skipped for the in-memory storage). */
  persistent?: boolean;
  run(backend: StorageBackend): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// A few assertions that run anywhere.

export class ContractFailure extends Error {
  override name = 'ContractFailure';
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  if (!deepEqual(actual, expected)) throw new ContractFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function ok(condition: unknown, what: string): void {
  if (!condition) throw new ContractFailure(what);
}

async function rejects(promise: () => Promise<unknown>, pattern: RegExp, what: string): Promise<void> {
  let error: unknown;
  try {
    await promise();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new ContractFailure(`${what}: expected a rejection, it resolved`);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (!pattern.test(message)) throw new ContractFailure(`${what}: expected an error matching ${pattern}, got ${message}`);
}

// ---------------------------------------------------------------------------------------------------

const text = (s: string) => new TextEncoder().encode(s);
const byKey = (key: string) => (a: unknown, b: unknown) => String((a as Record<string, unknown>)[key]).localeCompare(String((b as Record<string, unknown>)[key]));

/** Deterministic pseudo-random bytes (no crypto.getRandomValues size limit). */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SHA_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Ids that break naive file naming or key handling; every one must stay distinct. */
export const TRICKY_IDS: readonly string[] = [
  'plain',
  'a/b',
  'a%2Fb',
  'a%2fb',
  '/leading',
  'trailing/',
  '../../etc/passwd',
  '..',
  '.',
  '.hidden',
  '',
  ' ',
  'run:1/node:2',
  'C:\\Windows\\x',
  'A',
  'a',
  'con',
  'NUL',
  'x.json',
  'x.tmp',
  'x.json.123-abc.tmp',
  '~',
  '%',
  '%25',
  'nul\u0000byte',
  'tab\tnew\nline',
  'ünïcødé',
  'e\u0301',
  '\u00e9',
  '日本語/ノード',
  '🎬 clip 🎞️',
  'a'.repeat(199),
  'a'.repeat(200),
  'a'.repeat(201),
  'a'.repeat(10_000),
  `${'a'.repeat(10_000)}b`,
  '🎬'.repeat(300),
  '%'.repeat(100),
  `${'é'.repeat(60)}x`,
];

export const storageContract: ContractCase[] = [
  {
    name: 'a missing record is undefined and an empty store lists nothing',
    async run(backend) {
      const s = await backend.open();
      for (const store of [s.journal, s.cache]) {
        equal(await store.get('nope'), undefined, 'get of a missing id');
        equal(await store.list(), [], 'list of an empty store');
      }
    },
  },
  {
    name: 'put then get returns an equal record, in both stores',
    async run(backend) {
      const s = await backend.open();
      const job = { run: 'r1', node: 'n1', inputHash: 'abc', state: 'submitting', attempts: [1, 2, { at: 3 }], note: null, ok: true };
      await s.journal.put('r1/n1', job);
      await s.cache.put('key-1', { outputs: { video: { blob: SHA_ABC } } });
      equal(await s.journal.get('r1/n1'), job, 'journal record');
      equal(await s.cache.get('key-1'), { outputs: { video: { blob: SHA_ABC } } }, 'cache record');
    },
  },
  {
    name: 'records are plain JSON: what JSON keeps is what comes back',
    async run(backend) {
      const s = await backend.open();
      const record = {
        when: new Date(0),
        gone: undefined,
        list: [undefined, 1],
        negZero: -0,
        big: 1e308,
        text: 'line\nbreak "quoted" \u2028 ünï 🎬',
        nested: { a: { b: { c: [[]] } } },
      };
      await s.journal.put('json', record);
      equal(await s.journal.get('json'), JSON.parse(JSON.stringify(record)), 'the JSON form of the record');
      for (const value of [null, 0, 'a string', [1, 'two'], true]) {
        await s.cache.put('scalar', value);
        equal(await s.cache.get('scalar'), value, `a top-level ${JSON.stringify(value)}`);
      }
    },
  },
  {
    name: 'a put replaces the record',
    async run(backend) {
      const s = await backend.open();
      await s.journal.put('j', { state: 'submitting' });
      await s.journal.put('j', { state: 'running', jobId: 'job-7' });
      equal(await s.journal.get('j'), { state: 'running', jobId: 'job-7' }, 'the second record');
      equal(await s.journal.list(), [{ state: 'running', jobId: 'job-7' }], 'list after replacing');
    },
  },
  {
    name: 'delete removes a record; deleting a missing id is fine',
    async run(backend) {
      const s = await backend.open();
      await s.journal.put('j', { n: 1 });
      await s.journal.put('k', { n: 2 });
      await s.journal.delete('j');
      equal(await s.journal.get('j'), undefined, 'get after delete');
      equal(await s.journal.list(), [{ n: 2 }], 'list after delete');
      await s.journal.delete('j');
      await s.cache.delete('never-there');
      equal(await s.journal.get('k'), { n: 2 }, 'the other record');
    },
  },
  {
    name: 'list returns every record',
    async run(backend) {
      const s = await backend.open();
      const records = Array.from({ length: 25 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, value: i }));
      for (const r of records) await s.cache.put(r.key, r);
      equal((await s.cache.list()).sort(byKey('key')), records, 'every record');
    },
  },
  {
    name: 'the journal and the cache are separate',
    async run(backend) {
      const s = await backend.open();
      await s.journal.put('same', { from: 'journal' });
      await s.cache.put('same', { from: 'cache' });
      equal(await s.journal.get('same'), { from: 'journal' }, 'journal record');
      equal(await s.cache.get('same'), { from: 'cache' }, 'cache record');
      await s.cache.delete('same');
      equal(await s.journal.get('same'), { from: 'journal' }, 'journal record after deleting from the cache');
      equal(await s.journal.list(), [{ from: 'journal' }], 'journal list');
      equal(await s.cache.list(), [], 'cache list');
    },
  },
  {
    name: 'ids may hold any characters, and every id stays distinct',
    async run(backend) {
      const s = await backend.open();
      for (const id of TRICKY_IDS) await s.journal.put(id, { id });
      for (const id of TRICKY_IDS) equal(await s.journal.get(id), { id }, `get(${JSON.stringify(id.slice(0, 40))})`);
      const listed = (await s.journal.list()) as { id: string }[];
      equal(listed.map((r) => r.id).sort(), [...TRICKY_IDS].sort(), 'list holds each id once');
      const removed = TRICKY_IDS.filter((_, i) => i % 2 === 0);
      for (const id of removed) await s.journal.delete(id);
      for (const id of TRICKY_IDS) {
        equal(await s.journal.get(id), removed.includes(id) ? undefined : { id }, `after deletes, get(${JSON.stringify(id.slice(0, 40))})`);
      }
      equal((await s.journal.list()).length, TRICKY_IDS.length - removed.length, 'list after deletes');
    },
  },
  {
    name: 'ids that are not well-formed strings are refused',
    async run(backend) {
      const s = await backend.open();
      await rejects(() => s.journal.put('lone \ud800 surrogate', {}), /TypeError.*well-formed/, 'a lone surrogate in put');
      await rejects(() => s.journal.get('\udc00'), /TypeError.*well-formed/, 'a lone surrogate in get');
      await rejects(() => s.cache.put(42 as unknown as string, {}), /TypeError.*string/, 'a number id');
      equal(await s.journal.list(), [], 'nothing stored');
    },
  },
  {
    name: 'a record that is not JSON is refused and changes nothing',
    async run(backend) {
      const s = await backend.open();
      await s.journal.put('j', { ok: 1 });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await rejects(() => s.journal.put('j', cyclic), /TypeError.*JSON/, 'a cyclic record');
      await rejects(() => s.journal.put('j', undefined), /TypeError.*JSON/, 'an undefined record');
      await rejects(() => s.journal.put('j', { n: 10n }), /TypeError.*JSON/, 'a BigInt');
      equal(await s.journal.get('j'), { ok: 1 }, 'the earlier record');
    },
  },
  {
    name: 'stored records are copies: the caller may mutate what it put or got',
    async run(backend) {
      const s = await backend.open();
      const record = { list: [1], inner: { x: 1 } };
      const put = s.journal.put('j', record);
      record.list.push(2);
      record.inner.x = 2;
      await put;
      const got = (await s.journal.get('j')) as typeof record;
      equal(got, { list: [1], inner: { x: 1 } }, 'the record as it was when put');
      got.list.push(3);
      const [listed] = (await s.journal.list()) as (typeof record)[];
      listed!.inner.x = 3;
      equal(await s.journal.get('j'), { list: [1], inner: { x: 1 } }, 'after mutating what get and list returned');
    },
  },
  {
    name: 'operations on one id apply in the order they were called',
    async run(backend) {
      const s = await backend.open();
      const writes = [s.journal.put('j', { v: 1 }), s.journal.put('j', { v: 2 }), s.journal.put('j', { v: 3 })];
      const read = s.journal.get('j');
      await Promise.all(writes);
      equal(await read, { v: 3 }, 'a get called after three puts');
      const gone = [s.journal.put('k', { v: 1 }), s.journal.delete('k')];
      const afterDelete = s.journal.get('k');
      await Promise.all(gone);
      equal(await afterDelete, undefined, 'a get called after put then delete');
      equal(await s.journal.list(), [{ v: 3 }], 'list');
    },
  },
  {
    name: 'many concurrent writes all land',
    async run(backend) {
      const s = await backend.open();
      const ids = Array.from({ length: 100 }, (_, i) => `run-1/node-${i}`);
      await Promise.all(ids.map((id, i) => s.journal.put(id, { id, i })));
      await Promise.all(ids.filter((_, i) => i % 3 === 0).map((id) => s.journal.delete(id)));
      const listed = (await s.journal.list()) as { id: string }[];
      equal(listed.map((r) => r.id).sort(), ids.filter((_, i) => i % 3 !== 0).sort(), 'the records left');
    },
  },
  {
    name: 'a blob id is the lowercase hex SHA-256 of its bytes',
    async run(backend) {
      const s = await backend.open();
      equal(await s.blobs.put(text('abc'), 'text/plain'), SHA_ABC, 'SHA-256 of "abc"');
      equal(await s.blobs.put(new Uint8Array(0), 'application/octet-stream'), SHA_EMPTY, 'SHA-256 of no bytes');
      equal(await s.blobs.get(SHA_EMPTY), { bytes: new Uint8Array(0), mimeType: 'application/octet-stream' }, 'the empty blob');
    },
  },
  {
    name: 'blobs round-trip their bytes and MIME type',
    async run(backend) {
      const s = await backend.open();
      const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      const hash = await s.blobs.put(bytes, 'image/png');
      equal(await s.blobs.has(hash), true, 'has after put');
      const got = await s.blobs.get(hash);
      ok(got?.bytes instanceof Uint8Array, 'get returns a Uint8Array');
      equal(got, { bytes, mimeType: 'image/png' }, 'the stored blob');
      const video = await s.blobs.put(text('not really a video'), 'video/mp4; codecs="avc1.42E01E"');
      equal((await s.blobs.get(video))?.mimeType, 'video/mp4; codecs="avc1.42E01E"', 'a MIME type with parameters');
    },
  },
  {
    name: 'the same content is stored once; the first MIME type stays',
    async run(backend) {
      const s = await backend.open();
      const [a, b] = await Promise.all([s.blobs.put(text('same bytes'), 'image/webp'), s.blobs.put(text('same bytes'), 'image/webp')]);
      const c = await s.blobs.put(text('same bytes'), 'text/plain');
      equal([b, c], [a, a], 'the same hash each time');
      equal(await s.blobs.get(a), { bytes: text('same bytes'), mimeType: 'image/webp' }, 'the blob');
      const other = await s.blobs.put(text('other bytes'), 'image/webp');
      ok(other !== a, 'different bytes, different hash');
    },
  },
  {
    name: 'a view is hashed and stored as its own bytes, not its whole buffer',
    async run(backend) {
      const s = await backend.open();
      const buffer = text('xxabcyy');
      const hash = await s.blobs.put(buffer.subarray(2, 5), 'text/plain');
      equal(hash, SHA_ABC, 'the hash of the view');
      equal((await s.blobs.get(hash))?.bytes, text('abc'), 'the stored bytes');
    },
  },
  {
    name: 'stored blobs are copies: the caller may reuse its buffer',
    async run(backend) {
      const s = await backend.open();
      const bytes = text('abc');
      const put = s.blobs.put(bytes, 'text/plain');
      bytes.fill(0);
      equal(await put, SHA_ABC, 'the hash of the bytes as they were');
      const got = await s.blobs.get(SHA_ABC);
      equal(got?.bytes, text('abc'), 'the bytes as they were');
      got!.bytes.fill(1);
      equal((await s.blobs.get(SHA_ABC))?.bytes, text('abc'), 'after mutating what get returned');
    },
  },
  {
    name: 'missing and malformed hashes name nothing',
    async run(backend) {
      const s = await backend.open();
      await s.blobs.put(text('abc'), 'text/plain');
      for (const hash of [SHA_EMPTY, SHA_ABC.toUpperCase(), '../../etc/passwd', '', 'x'.repeat(64), `${SHA_ABC}.type`, `${SHA_ABC}/`, 'journal']) {
        equal(await s.blobs.get(hash), undefined, `get(${JSON.stringify(hash)})`);
        equal(await s.blobs.has(hash), false, `has(${JSON.stringify(hash)})`);
        if (s.blobs.urlOf) equal(await s.blobs.urlOf(hash), undefined, `urlOf(${JSON.stringify(hash)})`);
      }
    },
  },
  {
    name: 'a large blob round-trips',
    async run(backend) {
      const s = await backend.open();
      const bytes = patternBytes(8 * 1024 * 1024, 7);
      const hash = await s.blobs.put(bytes, 'video/mp4');
      equal((await s.blobs.get(hash))?.bytes, bytes, '8 MiB of bytes');
    },
  },
  {
    name: 'urlOf (when offered) gives one URL that serves the bytes',
    async run(backend) {
      const s = await backend.open();
      if (!s.blobs.urlOf) return;
      const hash = await s.blobs.put(text('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml');
      const url = await s.blobs.urlOf(hash);
      ok(typeof url === 'string' && url.length > 0, 'a URL for a stored blob');
      equal(await s.blobs.urlOf(hash), url, 'the same URL the second time');
      if (backend.readUrl) {
        const served = await backend.readUrl(url!);
        equal(served.bytes, text('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'the bytes behind the URL');
        if (served.mimeType !== undefined) equal(served.mimeType, 'image/svg+xml', 'the type behind the URL');
      }
    },
  },
  {
    name: 'a second instance on the same storage sees the first one’s data (a restart)',
    persistent: true,
    async run(backend) {
      const first = await backend.open();
      await first.journal.put('run-1/node-a', { state: 'running', jobId: 'job-1' });
      await first.journal.put('run-1/node-b', { state: 'submitting' });
      await first.cache.put('cache-key', { outputs: [SHA_ABC] });
      const hash = await first.blobs.put(text('abc'), 'text/plain');

      const second = await backend.open();
      equal(await second.journal.get('run-1/node-a'), { state: 'running', jobId: 'job-1' }, 'journal record');
      equal(((await second.journal.list()) as { state: string }[]).map((r) => r.state).sort(), ['running', 'submitting'], 'journal list');
      equal(await second.cache.get('cache-key'), { outputs: [SHA_ABC] }, 'cache record');
      equal(await second.blobs.has(hash), true, 'has the blob');
      equal(await second.blobs.get(hash), { bytes: text('abc'), mimeType: 'text/plain' }, 'the blob');

      // Changes go both ways: nothing is served from a stale copy.
      await second.journal.delete('run-1/node-b');
      await second.journal.put('run-1/node-a', { state: 'done' });
      equal(await first.journal.get('run-1/node-b'), undefined, 'a delete made by the other instance');
      equal(await first.journal.list(), [{ state: 'done' }], 'a put made by the other instance');
    },
  },
  {
    name: 'two instances writing at once lose nothing',
    persistent: true,
    async run(backend) {
      const [a, b] = await Promise.all([backend.open(), backend.open()]);
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => a.journal.put(`a-${i}`, { i })),
        ...Array.from({ length: 20 }, (_, i) => b.journal.put(`b-${i}`, { i })),
        a.blobs.put(text('shared'), 'text/plain'),
        b.blobs.put(text('shared'), 'text/plain'),
      ]);
      const c = await backend.open();
      equal((await c.journal.list()).length, 40, 'every record');
      equal((await c.blobs.get(await c.blobs.put(text('shared'), 'text/plain')))?.bytes, text('shared'), 'the shared blob');
    },
  },
  {
    name: 'every record store (journal, cache, uploads, durations) keeps its own records',
    async run(backend) {
      const s = await backend.open();
      const stores = { journal: s.journal, cache: s.cache, uploads: s.uploads, durations: s.durations };
      for (const [name, store] of Object.entries(stores)) await store.put('same-id', { from: name });
      for (const [name, store] of Object.entries(stores)) {
        equal(await store.get('same-id'), { from: name }, `${name}: its own record`);
        equal(await store.list(), [{ from: name }], `${name}: lists only its own`);
      }
    },
  },
  {
    name: 'read tells a record from a missing one, and whereIs names where a record is kept',
    async run(backend) {
      const s = await backend.open();
      await s.journal.put('job-1', { state: 'done' });
      equal(await s.journal.read('job-1'), { record: { state: 'done' } }, 'read of a record');
      equal(await s.journal.read('job-2'), { missing: true }, 'read of a missing id');
      const where = s.journal.whereIs('job-1');
      ok(typeof where === 'string' && where.length > 0 && where !== s.journal.whereIs('job-2'), `whereIs names a place per id (${where})`);
    },
  },
  {
    name: 'putStream stores the bytes as they arrive and returns their SHA-256, like put',
    async run(backend) {
      const s = await backend.open();
      const bytes = patternBytes(300_000, 7);
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += 65_536) yield bytes.slice(at, at + 65_536);
      }
      const hash = await s.blobs.putStream(chunks(), 'video/mp4');
      equal(hash, await s.blobs.put(bytes, 'video/mp4'), 'the same id as put');
      equal((await s.blobs.get(hash))?.bytes.length, bytes.length, 'every byte');
      equal((await s.blobs.get(hash))?.mimeType, 'video/mp4', 'its type');
      async function* none() {}
      equal(await s.blobs.putStream(none(), 'text/plain'), SHA_EMPTY, 'an empty stream is the empty file');
    },
  },
  {
    name: 'a stream that breaks off stores nothing and passes its error on',
    async run(backend) {
      const s = await backend.open();
      async function* broken() {
        yield text('half of a ');
        throw new Error('connection reset');
      }
      await rejects(() => s.blobs.putStream(broken(), 'image/png'), /connection reset/, 'the stream error');
      equal(await s.blobs.has('ae94a7dc1c4de4ec51b5ba7e1d4c7f7e91d7a6dd2d65c2d2b5a2c3d38a1d17c1'), false, 'nothing under a made-up hash');
    },
  },
  {
    name: 'claims: one owner at a time; renew, release, and a live holder is named',
    async run(backend) {
      const s = await backend.open();
      equal(await s.claims.holder('job-a'), undefined, 'nobody holds a fresh key');
      equal((await s.claims.claim('job-a', 'owner-1', 60_000)).ok, true, 'the first claim');
      const second = await s.claims.claim('job-a', 'owner-2', 60_000);
      equal(second.ok, false, 'a second owner is refused');
      equal(second.holder?.owner, 'owner-1', 'and told who holds it');
      equal((await s.claims.claim('job-a', 'owner-1', 60_000)).ok, true, 'the holder may claim again');
      equal((await s.claims.claim('job-b', 'owner-2', 60_000)).ok, true, 'another key is free');
      equal(await s.claims.renew('job-a', 'owner-1', 60_000), true, 'the holder renews');
      equal(await s.claims.renew('job-a', 'owner-2', 60_000), false, 'someone else cannot');
      await s.claims.release('job-a', 'owner-2');
      equal((await s.claims.holder('job-a'))?.owner, 'owner-1', 'a release by someone else changes nothing');
      await s.claims.release('job-a', 'owner-1');
      equal(await s.claims.holder('job-a'), undefined, 'released');
      equal((await s.claims.claim('job-a', 'owner-2', 60_000)).ok, true, 'then another owner may claim it');
    },
  },
  {
    name: 'claims: an expired lease is taken over',
    async run(backend) {
      const s = await backend.open();
      equal((await s.claims.claim('job-x', 'owner-1', 1)).ok, true, 'a claim with a 1 ms lease');
      await new Promise((r) => setTimeout(r, 20));
      equal(await s.claims.holder('job-x'), undefined, 'an expired claim has no holder');
      equal((await s.claims.claim('job-x', 'owner-2', 60_000)).ok, true, 'and is taken over');
      equal(await s.claims.renew('job-x', 'owner-1', 60_000), false, 'its old owner has lost it');
    },
  },
  {
    name: 'claims: of many claimers at once, exactly one wins',
    async run(backend) {
      const s = await backend.open();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => s.claims.claim('contested', `owner-${i}`, 60_000)));
      equal(answers.filter((x) => x.ok).length, 1, 'winners');
      const winner = answers.findIndex((x) => x.ok);
      for (const x of answers) if (!x.ok) equal(x.holder?.owner, `owner-${winner}`, 'the others are told the winner');
    },
  },
  {
    name: 'claims: of many claimers in several instances (processes, tabs) at once, exactly one wins',
    persistent: true,
    async run(backend) {
      const instances = await Promise.all([backend.open(), backend.open(), backend.open()]);
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => instances[i % 3]!.claims.claim('contested', `owner-${i}`, 60_000)));
      equal(answers.filter((x) => x.ok).length, 1, 'winners');
      const winner = answers.findIndex((x) => x.ok);
      for (const x of answers) if (!x.ok) equal(x.holder?.owner, `owner-${winner}`, 'the others are told the winner');
    },
  },
];
