import { describe, expect, it } from 'vitest';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../../src/core/document/saveGraph.ts';
import type { Graph } from '../../../src/core/model/graph.ts';
import { edge, field, getTemplate, graph, node, output, registry, runningHubVeo, template, veo3, veo31 } from '../../support/templateBuilder.ts';

const VEO = veo31.id;
const text = (g: Graph | Record<string, unknown>) => JSON.stringify(g, null, 2);
const codes = (issues: { code: string }[]) => issues.map((issue) => issue.code);

describe('loadGraph: refusing hostile or unreadable text', () => {
  it('refuses a file over the size limit as unreadable, before parsing it', () => {
    const result = loadGraph(`{"name": "${'x'.repeat(200)}"}`, getTemplate, { limits: { maxChars: 100 } });
    expect(result).toMatchObject({ ok: false, unreadable: true, errors: [{ code: 'too-large' }] });
  });

  it('reports a JSON syntax error with its line and column', () => {
    const result = loadGraph('{\n  "format": "weft.graph",\n  "version": 1,\n  "name": "x"\n  "nodes": []\n}', getTemplate);
    expect(result).toMatchObject({ ok: false, unreadable: true });
    expect(result.errors).toEqual([
      { code: 'json-syntax', message: 'not valid JSON: unexpected "\\"": expected "," or "}" after a property value', path: '', line: 5, column: 3 },
    ]);
  });

  it('refuses nesting deeper than the limit (generated 100,000 levels deep) as unreadable', () => {
    const deep = `{"format":"weft.graph","version":1,"name":"deep","nodes":[{"id":"n","type":"weft/text","position":{"x":0,"y":0},"values":{"text":${'['.repeat(100_000)}${']'.repeat(100_000)}}}],"edges":[]}`;
    const result = loadGraph(deep, getTemplate);
    expect(result).toMatchObject({ ok: false, unreadable: true, errors: [{ code: 'too-deep', line: 1 }] });
    expect(result.errors[0]!.path).toBe(`nodes[0].values.text${'[0]'.repeat(60)}`);
  });

  it('refuses more nodes than the limit (a generated 5,001-node file) as unreadable', () => {
    const nodes = Array.from({ length: 5001 }, (_, i) => node(`n${i}`, 'weft/note'));
    const result = loadGraph(text(graph(nodes)), getTemplate);
    expect(result).toMatchObject({ ok: false, unreadable: true, errors: [{ code: 'too-many', message: 'the file has 5001 nodes; the limit is 5000', path: 'nodes' }] });
  });

  it('refuses more edges than the limit', () => {
    const edges = Array.from({ length: 11 }, (_, i) => edge(`e${i}`, 'a.text', 'b.media'));
    const result = loadGraph(text(graph([], edges)), getTemplate, { limits: { maxEdges: 10 } });
    expect(result).toMatchObject({ ok: false, unreadable: true, errors: [{ code: 'too-many', path: 'edges' }] });
  });

  it.each([
    ['"__proto__"', '__proto__'],
    ['"constructor"', 'constructor'],
    ['"prototype"', 'prototype'],
    ['"\\u005f_proto__"', '__proto__'],
  ])('refuses the key %s anywhere, even spelled with escapes', (spelled, key) => {
    const result = loadGraph(`{"format":"weft.graph","version":1,"name":"x","nodes":[],"edges":[],"groups":[{${spelled}:1}]}`, getTemplate);
    expect(result).toMatchObject({ ok: false, unreadable: false, errors: [{ code: 'forbidden-key', path: `groups[0].${key}` }] });
  });

  it('refuses a key that appears twice in one object, since parsers disagree on which wins', () => {
    const result = loadGraph('{"format":"weft.graph","format":"other"}', getTemplate);
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'duplicate-key', path: 'format', column: 24 }] });
  });

  it('reads a file that starts with a byte-order mark', () => {
    const result = loadGraph(`\uFEFF${saveGraph(graph([]))}`, getTemplate);
    expect(result.ok).toBe(true);
  });
});

