import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseDefinition } from '../src/core/model/definition.ts';
import { compileDefinition } from '../src/core/templates/compile.ts';

/**
 * Catalog compile time: every `nodes/` definition checked (`parseDefinition`) and compiled into a
 * template (`compileDefinition`), as the page does the first time a node type is used. Files are read
 * first and not timed. The first pass is the cold one a user meets; the baseline is `JSON.parse` of the
 * same texts, in the same process.
 */
export async function measureCatalog(files: string[]): Promise<{ endpoints: number; coldMs: number; warmMs: number; jsonParseMs: number }> {
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  const raws = texts.map((t) => JSON.parse(t) as unknown);
  let t = performance.now();
  for (const raw of raws) compileDefinition(parseDefinition(raw));
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    for (const raw of raws) compileDefinition(parseDefinition(raw));
    warm.push(performance.now() - t);
  }
  const parse: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    for (const text of texts) JSON.parse(text);
    parse.push(performance.now() - t);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { endpoints: files.length, coldMs, warmMs: median(warm), jsonParseMs: median(parse) };
}
