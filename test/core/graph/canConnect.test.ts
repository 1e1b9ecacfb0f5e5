import { describe, expect, it } from 'vitest';
import { canConnect, findReplacedEdge } from '../../../src/core/graph/canConnect.ts';
import { acceptedKinds } from '../../../src/core/graph/kinds.ts';
import type { Graph, PortRef } from '../../../src/core/model/graph.ts';
import { edge, field, getTemplate, graph, node, registry, template, output, builtins, veo31 } from '../../support/templateBuilder.ts';

const ref = (text: string): PortRef => {
  const [nodeId, port] = text.split('.') as [string, string];
  return { node: nodeId, port };
};

/** Text, three images, Veo 3.1, Veo 3, RunningHub Veo, a four-image model, primitives and a preview. */
function pipeline(edges = [edge('e1', 'text.text', 'veo.prompt')]): Graph {
  return graph(
    [
      node('text', 'weft/text', { values: { text: 'a fox' } }),
      node('img1', 'weft/image'),
      node('img2', 'weft/image'),
      node('img3', 'weft/image'),
      node('img4', 'weft/image'),
      node('veo', 'runcomfy/google-deepmind/veo-3-1/reference-to-video'),
      node('veo3', 'runcomfy/google-deepmind/veo-3/image-to-video'),
      node('rh', 'runninghub/rhart-video-v3.1-pro-official/reference-to-video'),
      node('four', 'test/four-images'),
      node('int', 'weft/integer'),
      node('num', 'weft/number'),
      node('bool', 'weft/boolean'),
      node('preview', 'weft/preview'),
      node('ghost', 'acme/unknown'),
    ],
    edges,
  );
}

const check = (g: Graph, from: string, to: string) => canConnect(g, getTemplate, ref(from), ref(to));

describe('canConnect: kinds', () => {
  it('connects text to a text input', () => {
    expect(check(pipeline([]), 'text.text', 'veo.prompt')).toEqual({ ok: true });
  });

  it('refuses text into an image input, saying what each side is', () => {
    expect(check(pipeline(), 'text.text', 'veo.image_urls')).toEqual({
      ok: false,
      code: 'kind-mismatch',
      reason: 'Veo 3.1 › Images takes image, but Text › text is text',
    });
  });

  it('connects text to an enum input, leaving the value to be checked later', () => {
    expect(check(pipeline(), 'text.text', 'veo.resolution').ok).toBe(true);
  });

  it('connects integer to an enum with numeric options but not to one with text options', () => {
    expect(check(pipeline(), 'int.value', 'veo.duration').ok).toBe(true);
    expect(check(pipeline(), 'int.value', 'veo.resolution')).toMatchObject({ ok: false, code: 'kind-mismatch' });
  });

  it('connects integer to integer and number, but number not to integer', () => {
    const t = template({ id: 'test/nums', inputs: [field('i', 'integer'), field('f', 'number')] });
    const getT = registry(...builtins, t);
    const g = graph([node('int', 'weft/integer'), node('num', 'weft/number'), node('t', 'test/nums')]);
    expect(canConnect(g, getT, ref('int.value'), ref('t.i')).ok).toBe(true);
    expect(canConnect(g, getT, ref('int.value'), ref('t.f')).ok).toBe(true);
    expect(canConnect(g, getT, ref('num.value'), ref('t.f')).ok).toBe(true);
    expect(canConnect(g, getT, ref('num.value'), ref('t.i'))).toEqual({
      ok: false,
      code: 'kind-mismatch',
      reason: 'test/nums › I takes integer, but Number › value is number',
    });
  });

  it('connects boolean only to boolean', () => {
    expect(check(pipeline(), 'bool.value', 'veo.generate_audio').ok).toBe(true);
    expect(check(pipeline(), 'bool.value', 'veo.prompt')).toMatchObject({ ok: false, code: 'kind-mismatch' });
  });

  it('lets field.accepts override the kind rule', () => {
    const sink = template({ id: 'test/sink', title: 'Sink', inputs: [field('media', 'json', { title: 'Media', list: { min: 0 }, accepts: ['image', 'video', 'audio', 'text'] })] });
    const getT = registry(...builtins, veo31, sink);
    const g = graph([node('text', 'weft/text'), node('int', 'weft/integer'), node('veo', veo31.id), node('sink', 'test/sink')]);
    expect(canConnect(g, getT, ref('veo.video'), ref('sink.media')).ok).toBe(true);
    expect(canConnect(g, getT, ref('text.text'), ref('sink.media')).ok).toBe(true);
    expect(canConnect(g, getT, ref('int.value'), ref('sink.media'))).toEqual({
      ok: false,
      code: 'kind-mismatch',
      reason: 'Sink › Media takes image, video, audio or text, but Integer › value is integer',
    });
  });

  it('lets the built-in preview take a video and a text', () => {
    expect(check(pipeline(), 'veo.video', 'preview.media').ok).toBe(true);
    expect(check(pipeline(), 'text.text', 'preview.media').ok).toBe(true);
  });

  it('lists the kinds an enum with numeric options accepts', () => {
    expect(acceptedKinds(veo31.inputs.find((f) => f.name === 'duration')!)).toEqual(['text', 'integer', 'number']);
  });
});