describe('loadGraph: format, version and schema', () => {
  it('says a file without "format" is not a Weft graph, and recognises a ComfyUI workflow', () => {
    expect(loadGraph('{"name":"x"}', getTemplate).errors).toEqual([
      { code: 'format-missing', message: 'this is not a Weft graph: it has no "format": "weft.graph"', path: '', line: 1, column: 1 },
    ]);
    expect(loadGraph('{"last_node_id": 3, "nodes": [], "links": []}', getTemplate).errors[0]?.message).toContain('looks like a ComfyUI workflow');
  });

  it('refuses a file from a newer Weft with a clear message', () => {
    const result = loadGraph('{"format":"weft.graph","version":7,"name":"x","nodes":[],"edges":[]}', getTemplate);
    expect(result).toMatchObject({ ok: false, unreadable: false });
    expect(result.errors[0]).toMatchObject({ code: 'version-future', path: 'version' });
    expect(result.errors[0]!.message).toContain('saved by a newer Weft (file version 7); this Weft reads versions up to 1');
  });

  it('refuses a missing or non-integer version', () => {
    expect(loadGraph('{"format":"weft.graph","name":"x"}', getTemplate).errors[0]?.code).toBe('version-missing');
    expect(loadGraph('{"format":"weft.graph","version":"1"}', getTemplate).errors[0]?.code).toBe('version-missing');
    expect(loadGraph('{"format":"weft.graph","version":0}', getTemplate).errors[0]?.code).toBe('version-unsupported');
  });

  it('names the place of each schema problem by JSON path and line', () => {
    const file = text({ ...graph([node('n1', 'weft/text'), node('n2', 'weft/text')]), extra: true });
    const broken = file.replace('"y": 0', '"y": "zero"');
    const lineOf = (needle: string) => broken.split('\n').findIndex((line) => line.includes(needle)) + 1;
    const result = loadGraph(broken, getTemplate);
    expect(result.ok).toBe(false);
    expect(result.errors.map(({ code, path, line }) => ({ code, path, line }))).toEqual([
      { code: 'schema', path: 'nodes[0].position.y', line: lineOf('"zero"') },
      { code: 'schema', path: 'extra', line: lineOf('"extra"') },
    ]);
    expect(result.errors[0]!.message).toBe('nodes[0].position.y: expected number, received string');
    expect(result.errors[1]!.message).toBe('extra: unknown key "extra" (not part of a Weft graph)');
  });

  it('refuses unknown keys on nodes and edges instead of passing them through', () => {
    const g = graph([{ ...node('n1', 'weft/text'), onload: 'alert(1)' } as never]);
    expect(loadGraph(text(g), getTemplate).errors[0]).toMatchObject({ code: 'schema', path: 'nodes[0].onload' });
  });
});

