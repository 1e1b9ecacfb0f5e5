import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type RunningServer } from '../../src/server/static.ts';
import { storageContract } from '../storage/contract.ts';
import type { StorageTestApi } from '../storage/browserEntry.ts';
import { REPO } from '../support/browser.ts';

/**
 * The IndexedDB storage in real headless Chromium. test/storage/browserEntry.ts (the shared storage
 * contract plus src/storage/indexedDb.ts) is bundled with Vite into a temp folder, served by Weft's own
 * static server (so under the app's CSP) and driven with page.evaluate. Nothing test-only is in the
 * shipped app. The browser keeps a real on-disk profile, so the last tests can kill it and start it
 * again on the same data.
 */

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/**
 * Runs `fn` in the page with the bundled test API (`window.weftStorageTest`) as its first argument.
 * `fn` is serialised into the page: it may use only its arguments and browser globals.
 */
async function inPage<R, A = undefined>(p: Page, fn: (t: StorageTestApi, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
  const api = await p.evaluateHandle(() => (window as unknown as { weftStorageTest: StorageTestApi }).weftStorageTest);
  try {
    return (await api.evaluate(fn as never, arg as never)) as R;
  } finally {
    await api.dispose();
  }
}

let work: string;
let profile: string;
let server: RunningServer;
let context: BrowserContext;
let page: Page;

async function launch(): Promise<void> {
  context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  page = context.pages()[0] ?? (await context.newPage());
  await openPage(page);
}

async function openPage(p: Page, url = server.url): Promise<void> {
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(String(e)));
  await p.goto(url);
  await p.waitForFunction(() => 'weftStorageTest' in window, undefined, { timeout: 10_000 }).catch((error: unknown) => {
    throw new Error(`the test bundle did not load: ${errors.join('; ') || String(error)}`);
  });
}

/** The main Chromium process using our profile (found through /proc: playwright does not expose it). */
async function browserPid(): Promise<number> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (args.includes(`--user-data-dir=${profile}`) && !args.some((a) => a.startsWith('--type='))) pids.push(Number(entry));
  }
  if (pids.length !== 1) throw new Error(`expected one browser process for ${profile}, found ${pids.join(', ') || 'none'}`);
  return pids[0]!;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'weft-idb-'));
  profile = path.join(work, 'profile');
  const site = path.join(work, 'site');
  await build({
    configFile: false,
    root: work,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: site,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      lib: { entry: path.join(REPO, 'test/storage/browserEntry.ts'), formats: ['es'], fileName: () => 'storage-test.js' },
    },
  });
  await writeFile(path.join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><title>storage test</title><script type="module" src="/storage-test.js"></script>\n');
  server = await startStaticServer({ root: site, host: '127.0.0.1', port: 0 });
  await launch();
});

