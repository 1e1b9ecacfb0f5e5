import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../../src/core/executor/executor.ts';
import type { Graph, GraphNode } from '../../../src/core/model/graph.ts';
import type { NodeTemplate } from '../../../src/core/model/template.ts';
import { compileTemplate } from '../../../src/core/templates/compile.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { sha256HexSync } from '../../../src/core/sha256.ts';
import { builtins } from '../../support/templateBuilder.ts';
import { FakeProvider } from '../../executor/fakeProvider.ts';
import { VirtualClock } from '../../executor/virtualClock.ts';

/**
 * What the executor submits for a template compiled from a foreign schema: the request body in the
 * provider's shape (media wrapped, the chosen variant only), not the node's field values.
 */
const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/foreign-schemas', name), 'utf8')) as unknown;
const asFake = (t: NodeTemplate, endpoint: string): NodeTemplate => ({ ...t, id: `fake/${endpoint}`, provider: 'fake', endpoint });

async function submitted(template: NodeTemplate, values: Record<string, unknown>, image?: string): Promise<Record<string, unknown>> {
  const clock = new VirtualClock();
  const fake = new FakeProvider('fake', clock);
  const templates = new Map([...builtins, template].map((t) => [t.id, t]));
  const nodes: GraphNode[] = [{ id: 'n', type: template.id, position: { x: 0, y: 0 }, values: values as GraphNode['values'] }];
  const edges = [];
  if (image) {
    nodes.push({ id: 'img', type: 'weft/image', position: { x: 0, y: 0 }, values: { url: image } });
    edges.push({ id: 'e1', from: { node: 'img', port: 'image' }, to: { node: 'n', port: 'character' } });
  }
  const executor = createExecutor({
    getTemplate: (id) => templates.get(id), provider: (id) => (id === 'fake' ? fake : undefined),
    storage: createMemoryStorage(), clock, hash: async (d) => sha256HexSync(d), random: () => 0.5, concurrency: { fake: 1 },
  });
  const summary = await clock.run(executor.run({ format: 'weft.graph', version: 1, nodes, edges } as Graph, {}, () => {}).done);
  expect(summary.states.n).toBe('done');
  return [...fake.jobs.values()][0]!.input;
}

describe('the body the executor submits', () => {
  it('wraps a wired image into the object the schema wants and keeps constant tags (Runway act_two)', async () => {
    const t = asFake(compileTemplate(fixture('runway__character_performance.json')), 'act-two');
    const body = await submitted(t, { model: 'act_two', reference: 'https://x.test/perf.mp4' }, 'https://x.test/face.png');
    expect(body).toEqual({ model: 'act_two', character: { type: 'image', uri: 'https://x.test/face.png' }, reference: { type: 'video', uri: 'https://x.test/perf.mp4' }, bodyControl: true, expressionIntensity: 3 });
  });

  it('sends only the chosen variant\'s fields, and a media field\'s other form as it is (Runway keyframes)', async () => {
    const t = asFake(compileTemplate(fixture('runway__text_to_image.json')), 't2i');
    expect(await submitted(t, { model: 'gemini_2.5_flash', promptText: 'a cat', ratio: '1024:1024', seed: 7, referenceImages: ['https://x.test/r.png'] }))
      .toEqual({ model: 'gemini_2.5_flash', promptText: 'a cat', ratio: '1024:1024', referenceImages: [{ uri: 'https://x.test/r.png' }] });
    const i2v = asFake(compileTemplate(fixture('runway__image_to_video.openapi.json')), 'i2v');
    const keyframes = [{ uri: 'https://x.test/a.png', position: 'first' }, { uri: 'https://x.test/b.png', position: 'last' }];
    expect(await submitted(i2v, { model: 'gen4_turbo', ratio: '1280:720', promptImage: keyframes })).toMatchObject({ model: 'gen4_turbo', promptImage: keyframes, duration: 10 });
  });
});
