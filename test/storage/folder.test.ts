import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderStorage, fileNameOf } from '../../src/storage/folder.ts';
import { TRICKY_IDS } from './contract.ts';
import { describeStorageContract } from './contractSuite.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const posix = process.platform !== 'win32';

let base: string;
let count = 0;
/** A path for a fresh storage folder that does not exist yet. */
const freshDir = () => path.join(base, `store-${++count}`);

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'weft-folder-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describeStorageContract('folder', {
  persistent: true,
  backend: async () => {
    const dir = freshDir();
    return {
      open: async () => createFolderStorage(dir),
      readUrl: async (url) => {
        expect(url.startsWith('file://')).toBe(true);
        return { bytes: new Uint8Array(await readFile(fileURLToPath(url))) };
      },
    };
  },
});

/** A folder storage that records what it skipped. */
function open(dir: string) {
  const skipped: { file: string; reason: string }[] = [];
  const storage = createFolderStorage(dir, { onCorrupt: (file, reason) => skipped.push({ file: path.relative(dir, file), reason }) });
  return { storage, skipped };
}

describe('folder storage: file names', () => {
  it('maps every id to a distinct, portable file name', () => {
    const names = TRICKY_IDS.map(fileNameOf);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9_%~-]+$/);
      expect(Buffer.byteLength(`${name}.json.4294967295-0123456789ab.tmp`)).toBeLessThanOrEqual(255);
    }
    // Distinct even where the file system ignores case.
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(TRICKY_IDS.length);
  });

  it('keeps short ids readable and shortens long ones with their hash', () => {
    expect(fileNameOf('run-1_node')).toBe('run-1_node');
    expect(fileNameOf('run:1/node a')).toBe('run%3a1%2fnode%20a');
    expect(fileNameOf('Run')).toBe('%52un');
    expect(fileNameOf('..')).toBe('%2e%2e');
    expect(fileNameOf('')).toBe('%');
    expect(fileNameOf('con')).toBe('%63on');
    expect(fileNameOf('com1')).toBe('%63om1');
    const long = 'x'.repeat(5000);
    const hashed = fileNameOf(long);
    expect(hashed.endsWith(`~${createHash('sha256').update(long).digest('hex')}`)).toBe(true);
    expect(hashed.startsWith('xxxx')).toBe(true);
    // A cut never splits a %xx escape.
    for (const id of ['é'.repeat(100), `a${'é'.repeat(100)}`, `ab${'é'.repeat(100)}`]) expect(fileNameOf(id)).toMatch(/^(?:[a-z]|%[0-9a-f]{2})+~[0-9a-f]{64}$/);
  });
});

describe('folder storage: layout and durability', () => {
  it('writes the documented layout, with the id inside each record file', async () => {
    const dir = freshDir();
    const { storage } = open(dir);
    await storage.journal.put('run:1/node a', { state: 'submitting' });
    await storage.cache.put('k', [1, 2]);
    const hash = await storage.blobs.put(new TextEncoder().encode('abc'), 'text/plain');
    expect(JSON.parse(await readFile(path.join(dir, 'journal', 'run%3a1%2fnode%20a.json'), 'utf8'))).toEqual({ id: 'run:1/node a', record: { state: 'submitting' } });
    expect(JSON.parse(await readFile(path.join(dir, 'cache', 'k.json'), 'utf8'))).toEqual({ id: 'k', record: [1, 2] });
    expect(await readFile(path.join(dir, 'blobs', hash), 'utf8')).toBe('abc');
    expect(await readFile(path.join(dir, 'blobs', `${hash}.type`), 'utf8')).toBe('text/plain');
    expect(await storage.blobs.urlOf!(hash)).toBe(pathToFileURL(path.join(dir, 'blobs', hash)).href);
    expect((await readdir(dir)).sort()).toEqual(['blobs', 'cache', 'journal']);
  });

  it('creates nothing until the first write', async () => {
    const dir = freshDir();
    const { storage } = open(dir);
    expect(await storage.journal.list()).toEqual([]);
    expect(await storage.journal.get('x')).toBeUndefined();
    await storage.journal.delete('x');
    expect(await storage.blobs.has('0'.repeat(64))).toBe(false);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  });

  it.runIf(posix)('makes directories 0700 and files 0600', async () => {
    const dir = path.join(freshDir(), 'nested', 'weft');
    const { storage } = open(dir);
    await storage.journal.put('j', {});
    await storage.cache.put('c', {});
    const hash = await storage.blobs.put(new Uint8Array([1]), 'image/png');
    const mode = async (p: string) => (await stat(p)).mode & 0o777;
    for (const d of [path.dirname(path.dirname(dir)), path.dirname(dir), dir, ...['journal', 'cache', 'blobs'].map((s) => path.join(dir, s))]) {
      expect(await mode(d), d).toBe(0o700);
    }
    for (const f of [path.join(dir, 'journal', 'j.json'), path.join(dir, 'cache', 'c.json'), path.join(dir, 'blobs', hash), path.join(dir, 'blobs', `${hash}.type`)]) {
      expect(await mode(f), f).toBe(0o600);
    }
  });

  it('leaves no temp files behind after writes', async () => {
    const dir = freshDir();
    const { storage } = open(dir);
    await Promise.all(Array.from({ length: 30 }, (_, i) => storage.journal.put(`j${i % 5}`, { i })));
    await Promise.all(Array.from({ length: 5 }, (_, i) => storage.blobs.put(new Uint8Array([i % 2]), 'application/octet-stream')));
    const all = [...(await readdir(path.join(dir, 'journal'))), ...(await readdir(path.join(dir, 'blobs')))];
    expect(all.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(all).toHaveLength(5 + 4);
  });

  it('writes a blob once: a second put of the same content touches nothing', async () => {
    const dir = freshDir();
    const { storage } = open(dir);
    const bytes = new TextEncoder().encode('frame');
    const hash = await storage.blobs.put(bytes, 'image/png');
    const file = path.join(dir, 'blobs', hash);
    const old = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000); // whole seconds: exact on every file system
    await utimes(file, old, old);
    await utimes(`${file}.type`, old, old);
    expect(await storage.blobs.put(bytes, 'image/jpeg')).toBe(hash);
    expect(Math.round((await stat(file)).mtimeMs)).toBe(old.getTime());
    expect(Math.round((await stat(`${file}.type`)).mtimeMs)).toBe(old.getTime());
  });

  it('writes again after the folder was deleted under it', async () => {
    const dir = freshDir();
    const { storage } = open(dir);
    await storage.journal.put('a', { n: 1 });
    await rm(dir, { recursive: true });
    await storage.journal.put('b', { n: 2 });
    expect(await storage.journal.list()).toEqual([{ n: 2 }]);
  });
});

