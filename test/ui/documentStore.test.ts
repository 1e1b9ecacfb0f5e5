import { describe, expect, it } from 'vitest';
import { applyDocAction, entersHistory } from '../../src/store/documentActions.ts';
import { createDocStore } from '../../src/store/documentStore.ts';
import { emptyGraph, type Graph, type GraphNode } from '../../src/store/documentTypes.ts';
import { getIncomingPorts, getNode } from '../../src/store/lookups.ts';

function node(id: string, type = 'weft/text', values: GraphNode['values'] = {}): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, values };
}

function graph(): Graph {
  const g = emptyGraph();
  g.nodes.push(node('n1'), node('n2', 'runcomfy/x'), node('n3', 'runcomfy/x'));
  g.edges.push({ id: 'e1', from: { node: 'n1', port: 'text' }, to: { node: 'n2', port: 'prompt' } });
  return g;
}

describe('document actions', () => {
  it('bypasses several nodes in one undo step, and un-bypassing removes the flag from the node', () => {
    const store = createDocStore(graph());
    store.getState().dispatch({ type: 'setBypass', nodes: ['n1', 'n2', 'missing'], bypass: true });
    expect(store.getState().doc.nodes.map((n) => n.bypass)).toEqual([true, true, undefined]);
    store.getState().undo();
    expect(store.getState().doc.nodes.some((n) => 'bypass' in n)).toBe(false);
    store.getState().redo();
    store.getState().dispatch({ type: 'setBypass', nodes: ['n1'], bypass: false });
    expect('bypass' in getNode(store.getState().doc.nodes, 'n1')!).toBe(false);
  });

  it('lays nodes and frames out in one undo step (Arrange)', () => {
    const g = graph();
    g.groups = [{ id: 'g1', title: 'F', rect: { x: 0, y: 0, width: 10, height: 10 } }];
    const store = createDocStore(g);
    store.getState().dispatch({ type: 'layout', moves: [{ id: 'n1', position: { x: 100, y: 50 } }, { id: 'n3', position: { x: 500, y: 50 } }], groups: [{ id: 'g1', rect: { x: 80, y: 0, width: 400, height: 300 } }] });
    expect(getNode(store.getState().doc.nodes, 'n3')!.position).toEqual({ x: 500, y: 50 });
    expect(store.getState().doc.groups![0]!.rect.width).toBe(400);
    store.getState().undo();
    expect(store.getState().doc).toEqual(g);
  });

  it('adds a node once (a repeated id changes nothing)', () => {
    const g = graph();
    applyDocAction(g, { type: 'addNode', node: node('n1', 'other') });
    expect(g.nodes.filter((n) => n.id === 'n1')).toHaveLength(1);
    expect(getNode(g.nodes, 'n1')!.type).toBe('weft/text');
  });

  it('connects, replacing the wire a single input had', () => {
    const g = graph();
    applyDocAction(g, { type: 'connect', edge: { id: 'e2', from: { node: 'n3', port: 'video' }, to: { node: 'n2', port: 'prompt' } }, replaces: 'e1' });
    expect(g.edges.map((e) => e.id)).toEqual(['e2']);
  });

  it('refuses an edge to a node that is not there', () => {
    const g = graph();
    applyDocAction(g, { type: 'connect', edge: { id: 'e9', from: { node: 'n1', port: 'text' }, to: { node: 'gone', port: 'prompt' } } });
    expect(g.edges.map((e) => e.id)).toEqual(['e1']);
  });

  it('removes nodes together with every wire touching them', () => {
    const g = graph();
    applyDocAction(g, { type: 'remove', nodes: ['n1'], edges: [] });
    expect(g.nodes.map((n) => n.id)).toEqual(['n2', 'n3']);
    expect(g.edges).toEqual([]);
  });

  it('sets and clears a value by field name', () => {
    const g = graph();
    applyDocAction(g, { type: 'setValue', node: 'n2', field: 'resolution', value: '1080p' });
    expect(getNode(g.nodes, 'n2')!.values).toEqual({ resolution: '1080p' });
    applyDocAction(g, { type: 'setValue', node: 'n2', field: 'resolution', value: undefined });
    expect(getNode(g.nodes, 'n2')!.values).toEqual({});
  });

  it('drops the values of and wires into the inputs a value takes away, in the same action', () => {
    const g = graph();
    g.nodes.push(node('t', 'weft/template', { template: '{a} {b}', a: 'x', b: 'y' }));
    g.edges.push(
      { id: 'ea', from: { node: 'n1', port: 'text' }, to: { node: 't', port: 'a' } },
      { id: 'eb', from: { node: 'n1', port: 'text' }, to: { node: 't', port: 'b' } },
    );
    applyDocAction(g, { type: 'setValue', node: 't', field: 'template', value: '{b}', drops: ['a', 'template'] });
    expect(getNode(g.nodes, 't')!.values).toEqual({ template: '{b}', b: 'y' });
    expect(g.edges.map((e) => e.id)).toEqual(['e1', 'eb']);
    expect(entersHistory({ type: 'setValue', node: 't', field: 'template', value: '{b}', drops: ['a'] })).toBe(true);
  });

  it('drops only wires into the edited node', () => {
    const g = graph();
    applyDocAction(g, { type: 'setValue', node: 'n3', field: 'x', value: 1, drops: ['prompt'] });
    expect(g.edges.map((e) => e.id)).toEqual(['e1']);
  });

  it('keeps a drag in progress out of undo history, but not its final position', () => {
    expect(entersHistory({ type: 'moveNodes', moves: [], final: false })).toBe(false);
    expect(entersHistory({ type: 'moveNodes', moves: [], final: true })).toBe(true);
    expect(entersHistory({ type: 'setValue', node: 'n1', field: 'text', value: 'a' })).toBe(true);
  });
});

