import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * First-load JavaScript of a built page: the module entry scripts in its index.html plus every
 * `modulepreload` link, each gzipped (level 9, as a static host would serve them), summed.
 */
export async function firstLoadJs(distDir: string): Promise<{ files: string[]; gzipBytes: number; rawBytes: number }> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) refs.add(m[1]!);
  let gzipBytes = 0;
  let rawBytes = 0;
  const files: string[] = [];
  for (const ref of refs) {
    const file = path.join(distDir, ref.replace(/^\.?\//, ''));
    const bytes = await readFile(file);
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
    files.push(path.relative(distDir, file));
  }
  return { files, gzipBytes, rawBytes };
}
