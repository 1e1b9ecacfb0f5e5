import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/command.ts';

/** Runs the CLI in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; }, cwd: join(import.meta.dirname, '../fixtures') };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('weft nodes', () => {
  it('lists endpoints matching every word of the query with id, title and output kind', async () => {
    const { code, out } = await run('nodes', 'veo', 'reference');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.some((l) => /^runcomfy\/google-deepmind\/veo-3-1\/reference-to-video\s+.*Veo 3\.1.*\s+video$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('runninghub/rhart-video-v3.1-pro-official/reference-to-video'))).toBe(true);
    expect(lines.every((l) => /veo/i.test(l))).toBe(true);
  });

  it('searches like the palette: dashes, underscores and slashes count as spaces', async () => {
    const { code, out } = await run('nodes', 'google deepmind veo 3 1 reference to video');
    expect(code).toBe(0);
    expect(out.trim().split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['runcomfy/google-deepmind/veo-3-1/reference-to-video']);
  });

  it('prints JSON rows with --json and lists built-ins too', async () => {
    const { code, out } = await run('nodes', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { id: string; title: string; output: string }[];
    expect(rows.length).toBeGreaterThan(420);
    expect(rows.find((r) => r.id === 'weft/text')).toEqual({ id: 'weft/text', title: 'Text', output: 'text' });
  });

  it('exits 1 and says so when nothing matches', async () => {
    const { code, err } = await run('nodes', 'no-such-model-anywhere');
    expect(code).toBe(1);
    expect(err).toMatch(/No node matches/);
  });
});

describe('weft template', () => {
  it('prints a catalog node\'s template as JSON', async () => {
    const { code, out } = await run('template', 'runcomfy/google-deepmind/veo-3-1/reference-to-video');
    expect(code).toBe(0);
    const t = JSON.parse(out);
    expect(t).toMatchObject({ id: 'runcomfy/google-deepmind/veo-3-1/reference-to-video', provider: 'runcomfy', outputs: [{ name: 'video', kind: 'video' }] });
    expect(t.inputs).toContainEqual(expect.objectContaining({ name: 'image_urls', kind: 'image', required: true, list: { min: 1, max: 10 } }));
    expect(t.inputs).toContainEqual(expect.objectContaining({ name: 'resolution', kind: 'enum', required: false, default: '720p', options: ['720p', '1080p'] }));
  });

  it('compiles a schema file: OpenAPI, Replicate, RunningHub entry or RunComfy entry', async () => {
    for (const file of [
      'reference-schemas/fal__fal-ai_seedvr_upscale_image.json',
      'reference-schemas/replicate__black-forest-labs_flux-2-pro.json',
      'reference-schemas/runninghub__kling-v3.0-pro_image-to-video.json',
      'reference-schemas/runcomfy__google_nano-banana-2-lite_edit.json',
    ]) {
      const { code, out, err } = await run('template', file);
      expect(code, `${file}: ${err}`).toBe(0);
      const t = JSON.parse(out);
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['id', 'title', 'provider', 'inputs', 'outputs']));
      expect(t.inputs.length).toBeGreaterThan(0);
    }
  });

  it('explains an unknown id and suggests near ones', async () => {
    const { code, err } = await run('template', 'runcomfy/google-deepmind/veo-9/reference-to-video');
    expect(code).toBe(2);
    expect(err).toMatch(/neither a known node id nor a readable file/);
    expect(err).toMatch(/veo-3-1\/reference-to-video/);
  });

  it('refuses a file that is not a schema with a clear error', async () => {
    const { code, err } = await run('template', 'brief-endpoints.json');
    expect(code).toBe(1);
    expect(err).toMatch(/Not a schema Weft recognises/);
  });
});
