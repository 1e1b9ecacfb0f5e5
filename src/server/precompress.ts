import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Static files are served compressed (issue 12 item 5), compressed once at build time rather than per
 * request: every text asset of at least 1 KiB in `dist/` gets a `.br` (brotli 9) and a `.gz` (gzip 9)
 * beside it, each kept only when smaller. The static server picks one by `Accept-Encoding`; a file
 * without them is served as it is. The cost — seconds for the large chunks — is paid once per build
 * rather than by every fresh server; brotli 11 would be 10 % smaller and take three times as long.
 */

/** Which of the precompressed encodings an `Accept-Encoding` header takes, best first (q-values honoured; `*` counts). */
export function acceptedEncodings(header: string | undefined): string[] {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [rawName, ...params] = part.toLowerCase().split(';');
    const name = rawName?.trim();
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const star = q.get('*');
  return ENCODINGS.map((e) => e.name).filter((name) => (q.get(name) ?? star ?? 0) > 0);
}

export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.wasm']);
export const MIN_COMPRESS_BYTES = 1024;
/** The precompressed siblings, best first. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(file);
    else if (entry.isFile()) yield file;
  }
}

/** Writes `.br` and `.gz` beside every compressible file under `dir`; returns how many files were compressed. */
export async function precompressDir(dir: string): Promise<number> {
  const jobs: Promise<boolean>[] = [];
  for await (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.has(path.extname(file).toLowerCase())) continue;
    jobs.push(
      (async () => {
        if ((await stat(file)).size < MIN_COMPRESS_BYTES) return false;
        const bytes = await readFile(file);
        const [br, gzipped] = await Promise.all([
          brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
          gz(bytes, { level: 9 }),
        ]);
        if (br.length < bytes.length) await writeFile(`${file}.br`, br);
        if (gzipped.length < bytes.length) await writeFile(`${file}.gz`, gzipped);
        return true;
      })(),
    );
  }
  return (await Promise.all(jobs)).filter(Boolean).length;
}

/** The Vite plugin that precompresses the build output. */
export function weftPrecompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'weft-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // After every file (public/ included) is written; the stamp is written after this, in closeBundle.
    async writeBundle() {
      await precompressDir(outDir);
    },
  };
}
