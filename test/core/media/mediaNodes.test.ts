import { describe, expect, it } from 'vitest';
import { planRun } from '../../../src/core/executor/plan.ts';
import type { GraphNode } from '../../../src/core/model/graph.ts';
import { isLocalMediaNode, MEDIA_NODE_IDS } from '../../../src/core/media/mediaNodes.ts';
import { getBuiltinTemplate } from '../../../src/core/templates/builtins.ts';
import { edge, getTemplate, graph, node } from '../../support/templateBuilder.ts';

const ports = (id: string) => {
  const t = getBuiltinTemplate(id)!;
  return {
    wired: t.inputs.filter((f) => f.connectable).map((f) => `${f.name}:${f.kind}${f.list ? `[${f.list.min}+]` : ''}`),
    widgets: t.inputs.filter((f) => !f.portOnly).map((f) => f.name),
    outputs: t.outputs.map((o) => `${o.name}:${o.kind}${o.list ? '[]' : ''}`),
  };
};

describe('media nodes: ids and ports are a contract (README lists them)', () => {
  it.each([
    ['weft/video-frame', { wired: ['video:video', 'at:number'], widgets: ['frame', 'at', 'format'], outputs: ['image:image'] }],
    ['weft/video-trim', { wired: ['video:video', 'start:number', 'end:number'], widgets: ['start', 'end', 'exact'], outputs: ['video:video'] }],
    ['weft/video-concat', { wired: ['videos:video[2+]'], widgets: ['fit'], outputs: ['video:video'] }],
    ['weft/video-audio', { wired: ['video:video', 'audio:audio', 'offset:number'], widgets: ['mode', 'offset', 'volume'], outputs: ['video:video'] }],
    ['weft/audio-extract', { wired: ['video:video'], widgets: ['format'], outputs: ['audio:audio'] }],
    ['weft/image-fit', { wired: ['image:image', 'width:integer', 'height:integer'], widgets: ['width', 'height', 'aspect', 'fit', 'background', 'format'], outputs: ['image:image'] }],
    ['weft/media-info', { wired: ['media:json'], widgets: [], outputs: ['width:integer', 'height:integer', 'duration:number', 'fps:number', 'hasAudio:boolean'] }],
    ['weft/text-join', { wired: ['texts:text[1+]'], widgets: ['separator'], outputs: ['text:text'] }],
    ['weft/text-split', { wired: ['text:text'], widgets: ['text', 'separator', 'trim', 'skipEmpty'], outputs: ['texts:text[]'] }],
  ])('%s', (id, expected) => {
    expect(ports(id)).toEqual(expected);
    expect(getBuiltinTemplate(id)).toMatchObject({ provider: 'weft', category: 'Media' });
  });

  it('knows exactly these as local nodes', () => {
    expect(MEDIA_NODE_IDS).toHaveLength(9);
    expect(isLocalMediaNode('weft/video-frame')).toBe(true);
    expect(isLocalMediaNode('weft/text')).toBe(false);
    expect(isLocalMediaNode('runcomfy/x')).toBe(false);
  });

  it('media-info takes any media, not text', () => {
    expect(getBuiltinTemplate('weft/media-info')!.inputs[0]!.accepts).toEqual(['image', 'video', 'audio']);
  });
});

/** A graph with a video input feeding `type` (its values as given), plus any extra nodes and edges. */
function planFor(type: string, values: GraphNode['values'], extra: { nodes?: ReturnType<typeof node>[]; edges?: ReturnType<typeof edge>[] } = {}) {
  const port = type === 'weft/image-fit' ? 'image' : type === 'weft/video-concat' ? 'videos' : 'video';
  const source = type === 'weft/image-fit' ? node('src', 'weft/image', { values: { url: 'https://example.com/a.png' } }) : node('src', 'weft/video', { values: { url: 'https://example.com/a.mp4' } });
  const edges = [edge('e0', `src.${port === 'image' ? 'image' : 'video'}`, `m.${port}`, 0)];
  if (type === 'weft/video-concat') edges.push(edge('e0b', 'src.video', 'm.videos', 1));
  const g = graph([source, node('m', type, { values }), ...(extra.nodes ?? [])], [...edges, ...(extra.edges ?? [])]);
  return planRun(g, getTemplate).problems.map((p) => `${p.nodeId}.${p.field}: ${p.message}`);
}

