import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/cli/loadTemplates.ts';
import { loadGraph } from '../../src/core/document/loadGraph.ts';
import { saveGraph } from '../../src/core/document/saveGraph.ts';
import { findSecrets } from '../../src/core/document/findSecrets.ts';
import { planRun } from '../../src/core/executor/plan.ts';

const DIR = new URL('../../public/examples/', import.meta.url);
const index = JSON.parse(readFileSync(new URL('index.json', DIR), 'utf8')) as { file: string; title: string; description: string; providers: string[] }[];
const files = readdirSync(DIR).filter((f) => f.endsWith('.weft.json')).sort();
const read = (file: string) => readFileSync(new URL(file, DIR), 'utf8');

describe('the examples gallery', () => {
  it('lists every example file exactly once, with a title and a description', () => {
    expect(index.map((e) => e.file).sort()).toEqual(files);
    for (const e of index) {
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.description.length).toBeGreaterThan(20);
    }
  });

  it('covers the three endpoints of the brief', () => {
    const types = new Set(files.flatMap((f) => (JSON.parse(read(f)) as { nodes: { type: string }[] }).nodes.map((n) => n.type)));
    expect([...types]).toEqual(expect.arrayContaining([
      'runcomfy/google-deepmind/veo-3-1/reference-to-video',
      'runcomfy/google-deepmind/veo-3/image-to-video',
      'runninghub/rhart-video-v3.1-pro-official/reference-to-video',
    ]));
  });

  it.each(files)('%s loads with the real templates without a warning, is saved canonically and plans without a problem', async (file) => {
    const templates = await loadTemplates();
    const text = read(file);
    const result = loadGraph(text, (type) => templates.get(type));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    if (!result.ok) return;
    expect(saveGraph(result.graph)).toBe(text);
    expect(findSecrets(result.graph)).toEqual([]);
    const plan = planRun(result.graph, (type) => templates.get(type));
    expect(plan.problems).toEqual([]);
    expect(plan.order.length).toBe(result.graph.nodes.filter((n) => n.type !== 'weft/note').length);
  });
});
