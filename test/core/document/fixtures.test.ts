import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../../src/core/document/saveGraph.ts';
import { getTemplate } from '../../support/templateBuilder.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/graphs/${name}`, import.meta.url), 'utf8');

/** Fixtures with something to repair or refuse; each has its own test below. Every other file in the folder is golden. */
const NOT_GOLDEN = new Set(['unknown-node-type.weft.json', 'dangling-edge.weft.json', 'schema-drift.weft.json', 'malicious-proto.weft.json']);
const GOLDEN = readdirSync(new URL('../../fixtures/graphs/', import.meta.url)).filter((name) => name.endsWith('.weft.json') && !NOT_GOLDEN.has(name)).sort();

const summary = (issues: { code: string; path: string; line?: number }[]) => issues.map(({ code, path, line }) => ({ code, path, line }));

describe('golden graph files', () => {
  it('finds the golden files in the fixtures folder', () => {
    expect(GOLDEN).toEqual(expect.arrayContaining(['veo31-reference.weft.json', 'runninghub-reference.weft.json', 'text-template.weft.json']));
  });

  it.each(GOLDEN)(
    '%s loads without warnings and saves back byte for byte',
    (name) => {
      const text = fixture(name);
      const result = loadGraph(text, getTemplate);
      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.ok && saveGraph(result.graph)).toBe(text);
    },
  );

  it('keeps a node of an unknown type as a placeholder, warns once, and saves it back untouched', () => {
    const text = fixture('unknown-node-type.weft.json');
    const result = loadGraph(text, getTemplate);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.placeholders).toEqual(['up']);
    expect(summary(result.warnings)).toEqual([{ code: 'unknown-node-type', path: 'nodes[1].type', line: 17 }]);
    expect(result.warnings[0]!.message).toContain('acme/super-upscaler, which is not installed');
    expect(result.graph.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(saveGraph(result.graph)).toBe(text);
  });

  it('drops wires to missing nodes and ports and ill-typed wires, naming each, and saves the repaired graph', () => {
    const result = loadGraph(fixture('dangling-edge.weft.json'), getTemplate);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(summary(result.warnings)).toEqual([
      { code: 'dangling-edge', path: 'edges[3].from.node', line: 45 },
      { code: 'dangling-edge', path: 'edges[4].to.port', line: 46 },
      { code: 'kind-mismatch', path: 'edges[5]', line: 47 },
      { code: 'dangling-edge', path: 'edges[6].to.node', line: 48 },
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'wire "e4" was dropped: there is no node "gone"',
      'wire "e5" was dropped: Veo 3.1 has no input "negative_prompt"',
      'wire "e6" was dropped: Veo 3.1 › Images takes image, but Text › text is text',
      'wire "e7" was dropped: there is no node "missing"',
    ]);
    expect(saveGraph(result.graph)).toBe(fixture('dangling-edge.repaired.weft.json'));
  });

  it('lists removed fields and enum values no longer allowed when a node was saved against an older schema', () => {
    const result = loadGraph(fixture('schema-drift.weft.json'), getTemplate);
    expect(result.ok).toBe(true);
    expect(summary(result.warnings)).toEqual([{ code: 'schema-drift', path: 'nodes[2].schemaHash', line: 27 }]);
    expect(result.warnings[0]!.message).toBe(
      'Veo 3.1 (veo) changed since this file was saved: removed fields "aspect_ratio" (values kept, not sent); values no longer allowed: Resolution "4k"',
    );
  });

  it('refuses a __proto__ key with its place in the file, before any object is built', () => {
    const result = loadGraph(fixture('malicious-proto.weft.json'), getTemplate);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      {
        code: 'forbidden-key',
        message: 'refused: the key "__proto__" is not allowed anywhere in a graph file',
        path: 'nodes[0].values.__proto__',
        line: 12,
        column: 9,
      },
    ]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