describe('loadGraph: repairs with warnings', () => {
  it('renames a repeated node id and sends wires naming it to the first node', () => {
    const g = graph(
      [node('t', 'weft/text'), node('t', 'weft/text'), node('v', VEO)],
      [edge('e1', 't.text', 'v.prompt')],
    );
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.nodes.map((n) => n.id)).toEqual(['t', 't~2', 'v']);
    expect(result.warnings).toMatchObject([
      { code: 'duplicate-id', path: 'nodes[1].id', message: 'two nodes have the id "t"; the later one is renamed "t~2" and wires naming "t" go to the first' },
    ]);
    expect(result.ok && result.graph.edges[0]!.from.node).toBe('t');
  });

  it('renames a repeated wire id', () => {
    const g = graph([node('a', 'weft/image'), node('b', 'weft/image'), node('v', VEO)], [edge('e', 'a.image', 'v.image_urls'), edge('e', 'b.image', 'v.image_urls')]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['e', 'e~2']);
    expect(codes(result.warnings)).toEqual(['duplicate-id']);
  });

  it('keeps the first wire into a single input and drops the rest', () => {
    const g = graph(
      [node('a', 'weft/image'), node('b', 'weft/image'), node('v', veo3.id)],
      [edge('e1', 'a.image', 'v.image'), edge('e2', 'b.image', 'v.image')],
    );
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['e1']);
    expect(result.warnings).toMatchObject([{ code: 'input-taken', path: 'edges[1]', message: 'wire "e2" was dropped: Veo 3 › Image takes one wire and is already fed by Image › image' }]);
  });

  it('drops wires beyond a list input\'s max, keeping the first ones in list order', () => {
    const images = ['a', 'b', 'c', 'd'].map((id) => node(id, 'weft/image'));
    const g = graph([...images, node('rh', runningHubVeo.id)], [
      edge('ea', 'a.image', 'rh.imageUrls', 3),
      edge('eb', 'b.image', 'rh.imageUrls', 0),
      edge('ec', 'c.image', 'rh.imageUrls', 1),
      edge('ed', 'd.image', 'rh.imageUrls', 2),
    ]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['eb', 'ec', 'ed']);
    expect(result.warnings).toMatchObject([{ code: 'list-full', path: 'edges[0]' }]);
  });

  it('drops a duplicate wire', () => {
    const g = graph([node('t', 'weft/text'), node('v', VEO), node('p', 'weft/preview')], [
      edge('e1', 't.text', 'v.prompt'),
      edge('e2', 't.text', 'v.prompt'),
      edge('e3', 'v.video', 'p.media'),
    ]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.warnings).toMatchObject([{ code: 'duplicate-edge', path: 'edges[1]' }]);
  });

  it('keeps wires to and from a placeholder unchecked, but drops a wire to a port its known end lacks', () => {
    const g = graph([node('x', 'acme/thing'), node('v', VEO), node('t', 'weft/text')], [
      edge('e1', 't.text', 'x.anything'),
      edge('e2', 'x.whatever', 'v.prompt'),
      edge('e3', 'x.out', 'v.nope'),
    ]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(codes(result.warnings)).toEqual(['unknown-node-type', 'dangling-edge']);
  });

  it('drops the wires that close a loop, naming the loop', () => {
    const pass = template({ id: 'test/pass', title: 'Pass', inputs: [field('in', 'text')], outputs: [output('out', 'text')] });
    const g = graph([node('a', 'test/pass'), node('b', 'test/pass', { title: 'B' })], [edge('ab', 'a.out', 'b.in'), edge('ba', 'b.out', 'a.in')]);
    const result = loadGraph(text(g), registry(pass));
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['ab']);
    expect(result.warnings).toMatchObject([{ code: 'cycle', path: 'edges[1]', message: 'wire "ba" was dropped: this wire would make a loop: Pass → B → Pass' }]);
  });

  it('warns about a value for a field the template lacks, keeping it so saving loses nothing', () => {
    const g = graph([node('v', VEO, { schemaHash: veo31.schemaHash, values: { prompt: 'hi', style: 'noir' } })]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.warnings).toMatchObject([{ code: 'unknown-field', path: 'nodes[0].values.style', message: 'Veo 3.1 (v) has no field "style"; its value is kept in the file but not sent' }]);
    expect(result.ok && result.graph.nodes[0]!.values).toEqual({ prompt: 'hi', style: 'noir' });
  });

  it('warns about values the schema does not allow, naming node and field', () => {
    const g = graph([node('v', VEO, { values: { resolution: '4k', generate_audio: 'yes', prompt: 'ok' } })]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.warnings.map(({ code, path, message }) => ({ code, path, message }))).toEqual([
      { code: 'invalid-value', path: 'nodes[0].values.resolution', message: 'Veo 3.1 (v) › Resolution: must be one of 720p, 1080p' },
      { code: 'invalid-value', path: 'nodes[0].values.generate_audio', message: 'Veo 3.1 (v) › Generate Audio: must be true or false' },
    ]);
  });

  it('does not report required fields that are missing or fed by wires, nor values a wire overrides', () => {
    const g = graph([node('t', 'weft/text'), node('v', VEO, { values: { prompt: 42 } })], [edge('e1', 't.text', 'v.prompt')]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.warnings).toEqual([]);
  });

  it('says when a node\'s schema changed even if no saved value is affected', () => {
    const g = graph([node('v', VEO, { schemaHash: 'old', values: { resolution: '1080p' } })]);
    expect(loadGraph(text(g), getTemplate).warnings).toMatchObject([{ code: 'schema-drift', message: 'Veo 3.1 (v) changed since this file was saved (no saved value is affected)' }]);
  });

  it('loads a generated graph of 5,000 nodes and 2,500 wires (about 6 MB) in well under two seconds', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) =>
      i % 2 ? node(`n${i}`, 'weft/preview') : node(`n${i}`, 'weft/text', { values: { text: 'a slow dolly shot at dusk '.repeat(80) } }),
    );
    const edges = Array.from({ length: 2500 }, (_, i) => edge(`e${i}`, `n${2 * i}.text`, `n${2 * i + 1}.media`));
    const file = saveGraph(graph(nodes, edges));
    const started = performance.now();
    const result = loadGraph(file, getTemplate);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.ok && result.graph.edges).toHaveLength(2500);
    expect(result.warnings).toEqual([]);
  });
});