describe('planning checks media nodes before anything runs', () => {
  it('passes sound settings', () => {
    expect(planFor('weft/video-frame', { frame: 'at', at: 1.5 })).toEqual([]);
    expect(planFor('weft/video-trim', { start: 1, end: 2.5 })).toEqual([]);
    expect(planFor('weft/image-fit', { width: 1024, aspect: '16:9' })).toEqual([]);
    expect(planFor('weft/video-concat', {})).toEqual([]);
  });

  it('reports bad seconds', () => {
    expect(planFor('weft/video-frame', { frame: 'at', at: -1 })).toEqual(['m.at: At (seconds) must be at least 0 (got -1)']);
    expect(planFor('weft/video-trim', { start: 'soon' })).toEqual(['m.start: Start (seconds) must be a number, not "soon"']);
    expect(planFor('weft/video-trim', { start: 1e9 })[0]).toMatch(/Start \(seconds\) must be at most 86400/);
  });

  it('reports an end before its start, including a start wired from another node', () => {
    expect(planFor('weft/video-trim', { start: 3, end: 2 })).toEqual(['m.end: End (2 s) must be after Start (3 s).']);
    const wired = planFor('weft/video-trim', { end: 2 }, {
      nodes: [node('n', 'weft/number', { values: { value: 4 } })],
      edges: [edge('e1', 'n.value', 'm.start')],
    });
    expect(wired).toEqual(['m.end: End (2 s) must be after Start (4 s).']);
  });

  it('reports impossible sizes', () => {
    expect(planFor('weft/image-fit', {})).toEqual(['m.width: Set a width, a height or an aspect ratio to fit the image to.']);
    expect(planFor('weft/image-fit', { width: 0 })).toEqual(['m.width: Width must be at least 1 (got 0)']);
    expect(planFor('weft/image-fit', { width: 9000 })).toEqual(['m.width: Width must be at most 8192 (got 9000)']);
    expect(planFor('weft/image-fit', { width: 8000, aspect: '9:21' })).toEqual(['m.width: That aspect ratio makes the other side 18667 px; it must be from 1 to 8192.']);
    expect(planFor('weft/image-fit', { width: 10, height: 10, aspect: '1:1' })[0]).toMatch(/^m.aspect: Width and height already fix the shape/);
    expect(planFor('weft/image-fit', { width: 10, background: 'red' })[0]).toMatch(/^m.background: Background must be a colour like #000000/);
    expect(planFor('weft/image-fit', { width: 10, background: 'transparent', format: 'jpeg' })).toEqual(['m.background: JPEG has no transparency; choose a colour or PNG.']);
  });

  it('does not blame a value that only a job upstream will give', () => {
    // A trim whose end comes from a provider job's output is unknown at planning: no problem reported for it.
    const problems = planFor('weft/video-trim', { start: 5 }, {
      nodes: [node('info', 'weft/media-info')],
      edges: [edge('e2', 'src.video', 'info.media'), edge('e3', 'info.duration', 'm.end')],
    });
    expect(problems).toEqual([]);
  });

  it('needs two videos to join and a video to take a frame from', () => {
    const g = graph([node('m', 'weft/video-concat'), node('f', 'weft/video-frame')]);
    const problems = planRun(g, getTemplate).problems.map((p) => `${p.nodeId}.${p.field}: ${p.message}`);
    expect(problems).toEqual(['m.videos: Videos is required', 'f.video: Video is required']);
  });
});
