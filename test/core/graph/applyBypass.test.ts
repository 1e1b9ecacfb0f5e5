import { describe, expect, it } from 'vitest';
import { applyBypass } from '../../../src/core/graph/applyBypass.ts';
import { field, builtins, edge, graph, node, output, registry, template, veo3, veo31, fourImages, runningHubVeo } from '../../support/templateBuilder.ts';

/** An image-to-image model (an upscaler): image in, image out, plus a text prompt. */
const upscale = template({ id: 'test/upscale', title: 'Upscale', inputs: [field('prompt', 'text'), field('image', 'image', { required: true })], outputs: [output('image', 'image')] });
const getTemplate = registry(...builtins, veo31, veo3, runningHubVeo, fourImages, upscale);

const wires = (g: { edges: { from: { node: string; port: string }; to: { node: string; port: string } }[] }) =>
  g.edges.map((e) => `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`);

describe('applyBypass', () => {
  it('changes nothing (same object) when no node is bypassed', () => {
    const g = graph([node('a', 'weft/image'), node('p', 'weft/preview')], [edge('e1', 'a.image', 'p.media')]);
    const result = applyBypass(g, getTemplate);
    expect(result.graph).toBe(g);
    expect(result.bypassed).toEqual([]);
  });

  it('removes a bypassed node and passes its input of the same kind on to what it fed', () => {
    const g = graph(
      [node('img', 'weft/image'), node('text', 'weft/text'), node('up', 'test/upscale', { bypass: true }), node('veo', veo3.id)],
      [edge('e1', 'text.text', 'up.prompt'), edge('e2', 'img.image', 'up.image'), edge('e3', 'up.image', 'veo.image'), edge('e4', 'text.text', 'veo.prompt')],
    );
    const result = applyBypass(g, getTemplate);
    expect(result.graph.nodes.map((n) => n.id)).toEqual(['img', 'text', 'veo']);
    expect(wires(result.graph)).toEqual(['img.image->veo.image', 'text.text->veo.prompt']);
    expect(result.graph.edges[0]!.id).toBe('e3');
    expect(result.bypassed).toEqual(['up']);
    expect(result.notes).toEqual([]);
  });

  it('passes through a chain of bypassed nodes', () => {
    const g = graph(
      [node('img', 'weft/image'), node('u1', 'test/upscale', { bypass: true }), node('u2', 'test/upscale', { bypass: true }), node('p', 'weft/preview')],
      [edge('e1', 'img.image', 'u1.image'), edge('e2', 'u1.image', 'u2.image'), edge('e3', 'u2.image', 'p.media')],
    );
    expect(wires(applyBypass(g, getTemplate).graph)).toEqual(['img.image->p.media']);
  });

  it('passes nothing when the node has no input of its output kind, and says so', () => {
    const g = graph(
      [node('text', 'weft/text'), node('img', 'weft/image'), node('veo', veo3.id, { bypass: true, title: 'My clip' }), node('p', 'weft/preview')],
      [edge('e1', 'text.text', 'veo.prompt'), edge('e2', 'img.image', 'veo.image'), edge('e3', 'veo.video', 'p.media')],
    );
    const result = applyBypass(g, getTemplate);
    expect(wires(result.graph)).toEqual([]);
    expect(result.notes).toEqual([{ nodeId: 'veo', message: 'My clip is bypassed and has no video input to pass on: what it fed gets nothing from it.' }]);
  });

  it('passes every wire of a list input on into a list input, in order, and only the first into a single input', () => {
    const pass = template({ id: 'test/pass', inputs: [field('images', 'image', { list: { min: 1, max: 10 } })], outputs: [output('image', 'image')] });
    const get = registry(...builtins, veo31, veo3, pass);
    const h = graph(
      [node('a', 'weft/image'), node('b', 'weft/image'), node('x', 'test/pass', { bypass: true }), node('veo', veo31.id), node('v3', veo3.id)],
      [edge('e1', 'b.image', 'x.images', 1), edge('e2', 'a.image', 'x.images', 0), edge('e3', 'x.image', 'veo.image_urls'), edge('e4', 'x.image', 'v3.image')],
    );
    expect(wires(applyBypass(h, get).graph)).toEqual(['a.image->veo.image_urls', 'b.image->veo.image_urls', 'a.image->v3.image']);
  });

  it('keeps the list slot of the wire it replaces', () => {
    const g = graph(
      [node('a', 'weft/image'), node('b', 'weft/image'), node('up', 'test/upscale', { bypass: true }), node('veo', veo31.id)],
      [edge('e1', 'a.image', 'veo.image_urls', 0), edge('e2', 'b.image', 'up.image'), edge('e3', 'up.image', 'veo.image_urls', 1)],
    );
    const out = applyBypass(g, getTemplate).graph.edges;
    expect(out.map((e) => [e.from.node, e.index])).toEqual([['a', 0], ['b', 1]]);
  });

  it('survives a loop of bypassed nodes and an unknown (placeholder) node, passing nothing through them', () => {
    const g = graph(
      [node('u1', 'test/upscale', { bypass: true }), node('u2', 'test/upscale', { bypass: true }), node('ghost', 'acme/unknown', { bypass: true }), node('p', 'weft/preview')],
      [edge('e1', 'u1.image', 'u2.image'), edge('e2', 'u2.image', 'u1.image'), edge('e3', 'u2.image', 'p.media'), edge('e4', 'ghost.out', 'p.media')],
    );
    const result = applyBypass(g, getTemplate);
    expect(result.graph.nodes.map((n) => n.id)).toEqual(['p']);
    expect(result.graph.edges).toEqual([]);
    expect(result.notes.some((n) => n.nodeId === 'ghost')).toBe(true);
  });

  it('does not change the graph it was given', () => {
    const g = graph([node('img', 'weft/image'), node('up', 'test/upscale', { bypass: true }), node('p', 'weft/preview')], [edge('e1', 'img.image', 'up.image'), edge('e2', 'up.image', 'p.media')]);
    const copy = structuredClone(g);
    applyBypass(g, getTemplate);
    expect(g).toEqual(copy);
  });
});
