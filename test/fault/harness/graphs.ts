import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { png } from '../../support/png.ts';

/**
 * The small graphs the fault suite runs, written as a user's graph files. Every prompt carries a tag
 * `[n:<node>]` (`[n:<node>/r<row>]` in a batch) so the fault provider can say which node a submit
 * belongs to. Node types are real catalog nodes: RunComfy's FLUX 2 Klein text-to-image and Veo 3
 * image-to-video, RunningHub's Veo 3.1 Pro reference-to-video with its seed left empty (random).
 */

export interface GraphNode {
  id: string;
  type: string;
  title?: string;
  values: Record<string, unknown>;
}

export interface Edge {
  from: [string, string];
  to: [string, string];
  index?: number;
}

export const RC_IMAGE = 'runcomfy/blackforestlabs/flux-2-klein/4b/text-to-image';
export const RC_VIDEO = 'runcomfy/google-deepmind/veo-3/image-to-video';
export const RH_VEO = 'runninghub/rhart-video-v3.1-pro-official/reference-to-video';

export const text = (id: string, value: string, title?: string): GraphNode => ({ id, type: 'weft/text', ...(title ? { title } : {}), values: { text: value } });
export const image = (id: string, url: string): GraphNode => ({ id, type: 'weft/image', values: { url } });
export const rcImage = (id: string, title?: string): GraphNode => ({ id, type: RC_IMAGE, ...(title ? { title } : {}), values: { width: 512, height: 512 } });
export const rcVideo = (id: string): GraphNode => ({ id, type: RC_VIDEO, values: { generateAudio: false } });
/** Veo 3.1 Pro with `seed` left empty: its default, and a random seed at the provider. */
export const rhVeo = (id: string): GraphNode => ({ id, type: RH_VEO, values: { resolution: '720p', generateAudio: false } });
export const save = (id: string, pattern: string): GraphNode => ({ id, type: 'weft/save', values: { filename: pattern } });

export function graphFile(name: string, nodes: readonly GraphNode[], edges: readonly Edge[]): string {
  return `${JSON.stringify(
    {
      format: 'weft.graph',
      version: 1,
      name,
      nodes: nodes.map((n, i) => ({ id: n.id, type: n.type, ...(n.title ? { title: n.title } : {}), position: { x: 300 * (i % 4), y: 200 * Math.floor(i / 4) }, values: n.values })),
      edges: edges.map((e, i) => ({ id: `e${i + 1}`, from: { node: e.from[0], port: e.from[1] }, to: { node: e.to[0], port: e.to[1] }, ...(e.index !== undefined ? { index: e.index } : {}) })),
    },
    null,
    2,
  )}\n`;
}

/** A graph to run, the files beside it, and the generation nodes whose jobs the suite follows. */
export interface Scenario {
  name: string;
  graph: string;
  /** Other files in the graph's folder (input images, a batch file). */
  files: Record<string, Buffer | string>;
  /** Generation node ids (`node/rN` per batch row). */
  jobs: string[];
  /** A batch file among `files`, run with `--batch`. */
  batch?: string;
  /** It uploads a local file (RunningHub) before submitting. */
  uploads?: boolean;
}

export const GRAPH_FILE = 'graph.weft.json';

export async function writeScenario(dir: string, scenario: Scenario): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, GRAPH_FILE), scenario.graph);
  for (const [name, content] of Object.entries(scenario.files)) await writeFile(path.join(dir, name), content);
  return path.join(dir, GRAPH_FILE);
}

/** Prompt → RunComfy image → save. */
export function runComfyImage(label: string): Scenario {
  return {
    name: 'runcomfy-image',
    graph: graphFile(label, [text('p', `A lighthouse at dawn (${label}) [n:img]`), rcImage('img'), save('s', 'img-{index}')], [
      { from: ['p', 'text'], to: ['img', 'prompt'] },
      { from: ['img', 'image'], to: ['s', 'media'] },
    ]),
    files: {},
    jobs: ['img'],
  };
}

/** A local image (uploaded) and a prompt → RunningHub Veo 3.1 Pro with an empty seed → save. */
export function runningHubVeo(label: string): Scenario {
  return {
    name: 'runninghub-veo-random-seed',
    graph: graphFile(label, [image('ref', 'ref.png'), text('p', `The figure turns to the camera (${label}) [n:veo]`), rhVeo('veo'), save('s', 'veo-{index}')], [
      { from: ['ref', 'image'], to: ['veo', 'imageUrls'], index: 0 },
      { from: ['p', 'text'], to: ['veo', 'prompt'] },
      { from: ['veo', 'video'], to: ['s', 'media'] },
    ]),
    files: { 'ref.png': png(200, 120, 40) },
    jobs: ['veo'],
    uploads: true,
  };
}

