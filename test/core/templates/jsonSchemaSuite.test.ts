import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/core/templates/compile.ts';

/**
 * The official JSON-Schema-Test-Suite (the files for the keywords Weft claims, vendored under
 * test/fixtures) through the real payload validator: each schema becomes the only property of a request
 * body, each case's data that property's value, and `validate` must agree with the suite's verdict.
 */
const SUITE = join(import.meta.dirname, '../../fixtures/json-schema-test-suite');
const DRAFTS = [
  { dir: 'draft7', uri: 'http://json-schema.org/draft-07/schema#' },
  { dir: 'draft2020-12', uri: 'https://json-schema.org/draft/2020-12/schema' },
] as const;
const REQUIRED_AGREEMENT = 0.97;

interface Case { description: string; data: unknown; valid: boolean }
interface Group { description: string; schema: unknown; tests: Case[] }

function runDraft(dir: string, uri: string): { total: number; agreed: number; misses: string[] } {
  let total = 0;
  let agreed = 0;
  const misses: string[] = [];
  for (const file of readdirSync(join(SUITE, dir)).filter((f) => f.endsWith('.json')).sort()) {
    const groups = JSON.parse(readFileSync(join(SUITE, dir, file), 'utf8')) as Group[];
    groups.forEach((group, g) => {
      // The schema keeps its own base, so `#` and its `$defs` still mean the schema itself.
      const schema = typeof group.schema === 'object' && group.schema !== null && !('$id' in group.schema)
        ? { ...group.schema, $id: `https://suite.invalid/${dir}/${file}/${g}.json` }
        : group.schema;
      const template = compileTemplate({ $schema: uri, type: 'object', properties: { value: schema } });
      for (const test of group.tests) {
        total++;
        const problems = template.validate({ value: test.data });
        if ((problems.length === 0) === test.valid) agreed++;
        else misses.push(`${file} › ${group.description} › ${test.description} (suite: ${test.valid ? 'valid' : 'invalid'}${problems.length ? `; Weft: ${problems[0]!.message}` : ''})`);
      }
    });
  }
  return { total, agreed, misses };
}

describe('the payload validator against the JSON-Schema-Test-Suite', () => {
  for (const { dir, uri } of DRAFTS) {
    it(`agrees on at least ${REQUIRED_AGREEMENT * 100} % of the ${dir} cases for the keywords it claims`, () => {
      const { total, agreed, misses } = runDraft(dir, uri);
      const share = agreed / total;
      console.log(`JSON-Schema-Test-Suite ${dir}: ${agreed}/${total} agree (${(share * 100).toFixed(1)} %)${misses.length ? `\n  disagreements:\n  ${misses.join('\n  ')}` : ''}`);
      expect(total).toBeGreaterThan(700);
      expect(share).toBeGreaterThanOrEqual(REQUIRED_AGREEMENT);
    });
  }
});