describe('document store', () => {
  it('keeps unchanged nodes and edges identical across an edit (so only the edited node re-renders)', () => {
    const store = createDocStore(graph());
    const before = store.getState().doc;
    store.getState().dispatch({ type: 'setValue', node: 'n2', field: 'prompt', value: 'a fox' });
    const after = store.getState().doc;
    expect(after).not.toBe(before);
    expect(after.nodes[0]).toBe(before.nodes[0]);
    expect(after.nodes[2]).toBe(before.nodes[2]);
    expect(after.nodes[1]).not.toBe(before.nodes[1]);
    expect(after.edges).toBe(before.edges);
  });

  it('carries custom definitions outside undo history, even in the middle of a drag', () => {
    const store = createDocStore(graph());
    const def = { id: 'custom/x', title: 'X', provider: 'runcomfy', endpoint: 'a/b', schema: { type: 'object', properties: {} } } as never;
    store.getState().dispatch({ type: 'carryDefinitions', definitions: [def] });
    expect(store.getState().doc.customEndpoints).toEqual([def]);
    expect(store.getState().canUndo).toBe(false);
    // A drag starts, the definitions change meanwhile, the drag ends: one undo step, which moves the node back and leaves the definitions.
    store.getState().dispatch({ type: 'moveNodes', moves: [{ id: 'n1', position: { x: 5, y: 5 } }], final: false });
    store.getState().dispatch({ type: 'carryDefinitions', definitions: [] });
    store.getState().dispatch({ type: 'moveNodes', moves: [{ id: 'n1', position: { x: 9, y: 9 } }], final: true });
    store.getState().undo();
    expect(store.getState().doc.nodes[0]!.position).toEqual({ x: 0, y: 0 });
    expect(store.getState().canUndo).toBe(false);
  });

  it('updates drifted nodes to their current schema in one undo step', () => {
    const store = createDocStore(graph());
    store.getState().dispatch({ type: 'updateSchema', nodes: [{ id: 'n2', schemaHash: 'new', values: { prompt: 'kept' } }, { id: 'n3', schemaHash: 'new', values: {} }] });
    expect(store.getState().doc.nodes.slice(1).map((n) => [n.schemaHash, n.values])).toEqual([['new', { prompt: 'kept' }], ['new', {}]]);
    store.getState().undo();
    expect(store.getState().doc).toEqual(graph());
  });

    it('hands out ids the document does not use yet', () => {
    const store = createDocStore(graph());
    const ids = [store.getState().newId('n'), store.getState().newId('n'), store.getState().newId('e')];
    expect(ids).toEqual(['n4', 'n5', 'e2']);
  });

  it('indexes the wires into each node by port', () => {
    const g = graph();
    expect([...getIncomingPorts(g.edges, 'n2').keys()]).toEqual(['prompt']);
    expect(getIncomingPorts(g.edges, 'n1').size).toBe(0);
  });
});

