import { describe, expect, it } from 'vitest';
import { exportGraph } from '../../../src/core/document/exportGraph.ts';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../../src/core/document/saveGraph.ts';
import type { Graph } from '../../../src/core/model/graph.ts';
import { edge, getTemplate, graph, node } from '../../support/templateBuilder.ts';

describe('saveGraph', () => {
  it('writes fixed key order, sorted value keys, 2-space indent, one wire per line and a trailing newline', () => {
    const g: Graph = {
      edges: [{ index: 1, to: { port: 'media', node: 'p' }, from: { port: 'text', node: 't' }, id: 'e1' }],
      nodes: [
        { values: { zeta: { b: 2, a: [1, { d: true, c: null }] }, alpha: 'x' }, position: { y: 2.5, x: -0 }, type: 'weft/text', id: 't', title: 'T' },
      ],
      name: 'Order',
      version: 1,
      format: 'weft.graph',
    };
    expect(saveGraph(g)).toBe(`{
  "format": "weft.graph",
  "version": 1,
  "name": "Order",
  "nodes": [
    {
      "id": "t",
      "type": "weft/text",
      "title": "T",
      "position": { "x": 0, "y": 2.5 },
      "values": {
        "alpha": "x",
        "zeta": {
          "a": [
            1,
            {
              "c": null,
              "d": true
            }
          ],
          "b": 2
        }
      }
    }
  ],
  "edges": [
    { "id": "e1", "from": { "node": "t", "port": "text" }, "to": { "node": "p", "port": "media" }, "index": 1 }
  ]
}
`);
  });

  it('gives the same text for equal graphs built in any key order', () => {
    const a = graph([node('n', 'weft/text', { values: { b: 1, a: 2 } })]);
    const b = graph([node('n', 'weft/text', { values: { a: 2, b: 1 } })]);
    expect(saveGraph(a)).toBe(saveGraph(b));
  });

  it('writes only schema fields, so stray state or a smuggled key never reaches the file', () => {
    const g = graph([{ ...node('n', 'weft/text'), selected: true, apiKey: 'sk-live' } as never]);
    (g as Record<string, unknown>).secret = 'x';
    const text = saveGraph(g);
    expect(text).not.toContain('selected');
    expect(text).not.toContain('sk-live');
    expect(text).not.toContain('secret');
  });

  it('refuses to write a number JSON cannot hold, naming where it is', () => {
    const g = graph([node('n', 'weft/text', { position: { x: Number.NaN, y: 0 } })]);
    expect(() => saveGraph(g)).toThrow('cannot save the graph: nodes[0].position.x is NaN');
  });

  it('round-trips what it writes through loadGraph', () => {
    const g = graph([node('t', 'weft/text', { values: { text: 'line\n"quoted" ✓' } }), node('p', 'weft/preview')], [edge('e1', 't.text', 'p.media')]);
    g.viewport = { x: 1, y: 2, zoom: 1.5 };
    g.groups = [{ id: 'g', title: 'All', rect: { x: 0, y: 0, width: 10, height: 10 } }];
    const text = saveGraph(g);
    const loaded = loadGraph(text, getTemplate);
    expect(loaded.ok && loaded.graph).toEqual(g);
    expect(loaded.ok && saveGraph(loaded.graph)).toBe(text);
  });
});

describe('exportGraph', () => {
  it('refuses a graph holding a key-shaped string and returns the text of a clean one', () => {
    const dirty = graph([node('t', 'weft/text', { values: { text: 'use sk-proj-abcdefghijklmnopqrstuvwx please' } })]);
    expect(exportGraph(dirty)).toEqual({ ok: false, findings: [{ path: 'nodes[0].values.text', reason: 'contains an API key (sk-…)' }] });
    const clean = graph([node('t', 'weft/text', { values: { text: 'a fox' } })]);
    expect(exportGraph(clean)).toEqual({ ok: true, text: saveGraph(clean) });
  });
});
