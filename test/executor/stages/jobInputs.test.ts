import { describe, expect, it } from 'vitest';
import { buildPayload, jobKeyOf, logicalInputs, materialise, randomSeedFields, resolveInputs, type InputsContext, type JobIdentity } from '../../../src/core/executor/jobInputs.ts';
import { planRun } from '../../../src/core/executor/plan.ts';
import { sha256Hex } from '../../../src/core/sha256.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { TEMPLATES, graph, node, wire } from '../support/fakeRig.ts';

/** The job inputs stage alone: files to blobs, the job key, the payload. */

const ctx = (): InputsContext => ({ blobs: createMemoryStorage().blobs, hash: sha256Hex, readLocal: async (ref) => ({ bytes: new TextEncoder().encode(`file ${ref}`), mimeType: 'image/png' }), dryRun: false });
const identity = (extra: Partial<JobIdentity> = {}): JobIdentity => ({ graphId: 'g', nodeId: 'n', take: '', provider: 'fake', endpoint: 'text-to-image', schemaHash: 'h', inputs: { prompt: 'a fox' }, ...extra });
const plannedImage = (values: Record<string, unknown>) => {
  const plan = planRun(graph([node('t', 'weft/text', { text: 'a fox' }), node('g', 'fake/text-to-image', values)], [wire('t', 'text', 'g', 'prompt')]), (id) => TEMPLATES.get(id));
  return plan.nodes.get('g')!;
};

describe('job inputs', () => {
  it('the job key changes with the graph, the node, the take, the endpoint, the schema and any input', async () => {
    const base = await jobKeyOf(identity(), sha256Hex);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await jobKeyOf(identity(), sha256Hex)).toBe(base);
    for (const change of [{ graphId: 'g2' }, { nodeId: 'n2' }, { take: 'row-2' }, { endpoint: 'x' }, { schemaHash: 'h2' }, { inputs: { prompt: 'a fox ' } }]) {
      expect(await jobKeyOf(identity(change), sha256Hex)).not.toBe(base);
    }
    // Key order never matters.
    expect(await jobKeyOf(identity({ inputs: { a: 1, b: 2 } }), sha256Hex)).toBe(await jobKeyOf(identity({ inputs: { b: 2, a: 1 } }), sha256Hex));
  });

  it('a seed left empty, null or -1 is random (not an input); a set seed is an input', async () => {
    for (const seed of [undefined, null, -1, '-1', '']) {
      const p = plannedImage(seed === undefined ? {} : { seed });
      expect(randomSeedFields(p, logicalInputs(p, {}))).toEqual(['seed']);
    }
    const fixed = plannedImage({ seed: 7 });
    expect(randomSeedFields(fixed, logicalInputs(fixed, {}))).toEqual([]);
    expect(logicalInputs(fixed, {})).toMatchObject({ seed: 7 });
  });

  it('local files and data: URIs become content-addressed blobs; a dry run only hashes', async () => {
    const c = ctx();
    const local = await materialise({ kind: 'image', local: 'photos/a.png' }, c);
    expect(local).toMatchObject({ kind: 'image', mimeType: 'image/png', blob: await sha256Hex('file photos/a.png') });
    expect(await c.blobs.has(local.blob!)).toBe(true);
    const data = await materialise({ kind: 'image', url: 'data:image/png;base64,AAEC' }, c);
    expect(data.blob).toBe(await sha256Hex(new Uint8Array([0, 1, 2])));
    const dry = { ...ctx(), dryRun: true };
    const hashed = await materialise({ kind: 'image', local: 'b.png' }, dry);
    expect(await dry.blobs.has(hashed.blob!)).toBe(false);
  });

  it('a media field’s widget value is read like a wire; the payload asks the provider rule for each media value', async () => {
    const plan = planRun(graph([node('v', 'fake/image-to-video', { image: 'photos/a.png', prompt: 'go' })], []), (id) => TEMPLATES.get(id));
    const p = plan.nodes.get('v')!;
    const resolved = await resolveInputs(p, {}, ctx());
    expect(resolved.image![0]).toMatchObject({ kind: 'image', blob: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(logicalInputs(p, resolved)).toEqual({ image: { media: resolved.image![0]!.kind === 'image' && (resolved.image![0] as { blob: string }).blob }, prompt: 'go' });
    const payload = await buildPayload(p, resolved, async (v) => `https://uploaded/${(v as { blob: string }).blob.slice(0, 8)}`);
    expect(payload).toEqual({ image: expect.stringMatching(/^https:\/\/uploaded\/[0-9a-f]{8}$/), prompt: 'go' });
  });
});