/** RunComfy image → RunningHub Veo 3.1 Pro (empty seed), both saved: a chain across providers. */
export function imageToVideoChain(label: string): Scenario {
  return {
    name: 'chain-image-to-video',
    graph: graphFile(label, [text('p1', `A red kite over dunes (${label}) [n:img]`), rcImage('img'), text('p2', `The kite climbs and loops (${label}) [n:veo]`), rhVeo('veo'), save('s1', 'img-{index}'), save('s2', 'veo-{index}')], [
      { from: ['p1', 'text'], to: ['img', 'prompt'] },
      { from: ['img', 'image'], to: ['veo', 'imageUrls'], index: 0 },
      { from: ['p2', 'text'], to: ['veo', 'prompt'] },
      { from: ['img', 'image'], to: ['s1', 'media'] },
      { from: ['veo', 'video'], to: ['s2', 'media'] },
    ]),
    files: {},
    jobs: ['img', 'veo'],
  };
}

/** Prompt → RunComfy image → save, one run per row of a CSV batch (`p.text` per row). */
export function runComfyBatch(label: string, rows: number): Scenario {
  const lines = ['p.text', ...Array.from({ length: rows }, (_, i) => `"Row ${i + 1}: a paper boat on a pond (${label}) [n:img/r${i + 1}]"`)];
  return {
    name: `runcomfy-batch-${rows}`,
    graph: graphFile(label, [text('p', 'set per row'), rcImage('img'), save('s', 'img-{index}')], [
      { from: ['p', 'text'], to: ['img', 'prompt'] },
      { from: ['img', 'image'], to: ['s', 'media'] },
    ]),
    files: { 'rows.csv': `${lines.join('\n')}\n` },
    jobs: Array.from({ length: rows }, (_, i) => `img/r${i + 1}`),
    batch: 'rows.csv',
  };
}

/** Two identical RunComfy image nodes side by side (one prompt feeds both): two takes, two jobs. */
export function twinImages(label: string): Scenario {
  return {
    name: 'twin-images',
    graph: graphFile(label, [text('p', `Two takes of a harbour at night (${label}) [n:twin]`), rcImage('a'), rcImage('b'), save('sa', 'a-{index}'), save('sb', 'b-{index}')], [
      { from: ['p', 'text'], to: ['a', 'prompt'] },
      { from: ['p', 'text'], to: ['b', 'prompt'] },
      { from: ['a', 'image'], to: ['sa', 'media'] },
      { from: ['b', 'image'], to: ['sb', 'media'] },
    ]),
    files: {},
    jobs: ['a', 'b'],
  };
}

/** A RunComfy image and a RunningHub Veo 3.1 Pro side by side (independent): both providers in one run. */
export function bothProviders(label: string, titles: { image?: string; video?: string } = {}): Scenario {
  return {
    name: 'both-providers',
    graph: graphFile(label, [text('p1', `A glass teapot (${label}) [n:img]`), rcImage('img', titles.image), image('ref', 'ref.png'), text('p2', `Steam rises (${label}) [n:veo]`), { ...rhVeo('veo'), ...(titles.video ? { title: titles.video } : {}) }, save('s1', 'img-{index}'), save('s2', 'veo-{index}')], [
      { from: ['p1', 'text'], to: ['img', 'prompt'] },
      { from: ['ref', 'image'], to: ['veo', 'imageUrls'], index: 0 },
      { from: ['p2', 'text'], to: ['veo', 'prompt'] },
      { from: ['img', 'image'], to: ['s1', 'media'] },
      { from: ['veo', 'video'], to: ['s2', 'media'] },
    ]),
    files: { 'ref.png': png(10, 200, 90) },
    jobs: ['img', 'veo'],
    uploads: true,
  };
}

/** A local image named by `url` (a path the test chooses) → RunComfy Veo 3 image-to-video → save. */
export function localImageToVideo(label: string, url: string): Scenario {
  return {
    name: 'local-image-to-video',
    graph: graphFile(label, [image('ref', url), text('p', `The scene comes alive (${label}) [n:vid]`), rcVideo('vid'), save('s', 'vid-{index}')], [
      { from: ['ref', 'image'], to: ['vid', 'image'] },
      { from: ['p', 'text'], to: ['vid', 'prompt'] },
      { from: ['vid', 'video'], to: ['s', 'media'] },
    ]),
    files: {},
    jobs: ['vid'],
  };
}