describe('loadGraph: text templates, whose ports come from their own values', () => {
  const tpl = (template: string, values: Record<string, string> = {}) => node('tpl', 'weft/template', { values: { template, ...values } });
  const summary = (issues: { code: string; path: string; message: string }[]) => issues.map(({ code, path, message }) => ({ code, path, message }));

  it('keeps wires into placeholder ports and checks nothing else', () => {
    const g = graph([node('a', 'weft/text'), node('b', 'weft/text'), tpl('A {animal} in {place}'), node('p', 'weft/preview')], [
      edge('e1', 'a.text', 'tpl.animal'),
      edge('e2', 'b.text', 'tpl.place'),
      edge('e3', 'tpl.text', 'p.media'),
    ]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.warnings).toEqual([]);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('drops a wire into a placeholder the template no longer has, like any dangling wire, and flags its leftover value', () => {
    const g = graph([node('a', 'weft/text'), node('b', 'weft/text'), tpl('A {animal}', { place: 'the snow' })], [
      edge('e1', 'a.text', 'tpl.animal'),
      edge('e2', 'b.text', 'tpl.place'),
    ]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['e1']);
    expect(summary(result.warnings)).toEqual([
      { code: 'unknown-field', path: 'nodes[2].values.place', message: 'Text template (tpl) has no field "place"; its value is kept in the file but not sent' },
      { code: 'dangling-edge', path: 'edges[1].to.port', message: 'wire "e2" was dropped: Text template has no input "place"' },
    ]);
  });

  it('keeps the first of two wires into one placeholder', () => {
    const g = graph([node('a', 'weft/text'), node('b', 'weft/text'), tpl('{x}')], [edge('e1', 'a.text', 'tpl.x'), edge('e2', 'b.text', 'tpl.x')]);
    const result = loadGraph(text(g), getTemplate);
    expect(result.ok && result.graph.edges.map((e) => e.id)).toEqual(['e1']);
    expect(codes(result.warnings)).toEqual(['input-taken']);
  });

  it('warns about a placeholder value that is not text, naming it', () => {
    const g = graph([{ ...tpl('{count} foxes'), values: { template: '{count} foxes', count: 3 } }]);
    expect(summary(loadGraph(text(g), getTemplate).warnings)).toEqual([
      { code: 'invalid-value', path: 'nodes[0].values.count', message: 'Text template (tpl) › count: count must be text, not 3' },
    ]);
  });

  it('does not report a placeholder that has no value yet or is fed by a wire', () => {
    const g = graph([node('a', 'weft/text'), tpl('A {animal} in {place}', { place: 'overridden by the wire' })], [edge('e1', 'a.text', 'tpl.place')]);
    expect(loadGraph(text(g), getTemplate).warnings).toEqual([]);
  });
});
