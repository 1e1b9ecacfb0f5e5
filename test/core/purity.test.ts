import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** src/core runs unchanged in the browser and in Node: it imports only itself, zod and the JSON Schema interpreter. */
const PURE_LIBRARIES = new Set(['zod', '@cfworker/json-schema']);
const CORE = resolve(import.meta.dirname, '../../src/core');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the core', () => {
  it('imports nothing but other core modules, zod and @cfworker/json-schema', () => {
    const offenders: string[] = [];
    for (const file of files(CORE)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        const ok = PURE_LIBRARIES.has(spec) || (spec.startsWith('.') && resolve(file, '..', spec).startsWith(CORE));
        if (!ok) offenders.push(`${relative(CORE, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('uses no browser or network globals', () => {
    const offenders: string[] = [];
    for (const file of files(CORE)) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      // (window/document are also refused by the linter, which knows a global from a local variable.)
      for (const name of ['fetch', 'localStorage', 'indexedDB', 'XMLHttpRequest', 'process', 'require']) {
        if (new RegExp(`(?<![\\w.$'"])${name}\\b(?!['"])`).test(code)) offenders.push(`${relative(CORE, file)} uses ${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