afterAll(async () => {
  await context?.close().catch(() => {});
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('IndexedDB storage in Chromium: the storage contract', () => {
  it('runs the same cases as the other implementations', async () => {
    expect(await inPage(page, (t) => t.caseNames)).toEqual(storageContract.map((c) => c.name));
  });

  storageContract.forEach((contractCase, index) => {
    it(contractCase.name, async () => {
      await inPage(page, (t, [name, db]) => t.runCase(name, db), [contractCase.name, `contract-${index}`] as const);
    });
  });
});

describe('IndexedDB storage in Chromium', () => {
  it('creates one database with the journal, cache, uploads, durations, blobs and claims stores, and writes with strict durability', async () => {
    const shape = await inPage(page, async (t) => {
      const asked: { mode: string | undefined; durability: string | undefined }[] = [];
      const original = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<typeof original>) {
        asked.push({ mode: args[1], durability: args[2]?.durability });
        return original.apply(this, args);
      };
      try {
        const storage = t.createIndexedDbStorage('shape');
        await storage.journal.put('j', { ok: true });
        await storage.cache.delete('c');
        await storage.blobs.put(new Uint8Array([1]), 'image/png');
        await storage.journal.list();
      } finally {
        IDBDatabase.prototype.transaction = original;
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('shape');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const stores = [...db.objectStoreNames];
      const version = db.version;
      db.close();
      return { stores, version, asked };
    });
    expect(shape).toEqual({
      stores: ['blobs', 'cache', 'claims', 'durations', 'journal', 'uploads'],
      version: 2,
      asked: [
        { mode: 'readwrite', durability: 'strict' },
        { mode: 'readwrite', durability: 'strict' },
        { mode: 'readwrite', durability: 'strict' },
        { mode: 'readonly', durability: undefined },
      ],
    });
  });

  it('opens a version-1 database (journal, cache, blobs) as version 2: its records are kept, the new stores work', async () => {
    const after = await inPage(page, async (t) => {
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.open('from-v1', 1);
        r.onupgradeneeded = () => {
          for (const name of ['journal', 'cache', 'blobs']) r.result.createObjectStore(name);
        };
        r.onsuccess = () => {
          const tx = r.result.transaction('journal', 'readwrite');
          tx.objectStore('journal').put({ state: 'submitted', jobId: 'job-1' }, 'old-record');
          tx.oncomplete = () => {
            r.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        r.onerror = () => reject(r.error);
      });
      const storage = t.createIndexedDbStorage('from-v1');
      const kept = await storage.journal.get('old-record');
      const claimed = (await storage.claims.claim('k', 'tab-1', 60_000)).ok;
      await storage.uploads.put('u', { url: 'https://x' });
      return { kept, claimed, upload: await storage.uploads.get('u') };
    });
    expect(after).toEqual({ kept: { state: 'submitted', jobId: 'job-1' }, claimed: true, upload: { url: 'https://x' } });
  });

  it('an object URL from urlOf shows in an <img> under the app’s CSP', async () => {
    const size = await inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('urls');
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"><rect width="3" height="2" fill="red"/></svg>';
      const hash = await storage.blobs.put(new TextEncoder().encode(svg), 'image/svg+xml');
      const url = (await storage.blobs.urlOf!(hash))!;
      const img = new Image();
      img.src = url;
      await img.decode();
      return { scheme: new URL(url).protocol, width: img.naturalWidth, height: img.naturalHeight };
    });
    expect(size).toEqual({ scheme: 'blob:', width: 3, height: 2 });
  });

  it('closes its connection when another tab upgrades the database, then says to reload', async () => {
    const result = await inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('upgrade');
      await storage.journal.put('j', { v: 1 });
      const events: string[] = [];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('upgrade', t.DB_VERSION + 1);
        r.onblocked = () => events.push('blocked');
        r.onupgradeneeded = () => events.push('upgraded');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      db.close();
      const error = await storage.journal.get('j').then(
        () => 'no error',
        (e: Error) => `${e.name}: ${e.message}`,
      );
      return { events, error };
    });
    expect(result.events).toEqual(['upgraded']);
    expect(result.error).toMatch(/^BrowserStorageError: Browser storage was upgraded by a newer Weft in another tab: reload this page/);
  });

  it('reopens after the database was deleted under it (site data cleared)', async () => {
    const records = await inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('cleared');
      await storage.journal.put('j', { v: 1 });
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.deleteDatabase('cleared');
        r.onsuccess = () => resolve();
        r.onerror = () => reject(r.error);
        r.onblocked = () => reject(new Error('delete blocked: the storage kept its connection open'));
      });
      const after = await storage.journal.list();
      await storage.journal.put('k', { v: 2 });
      return { after, now: await storage.journal.list() };
    });
    expect(records).toEqual({ after: [], now: [{ v: 2 }] });
  });

  it('says “Browser storage is full” when the quota is exceeded, and keeps what was stored', async () => {
    // Another origin (localhost instead of 127.0.0.1) whose quota is lowered before it stores anything:
    // Chromium applies a quota override to an origin whose storage is not in use yet.
    const other = await context.newPage();
    const cdp = await context.newCDPSession(other);
    const origin = `http://localhost:${server.port}`;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 2 * 1024 * 1024 });
    try {
      await openPage(other, `${origin}/`);
      const result = await inPage(other, async (t) => {
        const storage = t.createIndexedDbStorage('quota');
        await storage.journal.put('before', { ok: true });
        const error = await storage.blobs.put(t.patternBytes(6 * 1024 * 1024, 5), 'video/mp4').then(
          () => 'no error',
          (e: Error) => `${e.name}: ${e.message}`,
        );
        return { error, journal: await storage.journal.list() };
      });
      expect(result.error).toMatch(/^BrowserStorageError: Browser storage is full: could not save a result file\. Free space/);
      expect(result.journal).toEqual([{ ok: true }]);
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await cdp.detach();
      await other.close();
    }
  });

  it('openBrowserStorage uses IndexedDB here, and memory (with object URLs) where IndexedDB is missing', async () => {
    expect(await inPage(page, async (t) => (await t.openBrowserStorage('probe')).durable)).toBe(true);
    const other = await context.newPage();
    try {
      await openPage(other);
      const fallback = await inPage(other, async (t) => {
        Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
        const opened = await t.openBrowserStorage('probe');
        await opened.storage.journal.put('j', { ok: true });
        const hash = await opened.storage.blobs.put(new Uint8Array([1, 2, 3]), 'image/png');
        return { durable: opened.durable, problem: opened.problem, journal: await opened.storage.journal.list(), url: await opened.storage.blobs.urlOf!(hash) };
      });
      expect(fallback).toEqual({
        durable: false,
        problem: expect.stringMatching(/IndexedDB\) is not available/),
        journal: [{ ok: true }],
        url: expect.stringMatching(/^blob:/),
      });
    } finally {
      await other.close();
    }
  });
});