describe('undo and redo', () => {
  function store() {
    let t = 0;
    const clock = { advance: (ms: number) => (t += ms) };
    const s = createDocStore(graph(), { now: () => t });
    return { s, clock };
  }

  it('undoes and redoes one action at a time', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'setTitle', node: 'n1', title: 'Prompt' });
    s.getState().dispatch({ type: 'remove', nodes: ['n3'], edges: [] });
    expect(s.getState().doc.nodes.map((n) => n.id)).toEqual(['n1', 'n2']);
    s.getState().undo();
    expect(s.getState().doc.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
    s.getState().undo();
    expect(getNode(s.getState().doc.nodes, 'n1')!.title).toBeUndefined();
    expect(s.getState().canUndo).toBe(false);
    s.getState().redo();
    s.getState().redo();
    expect(s.getState().doc.nodes.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(s.getState().canRedo).toBe(false);
  });

  it('merges rapid typing in one field into one step, but not typing in another or after a pause', () => {
    const { s, clock } = store();
    for (const text of ['a', 'ab', 'abc']) {
      s.getState().dispatch({ type: 'setValue', node: 'n1', field: 'text', value: text });
      clock.advance(200);
    }
    clock.advance(2000);
    s.getState().dispatch({ type: 'setValue', node: 'n1', field: 'text', value: 'abcd' });
    s.getState().dispatch({ type: 'setValue', node: 'n2', field: 'prompt', value: 'x' });
    s.getState().undo();
    s.getState().undo();
    expect(getNode(s.getState().doc.nodes, 'n1')!.values['text']).toBe('abc');
    s.getState().undo();
    expect(getNode(s.getState().doc.nodes, 'n1')!.values['text']).toBeUndefined();
  });

  it('makes a whole drag one step back to where it started', () => {
    const { s } = store();
    for (const x of [10, 20, 30]) s.getState().dispatch({ type: 'moveNodes', moves: [{ id: 'n1', position: { x, y: 0 } }], final: false });
    expect(s.getState().canUndo).toBe(false);
    s.getState().dispatch({ type: 'moveNodes', moves: [{ id: 'n1', position: { x: 40, y: 0 } }], final: true });
    s.getState().undo();
    expect(getNode(s.getState().doc.nodes, 'n1')!.position).toEqual({ x: 0, y: 0 });
    expect(s.getState().canUndo).toBe(false);
  });

  it('records no step for an action that changes nothing, and a new edit clears redo', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'remove', nodes: ['missing'], edges: [] });
    expect(s.getState().canUndo).toBe(false);
    s.getState().dispatch({ type: 'setName', name: 'A' });
    s.getState().undo();
    s.getState().dispatch({ type: 'setName', name: 'B' });
    expect(s.getState().canRedo).toBe(false);
  });

  it('forgets history when the document is replaced', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'setName', name: 'A' });
    s.getState().replace(emptyGraph('Other'));
    expect(s.getState().canUndo).toBe(false);
    s.getState().undo();
    expect(s.getState().doc.name).toBe('Other');
  });

  it('pastes nodes with their wires and frames in one step, dropping wires to nodes not there', () => {
    const { s } = store();
    s.getState().dispatch({
      type: 'insert',
      nodes: [node('p1'), node('p2', 'runcomfy/x')],
      edges: [
        { id: 'pe1', from: { node: 'p1', port: 'text' }, to: { node: 'p2', port: 'prompt' } },
        { id: 'pe2', from: { node: 'gone', port: 'text' }, to: { node: 'p2', port: 'prompt' } },
      ],
      groups: [{ id: 'g1', title: 'Frame', rect: { x: 0, y: 0, width: 100, height: 100 } }],
    });
    expect(s.getState().doc.edges.map((e) => e.id)).toEqual(['e1', 'pe1']);
    expect(s.getState().doc.groups?.map((g) => g.id)).toEqual(['g1']);
    s.getState().undo();
    expect(s.getState().doc.nodes).toHaveLength(3);
    expect(s.getState().doc.groups).toBeUndefined();
  });

  it('moves a frame with the nodes it carries', () => {
    const { s } = store();
    s.getState().dispatch({ type: 'addGroup', group: { id: 'g1', title: 'F', rect: { x: 0, y: 0, width: 10, height: 10 } } });
    s.getState().dispatch({ type: 'updateGroup', id: 'g1', rect: { x: 5, y: 7, width: 10, height: 10 }, carry: ['n1'] });
    expect(getNode(s.getState().doc.nodes, 'n1')!.position).toEqual({ x: 5, y: 7 });
    expect(getNode(s.getState().doc.nodes, 'n2')!.position).toEqual({ x: 0, y: 0 });
  });
});