describe('canConnect: lists and single inputs', () => {
  it('refuses a list output into a single input, with a reason', () => {
    expect(check(pipeline(), 'four.images', 'veo3.image')).toEqual({
      ok: false,
      code: 'list-into-single',
      reason: 'Veo 3 › Image takes a single image, but Four images › images gives a list',
    });
  });

  it('takes a list output into a list input', () => {
    expect(check(pipeline(), 'four.images', 'veo.image_urls').ok).toBe(true);
  });

  it('takes several wires into a list input up to its max, then refuses with the count', () => {
    const full = pipeline([
      edge('a', 'img1.image', 'rh.imageUrls'),
      edge('b', 'img2.image', 'rh.imageUrls'),
      edge('c', 'img3.image', 'rh.imageUrls'),
    ]);
    expect(check(pipeline([edge('a', 'img1.image', 'rh.imageUrls')]), 'img2.image', 'rh.imageUrls')).toEqual({ ok: true });
    expect(check(full, 'img4.image', 'rh.imageUrls')).toEqual({
      ok: false,
      code: 'list-full',
      reason: 'Veo 3.1 Pro (RunningHub) › Images takes at most 3 wires and already has 3',
    });
  });

  it('allows a wire into a fed single input and names the edge it replaces', () => {
    const g = pipeline([edge('old', 'img1.image', 'veo3.image')]);
    expect(check(g, 'img2.image', 'veo3.image')).toEqual({ ok: true, replaces: 'old' });
    expect(findReplacedEdge(g, getTemplate, ref('veo3.image'))).toBe('old');
  });

  it('replaces nothing on a free input or a list input', () => {
    const g = pipeline([edge('a', 'img1.image', 'veo.image_urls')]);
    expect(findReplacedEdge(g, getTemplate, ref('veo3.image'))).toBeUndefined();
    expect(findReplacedEdge(g, getTemplate, ref('veo.image_urls'))).toBeUndefined();
  });
});