describe('folder storage: damaged files', () => {
  it('list() skips a leftover .tmp file, and a stale one is swept on first use', async () => {
    const dir = freshDir();
    const first = open(dir);
    await first.storage.journal.put('kept', { ok: true });
    const journal = path.join(dir, 'journal');
    await writeFile(path.join(journal, 'kept.json.999-abcdef.tmp'), '{"id":"kept","rec');
    await writeFile(path.join(journal, 'old.json.998-abcdef.tmp'), '{"id":"old","record":{}}');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(path.join(journal, 'old.json.998-abcdef.tmp'), twoDaysAgo, twoDaysAgo);

    expect(await first.storage.journal.list()).toEqual([{ ok: true }]);
    expect(first.skipped).toEqual([]);

    const second = open(dir);
    await second.storage.journal.put('other', { ok: 2 });
    expect((await readdir(journal)).sort()).toEqual(['kept.json', 'kept.json.999-abcdef.tmp', 'other.json']);
    expect(await second.storage.journal.get('kept')).toEqual({ ok: true });
  });

  it('list() and get() skip and report corrupt, foreign and misplaced files, and never throw', async () => {
    const dir = freshDir();
    const { storage, skipped } = open(dir);
    await storage.journal.put('good', { ok: 1 });
    await storage.journal.put('a', { who: 'a' });
    const journal = path.join(dir, 'journal');
    await writeFile(path.join(journal, 'half.json'), '{"id":"half","record":{"sta');
    await writeFile(path.join(journal, 'empty.json'), '');
    await writeFile(path.join(journal, 'array.json'), '[1,2]');
    await writeFile(path.join(journal, 'noid.json'), '{"record":{}}');
    await cp(path.join(journal, 'a.json'), path.join(journal, 'b.json'));
    await mkdir(path.join(journal, 'dir.json'));
    await writeFile(path.join(journal, 'notes.txt'), 'not a record');

    expect((await storage.journal.list()).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([{ ok: 1 }, { who: 'a' }]);
    expect(skipped.map((s) => s.file).sort()).toEqual(['array.json', 'b.json', 'dir.json', 'empty.json', 'half.json', 'noid.json'].map((f) => path.join('journal', f)));
    expect(skipped.find((s) => s.file.endsWith('half.json'))?.reason).toMatch(/not JSON/);
    expect(skipped.find((s) => s.file.endsWith('b.json'))?.reason).toMatch(/id/);

    expect(await storage.journal.get('half')).toBeUndefined();
    expect(await storage.journal.get('b')).toBeUndefined();
    expect(await storage.journal.get('a')).toEqual({ who: 'a' });
    // A put over a damaged file repairs it.
    await storage.journal.put('half', { state: 'lost' });
    expect(await storage.journal.get('half')).toEqual({ state: 'lost' });
  });

  it('a blob whose bytes changed on disk is gone to get, has and urlOf (so the node re-runs) until put again; a missing type is octet-stream', async () => {
    const dir = freshDir();
    const { storage, skipped } = open(dir);
    const hash = await storage.blobs.put(new TextEncoder().encode('original'), 'image/png');
    expect(await storage.blobs.has(hash)).toBe(true);
    await writeFile(path.join(dir, 'blobs', hash), 'tampered');
    expect(await storage.blobs.get(hash)).toBeUndefined();
    expect(skipped).toEqual([{ file: path.join('blobs', hash), reason: expect.stringMatching(/SHA-256/) }]);
    expect(await storage.blobs.has(hash)).toBe(false);
    expect(await storage.blobs.urlOf!(hash)).toBeUndefined();
    // Putting the content again repairs it.
    expect(await storage.blobs.put(new TextEncoder().encode('original'), 'image/png')).toBe(hash);
    expect(await storage.blobs.get(hash)).toEqual({ bytes: new TextEncoder().encode('original'), mimeType: 'image/png' });
    expect(await storage.blobs.has(hash)).toBe(true);

    const other = await storage.blobs.put(new TextEncoder().encode('typed'), 'image/png');
    await rm(path.join(dir, 'blobs', `${other}.type`));
    expect(await storage.blobs.get(other)).toEqual({ bytes: new TextEncoder().encode('typed'), mimeType: 'application/octet-stream' });
  });
});

describe('folder storage: a crash', () => {
  it('keeps every write that was acknowledged before the process was killed, and nothing is corrupt', async () => {
    const dir = freshDir();
    const script = path.join(base, `writer-${count}.mts`);
    await writeFile(
      script,
      `import { createFolderStorage } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src/storage/folder.ts')).href)};
const storage = createFolderStorage(${JSON.stringify(dir)});
const padding = 'x'.repeat(64 * 1024);
for (let i = 0; ; i++) {
  await Promise.all([
    storage.journal.put('rec-' + i, { i, padding }),
    storage.journal.put('latest', { i, padding }),
    storage.blobs.put(new TextEncoder().encode('blob ' + i + padding), 'text/plain'),
  ]);
  process.stdout.write('ack ' + i + '\\n');
}
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = -1;
    let errors = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (errors += chunk));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        for (const m of out.matchAll(/ack (\d+)\n/g)) acked = Math.max(acked, Number(m[1]));
        if (acked >= 40 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited with ${code}: ${errors}`))));
    });

    const { storage, skipped } = open(dir);
    for (let i = 0; i <= acked; i++) expect(((await storage.journal.get(`rec-${i}`)) as { i: number } | undefined)?.i, `rec-${i}`).toBe(i);
    expect(((await storage.journal.get('latest')) as { i: number }).i).toBeGreaterThanOrEqual(acked);
    const records = await storage.journal.list();
    expect(records.length).toBeGreaterThanOrEqual(acked + 2);
    for (let i = 0; i <= acked; i++) {
      const hash = createHash('sha256').update(`blob ${i}${'x'.repeat(64 * 1024)}`).digest('hex');
      expect((await storage.blobs.get(hash))?.mimeType, `blob ${i}`).toBe('text/plain');
    }
    expect(skipped).toEqual([]);
  }, 30_000);
});

