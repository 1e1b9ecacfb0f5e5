import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isBlobReader, type MediaInput } from '../../core/media/backend.ts';

/**
 * A private temporary folder for one ffmpeg job (ffmpeg reads MP4s by seeking, so inputs are files,
 * and writes MP4 indexes at the end, so outputs are too), removed afterwards whatever happens.
 */
export interface Workdir {
  /** Writes an input to a file in the folder and returns its path. */
  put(name: string, media: MediaInput): Promise<string>;
  /** A path in the folder. */
  path(name: string): string;
  read(name: string): Promise<Uint8Array>;
}

export async function withWorkdir<T>(job: (dir: Workdir) => Promise<T>): Promise<T> {
  const root = await mkdtemp(path.join(tmpdir(), 'weft-media-'));
  const dir: Workdir = {
    async put(name, media) {
      const file = path.join(root, name);
      if (!isBlobReader(media)) await writeFile(file, media.bytes);
      else {
        const chunk = 8 * 1024 * 1024;
        await writeFile(file, new Uint8Array(0));
        for (let at = 0; at < media.size; at += chunk) await writeFile(file, await media.read(at, Math.min(media.size, at + chunk)), { flag: 'a' });
      }
      return file;
    },
    path: (name) => path.join(root, name),
    read: async (name) => new Uint8Array(await readFile(path.join(root, name))),
  };
  try {
    return await job(dir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
