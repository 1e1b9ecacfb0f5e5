import { describe, expect, it } from 'vitest';
import { findCycle, findLoopEdges, topologicalOrder } from '../../../src/core/graph/cycles.ts';
import { getInputEdges } from '../../../src/core/graph/graphIndex.ts';
import { edge, graph, node } from '../../support/templateBuilder.ts';

const chain = (ids: string[]) => ids.map((id) => node(id, 'test/pass'));

describe('topologicalOrder', () => {
  it('puts every node after the nodes feeding it, keeping file order between independent ones', () => {
    const g = graph(chain(['out', 'b', 'a', 'c']), [edge('1', 'a.o', 'b.i'), edge('2', 'b.o', 'out.i'), edge('3', 'c.o', 'out.i')]);
    expect(topologicalOrder(g)).toEqual({ ok: true, order: ['a', 'c', 'b', 'out'] });
  });

  it('fails with the loop when the graph has a cycle', () => {
    const g = graph(chain(['a', 'b', 'c']), [edge('1', 'a.o', 'b.i'), edge('2', 'b.o', 'c.i'), edge('3', 'c.o', 'b.i')]);
    expect(topologicalOrder(g)).toEqual({ ok: false, cycle: ['b', 'c', 'b'] });
  });

  it('ignores edges to missing nodes', () => {
    const g = graph(chain(['a']), [edge('1', 'a.o', 'gone.i')]);
    expect(topologicalOrder(g)).toEqual({ ok: true, order: ['a'] });
  });

  it('handles a chain of 5,000 nodes without overflowing the stack', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => edge(`e${i}`, `${ids[i]}.o`, `${id}.i`));
    expect(findCycle(graph(chain(ids), edges))).toBeNull();
    const closed = graph(chain(ids), [...edges, edge('back', 'n4999.o', 'n0.i')]);
    expect(findCycle(closed)).toHaveLength(5001);
  });
});

describe('findLoopEdges', () => {
  it('reports the edges that close loops, and removing them leaves no cycle', () => {
    const g = graph(chain(['a', 'b', 'c']), [
      edge('ab', 'a.o', 'b.i'),
      edge('ba', 'b.o', 'a.i'),
      edge('bc', 'b.o', 'c.i'),
      edge('cc', 'c.o', 'c.i'),
    ]);
    const loops = findLoopEdges(g);
    expect(loops.map((l) => l.edge.id)).toEqual(['ba', 'cc']);
    const rest = g.edges.filter((e) => !loops.some((l) => l.edge === e));
    expect(findCycle({ nodes: g.nodes, edges: rest })).toBeNull();
  });
});

describe('getInputEdges', () => {
  it('orders wires into a list input by index, then unindexed ones in file order', () => {
    const g = graph(chain(['x']), [
      edge('late', 'a.o', 'x.list'),
      edge('second', 'b.o', 'x.list', 1),
      edge('other', 'c.o', 'x.single'),
      edge('first', 'd.o', 'x.list', 0),
      edge('later', 'e.o', 'x.list'),
    ]);
    expect(getInputEdges(g, { node: 'x', port: 'list' }).map((e) => e.id)).toEqual(['first', 'second', 'late', 'later']);
  });
});
