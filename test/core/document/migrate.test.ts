import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateDocument } from '../../../src/core/document/migrate.ts';

describe('migrateDocument', () => {
  it('passes a current-version document through unchanged', () => {
    const doc = { format: 'weft.graph', version: 1, name: 'x', nodes: [], edges: [] };
    expect(migrateDocument(doc)).toEqual({ ok: true, document: doc, from: 1 });
  });

  it('applies each pure step from the file version up to the current one, without mutating the input', () => {
    const steps = {
      1: (d: Record<string, unknown>) => ({ ...d, title: d.name }),
      2: (d: Record<string, unknown>) => ({ ...d, name: `${String(d.title)}!`, title: undefined }),
    };
    const input = Object.freeze({ format: 'weft.graph', version: 1, name: 'old' });
    const result = migrateDocument(input, steps, 3);
    expect(result).toEqual({ ok: true, document: { format: 'weft.graph', version: 3, name: 'old!', title: undefined }, from: 1 });
  });

  it('refuses a version with no step to upgrade it', () => {
    expect(migrateDocument({ format: 'weft.graph', version: 1 }, {}, 2)).toMatchObject({ ok: false, error: { code: 'version-unsupported' } });
  });

  it('refuses a JSON value that is not an object', () => {
    expect(migrateDocument([1, 2])).toMatchObject({ ok: false, error: { code: 'not-a-graph', message: 'this is not a Weft graph: the file holds an array, not an object' } });
  });

  it('refuses another format by name', () => {
    expect(migrateDocument({ format: 'tldraw' })).toMatchObject({ ok: false, error: { code: 'format-unknown', path: ['format'] } });
  });

  it('has no steps yet: version 1 is the first', () => {
    expect(Object.keys(MIGRATIONS)).toEqual([]);
  });
});