describe('folder storage: what issue 19 needs of it', () => {
  it('read() says a damaged record is damaged (and why), where get() says nothing; whereIs is its file', async () => {
    const dir = freshDir();
    const { storage, skipped } = open(dir);
    await storage.journal.put('job-1', { state: 'submitted' });
    await writeFile(storage.journal.whereIs('job-1'), '{"id":"job-1","record":{"state":"subm');
    expect(await storage.journal.get('job-1')).toBeUndefined();
    expect(await storage.journal.read('job-1')).toEqual({ damaged: 'not JSON (a damaged or half-written file)' });
    expect(storage.journal.whereIs('job-1')).toBe(path.join(dir, 'journal', 'job-1.json'));
    expect(skipped.map((s) => s.file)).toContain(path.join('journal', 'job-1.json'));
  });

  it('a download stream that breaks off leaves no file and no temp file behind', async () => {
    const dir = freshDir();
    const { storage } = open(dir);
    await storage.blobs.put(new TextEncoder().encode('first'), 'text/plain');
    async function* broken() {
      yield new Uint8Array(100_000);
      throw new Error('connection reset');
    }
    await expect(storage.blobs.putStream(broken(), 'video/mp4')).rejects.toThrow(/connection reset/);
    expect((await readdir(path.join(dir, 'blobs'))).filter((n) => !n.endsWith('.type'))).toHaveLength(1);
  });

  it('a claim whose owner process was killed is taken over at once (same host); a live one is not', async () => {
    const dir = freshDir();
    const script = `
      import { createFolderStorage } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src/storage/folder.ts')).href)};
      const s = createFolderStorage(${JSON.stringify(dir)});
      const a = await s.claims.claim('job-k', 'child', 3_600_000);
      console.log(a.ok ? 'claimed' : 'refused');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => (d.toString().includes('claimed') ? resolve() : reject(new Error(d.toString()))));
      child.on('error', reject);
    });
    const { storage } = open(dir);
    const held = await storage.claims.claim('job-k', 'parent', 60_000);
    expect(held.ok).toBe(false);
    expect(held.holder).toMatchObject({ owner: 'child', pid: child.pid });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(await storage.claims.holder('job-k')).toBeUndefined();
    expect((await storage.claims.claim('job-k', 'parent', 60_000)).ok).toBe(true);
  }, 20_000);
});