describe('IndexedDB storage in Chromium: surviving a reload and a crash', () => {
  it('keeps records and blobs across a page reload', async () => {
    const hash = await inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('weft');
      await storage.journal.put('run-1/node-a', { state: 'submitted', jobId: 'job-1' });
      await storage.cache.put('key', { outputs: [] });
      return storage.blobs.put(t.patternBytes(100_000, 3), 'image/png');
    });
    await page.reload();
    await page.waitForFunction(() => 'weftStorageTest' in window);
    const after = await inPage(
      page,
      async (t, h) => {
        const storage = t.createIndexedDbStorage('weft');
        const blob = await storage.blobs.get(h);
        t.equal(blob?.bytes, t.patternBytes(100_000, 3), 'the blob after a reload');
        return { journal: await storage.journal.list(), cache: await storage.cache.get('key'), mimeType: blob?.mimeType };
      },
      hash,
    );
    expect(after).toEqual({ journal: [{ state: 'submitted', jobId: 'job-1' }], cache: { outputs: [] }, mimeType: 'image/png' });
  });

  it('keeps every write that resolved before the browser was killed (SIGKILL) and started again', async () => {
    const acknowledged = await inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('crash');
      const padding = 'x'.repeat(10_000);
      for (let i = 0; i < 50; i++) await Promise.all([storage.journal.put(`rec-${i}`, { i, padding }), storage.journal.put('latest', { i })]);
      return 49;
    });
    // Keep writing while the browser dies, so the kill lands mid-transaction.
    void inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('crash');
      for (let i = 50; ; i++) {
        await storage.journal.put(`rec-${i}`, { i });
        (window as { written?: number }).written = i;
      }
    }).catch(() => {});
    await page.waitForFunction(() => ((window as { written?: number }).written ?? 0) >= 60);
    const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
    process.kill(await browserPid(), 'SIGKILL');
    await closed;

    await launch();
    const after = await inPage(page, async (t) => {
      const storage = t.createIndexedDbStorage('crash');
      const records = (await storage.journal.list()) as { i: number }[];
      return { latest: ((await storage.journal.get('latest')) as { i: number }).i, ids: records.map((r) => r.i) };
    });
    expect(after.latest).toBe(acknowledged);
    for (let i = 0; i <= acknowledged; i++) expect(after.ids).toContain(i);
  });

  it('still has the reload test’s data after the restart', async () => {
    const journal = await inPage(page, (t) => t.createIndexedDbStorage('weft').journal.list());
    expect(journal).toEqual([{ state: 'submitted', jobId: 'job-1' }]);
  });
});