describe('canConnect: structure', () => {
  it('refuses a node wired to itself', () => {
    const t = template({ id: 'test/loop', inputs: [field('in', 'text')], outputs: [output('out', 'text')] });
    const g = graph([node('a', 'test/loop')]);
    expect(canConnect(g, registry(t), ref('a.out'), ref('a.in'))).toMatchObject({ ok: false, code: 'self-loop' });
  });

  it('refuses a wire that would close a loop, naming the loop', () => {
    const t = template({ id: 'test/pass', title: 'Pass', inputs: [field('in', 'text')], outputs: [output('out', 'text')] });
    const g = graph([node('a', 'test/pass'), node('b', 'test/pass', { title: 'B' }), node('c', 'test/pass', { title: 'C' })], [
      edge('ab', 'a.out', 'b.in'),
      edge('bc', 'b.out', 'c.in'),
    ]);
    expect(canConnect(g, registry(t), ref('c.out'), ref('a.in'))).toEqual({
      ok: false,
      code: 'cycle',
      reason: 'this wire would make a loop: C → Pass → B → C',
    });
  });

  it('refuses a duplicate wire', () => {
    expect(check(pipeline(), 'text.text', 'veo.prompt')).toEqual({
      ok: false,
      code: 'duplicate-edge',
      reason: 'Text › text is already wired to Veo 3.1 › Prompt',
    });
  });

  it('refuses ports and nodes that do not exist', () => {
    expect(check(pipeline(), 'text.nope', 'veo.prompt')).toMatchObject({ ok: false, code: 'output-missing' });
    expect(check(pipeline(), 'text.text', 'veo.nope')).toMatchObject({ ok: false, code: 'input-missing' });
    expect(check(pipeline(), 'missing.text', 'veo.prompt')).toMatchObject({ ok: false, code: 'node-missing' });
  });

  it('refuses a field that cannot take a wire', () => {
    expect(check(pipeline(), 'text.text', 'int.value')).toMatchObject({ ok: false, code: 'not-connectable' });
  });

  it('refuses wiring to a placeholder whose type is not installed', () => {
    expect(check(pipeline(), 'text.text', 'ghost.anything')).toMatchObject({ ok: false, code: 'unknown-type' });
  });

  it('uses a node title in reasons when the user gave one', () => {
    const g = pipeline([]);
    g.nodes[5] = { ...g.nodes[5]!, title: 'Hero shot' };
    expect(check(g, 'text.text', 'veo.image_urls')).toMatchObject({ reason: 'Hero shot › Images takes image, but Text › text is text' });
  });
});

describe('canConnect: a text template\'s placeholder ports', () => {
  const PROMPT = 'A {animal} in {place}, cinematic';
  const templated = (edges = [edge('e1', 'tpl.text', 'veo.prompt')]) =>
    graph([node('text', 'weft/text'), node('int', 'weft/integer'), node('tpl', 'weft/template', { values: { template: PROMPT } }), node('veo', veo31.id)], edges);

  it('connects text into a port its template text creates', () => {
    expect(check(templated(), 'text.text', 'tpl.animal')).toEqual({ ok: true });
    expect(check(templated(), 'text.text', 'tpl.place')).toEqual({ ok: true });
  });

  it('refuses a port the template text does not have, and one of the wrong kind', () => {
    expect(check(templated(), 'text.text', 'tpl.style')).toEqual({ ok: false, code: 'input-missing', reason: 'Text template has no input "style"' });
    expect(check(templated(), 'int.value', 'tpl.animal')).toEqual({
      ok: false,
      code: 'kind-mismatch',
      reason: 'Text template › animal takes text, but Integer › value is integer',
    });
  });

  it('refuses a wire into the template text itself', () => {
    expect(check(templated(), 'text.text', 'tpl.template')).toMatchObject({ ok: false, code: 'not-connectable' });
  });

  it('follows the node\'s values: a port comes and goes with its placeholder', () => {
    const g = templated();
    g.nodes[2] = { ...g.nodes[2]!, values: { template: 'only {style}' } };
    expect(check(g, 'text.text', 'tpl.animal')).toMatchObject({ ok: false, code: 'input-missing' });
    expect(check(g, 'text.text', 'tpl.style')).toEqual({ ok: true });
  });

  it('replaces the wire a placeholder port already has, like any single input', () => {
    const g = graph([...templated().nodes, node('text2', 'weft/text')], [edge('old', 'text.text', 'tpl.animal')]);
    expect(check(g, 'text2.text', 'tpl.animal')).toEqual({ ok: true, replaces: 'old' });
    expect(findReplacedEdge(g, getTemplate, ref('tpl.animal'))).toBe('old');
    expect(findReplacedEdge(g, getTemplate, ref('tpl.place'))).toBeUndefined();
  });

  it('refuses a loop through a template', () => {
    const g = graph([node('a', 'weft/template', { values: { template: '{x}' } }), node('b', 'weft/template', { values: { template: '{y}' } })], [edge('ab', 'a.text', 'b.y')]);
    expect(check(g, 'b.text', 'a.x')).toMatchObject({ ok: false, code: 'cycle' });
  });
});
