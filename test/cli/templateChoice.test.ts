import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/command.ts';

/** `weft template` on documents that hold several request schemas, and its report of unmapped fields. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, cwd: join(import.meta.dirname, '../fixtures/foreign-schemas') };
  return { code: await main(argv, io), out, err };
}

describe('weft template with a JSON pointer', () => {
  it('lists the request schemas of a document with no operations, each as a command to run', async () => {
    const { code, out, err } = await run('template', 'fal__components_only.openapi.json');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('weft template fal__components_only.openapi.json#/components/schemas/ImageToVideoInput   (Image to video)');
  });

  it('compiles the schema the pointer names', async () => {
    const { code, out } = await run('template', 'fal__components_only.openapi.json#/components/schemas/ImageToVideoInput');
    expect(code).toBe(0);
    const t = JSON.parse(out) as { title: string; inputs: { name: string; kind: string }[] };
    expect(t.title).toBe('Image to video');
    expect(t.inputs.map((f) => `${f.name}:${f.kind}`)).toEqual(['prompt:text', 'image_url:image', 'tail_image_url:image', 'duration:enum']);
  });

  it('says on stderr what it did with each field it could not map one to one, keeping stdout JSON', async () => {
    const { code, out, err } = await run('template', 'runway__image_to_video.openapi.json');
    expect(code).toBe(0);
    expect(() => JSON.parse(out) as unknown).not.toThrow();
    expect(err).toMatch(/3 fields not mapped one to one:\n {2}model: the request takes 3 shapes/);
  });

  it('names a pointer that leads nowhere', async () => {
    const { code, err } = await run('template', 'fal__components_only.openapi.json#/components/schemas/Nope');
    expect(code).toBe(1);
    expect(err).toContain('no schema at #/components/schemas/Nope');
  });
});
