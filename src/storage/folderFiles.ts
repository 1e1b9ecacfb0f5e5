import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { checkId } from './common.ts';

/**
 * Files in a folder, as the folder storage writes them: safe file names for any id, directories made
 * on first use (0o700), atomic and durable writes (a temp file fsync'd, then renamed or linked into
 * place, then the directory fsync'd), stale temp files swept.
 */

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;
export const OCTET_STREAM = 'application/octet-stream';
/** Leftover temp files older than this belong to a crashed writer and are deleted on first use. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;
/** How many record files list() reads at once. */
export const READ_CONCURRENCY = 32;
/** Encoded names longer than this are shortened to a prefix and the id's SHA-256. */
const MAX_NAME = 200;

const SAFE_BYTE = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789_-') SAFE_BYTE[c.charCodeAt(0)] = 1;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * The file name (without `.json`) for an id. Bytes of the UTF-8 form other than `a-z 0-9 _ -` become
 * `%xx` (lowercase hex), so names are distinct even on case-insensitive file systems ("A" is `%41`),
 * never start with a dot, never contain a path separator, and are never a Windows device name. The
 * empty id is `%`. A name longer than 200 characters becomes its first part, `~`, and the SHA-256 of
 * the id (`~` never appears otherwise), so every name fits in 255 bytes with room for a temp suffix.
 */
export function fileNameOf(id: string): string {
  checkId(id);
  let name = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    name += SAFE_BYTE[byte] ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`;
  }
  if (name === '') return '%';
  if (WINDOWS_DEVICE.test(name)) name = `%${name.charCodeAt(0).toString(16)}${name.slice(1)}`;
  if (name.length <= MAX_NAME) return name;
  let cut = MAX_NAME - 65;
  const lastEscape = name.lastIndexOf('%', cut - 1);
  if (lastEscape > cut - 3) cut = lastEscape;
  return `${name.slice(0, cut)}~${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

export const isMissing = (error: unknown) => errorCode(error) === 'ENOENT';

/** fsyncs a directory so a rename or unlink in it is durable; some platforms refuse, which is fine. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; some file systems refuse fsync on one.
  } finally {
    await handle?.close().catch(() => {});
  }
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One directory of the folder: created (0o700) on first use, written atomically. */
export class Directory {
  #ready: Promise<void> | undefined;

  constructor(readonly path: string) {}

  ensure(): Promise<void> {
    this.#ready ??= this.#create().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #create(): Promise<void> {
    const created = await mkdir(this.path, { recursive: true, mode: DIR_MODE });
    if (created !== undefined) {
      // Make the new directories' entries durable, from the parent of the first one created down.
      for (let d = path.dirname(this.path); ; d = path.dirname(d)) {
        await syncDir(d);
        if (d === path.dirname(created) || d === path.dirname(d)) break;
      }
    }
    await this.#sweepStaleTemps();
  }

  async #sweepStaleTemps(): Promise<void> {
    try {
      const now = Date.now();
      for (const name of await readdir(this.path)) {
        if (!name.endsWith('.tmp')) continue;
        const file = path.join(this.path, name);
        const info = await stat(file).catch(() => undefined);
        if (info && now - info.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => {});
      }
    } catch {
      // Best effort: a leftover temp file is harmless, reads ignore it.
    }
  }

  file(name: string): string {
    return path.join(this.path, name);
  }

  /** Replaces `name` with `data` atomically and durably. */
  async write(name: string, data: string | Uint8Array): Promise<void> {
    await this.#place(name, (write) => write(data), rename);
  }

  /**
   * Creates `name` with `data` only if no file of that name exists (atomically: the whole content
   * appears at once, or nothing); false when one does. For claims: exactly one creator wins.
   */
  async create(name: string, data: string): Promise<boolean> {
    try {
      await this.#place(name, (write) => write(data), link);
      return true;
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      throw error;
    }
  }

  /**
   * Streams chunks into a temp file, then moves it to the name `finish` gives from what was written
   * (a content hash); `finish` may also say `undefined` (keep what is there) — then the temp goes.
   */
  async stream<R>(chunks: AsyncIterable<Uint8Array>, onChunk: (chunk: Uint8Array) => void, finish: () => Promise<{ name?: string; result: R }>): Promise<R> {
    let result: R | undefined;
    await this.#place(
      '',
      async (write) => {
        for await (const chunk of chunks) {
          onChunk(chunk);
          await write(chunk);
        }
      },
      async (temp) => {
        const done = await finish();
        result = done.result;
        if (done.name) await rename(temp, this.file(done.name));
        else await unlink(temp);
      },
    );
    return result as R;
  }

  /** Writes a temp file through `fill`, fsyncs it, puts it in place with `move`, fsyncs the directory. */
  async #place(name: string, fill: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>, move: (temp: string, target: string) => Promise<void>, again = true): Promise<void> {
    await this.ensure();
    const target = this.file(name || 'stream');
    const temp = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    let handle;
    try {
      handle = await open(temp, 'wx', FILE_MODE);
    } catch (error) {
      // The folder was removed while we ran: create it again once.
      if (!isMissing(error) || !again) throw error;
      this.#ready = undefined;
      return this.#place(name, fill, move, false);
    }
    try {
      try {
        await fill(async (data) => {
          const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
          for (let at = 0; at < bytes.byteLength; ) at += (await handle.write(bytes, at, bytes.byteLength - at)).bytesWritten;
        });
        await handle.sync();
      } finally {
        await handle.close();
      }
      await move(temp, target);
    } finally {
      // Gone after a rename; left over after a link, a failure, or a stream nobody kept.
      await unlink(temp).catch(() => {});
    }
    await syncDir(this.path);
  }

  /** Removes `name` durably; a missing file is fine. */
  async remove(name: string): Promise<void> {
    try {
      await unlink(this.file(name));
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await syncDir(this.path);
  }
}

