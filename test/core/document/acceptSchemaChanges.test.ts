import { describe, expect, it } from 'vitest';
import { acceptSchemaChanges } from '../../../src/core/document/acceptSchemaChanges.ts';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../../src/core/document/saveGraph.ts';
import { getTemplate, graph, node, veo31 } from '../../support/templateBuilder.ts';

describe('acceptSchemaChanges', () => {
  it('drops removed fields and enum values no longer allowed, stamps the hash, and silences the drift warning', () => {
    const g = graph([node('v', veo31.id, { schemaHash: 'old', values: { aspect_ratio: '16:9', resolution: '4k', duration: 8 } })]);
    const accepted = acceptSchemaChanges(g, getTemplate);
    expect(accepted.nodes[0]).toMatchObject({ schemaHash: veo31.schemaHash, values: { duration: 8 } });
    expect(Object.keys(accepted.nodes[0]!.values)).toEqual(['duration']);
    expect(loadGraph(saveGraph(accepted), getTemplate).warnings).toEqual([]);
  });

  it('leaves placeholders, up-to-date nodes and the graph itself untouched when nothing drifted', () => {
    const g = graph([node('x', 'acme/thing', { values: { a: 1 } }), node('v', veo31.id, { schemaHash: veo31.schemaHash, values: { resolution: '720p' } })]);
    expect(acceptSchemaChanges(g, getTemplate)).toBe(g);
  });

  it('only touches the nodes named when given a list', () => {
    const g = graph([node('a', veo31.id, { schemaHash: 'old', values: { x: 1 } }), node('b', veo31.id, { schemaHash: 'old', values: { x: 1 } })]);
    const accepted = acceptSchemaChanges(g, getTemplate, ['b']);
    expect(accepted.nodes[0]).toBe(g.nodes[0]);
    expect(accepted.nodes[1]!.values).toEqual({});
  });

  it('keeps the values of a text template\'s placeholders and drops those of placeholders it no longer has', () => {
    const g = graph([node('t', 'weft/template', { schemaHash: 'old', values: { template: 'A {animal}', animal: 'fox', place: 'snow' } })]);
    const accepted = acceptSchemaChanges(g, getTemplate);
    expect(accepted.nodes[0]!.values).toEqual({ template: 'A {animal}', animal: 'fox' });
    expect(loadGraph(saveGraph(accepted), getTemplate).warnings).toEqual([]);
  });
});
