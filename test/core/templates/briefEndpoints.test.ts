import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../../src/cli/loadTemplates.ts';
import type { Field, NodeTemplate } from '../../../src/core/model/template.ts';

/** The three endpoints of the original brief, field for field as ../shared/PROVIDERS.md documents them. */
const templates = await loadTemplates();
const get = (id: string): NodeTemplate => {
  const t = templates.get(id);
  if (!t) throw new Error(`missing ${id}`);
  return t;
};
const fields = (t: NodeTemplate) => Object.fromEntries(t.inputs.map((f) => [f.name, f])) as Record<string, Field>;

describe('RunComfy google-deepmind/veo-3-1/reference-to-video', () => {
  const t = get('runcomfy/google-deepmind/veo-3-1/reference-to-video');
  const f = fields(t);

  it('has exactly the documented fields', () => {
    expect(t.inputs.map((i) => i.name)).toEqual(['prompt', 'image_urls', 'duration', 'resolution', 'generate_audio']);
  });
  it('requires a prompt and 1–10 images', () => {
    expect(f.prompt).toMatchObject({ kind: 'text', required: true });
    expect(f.image_urls).toMatchObject({ kind: 'image', required: true, list: { min: 1, max: 10 } });
  });
  it('offers duration 8 (integer, default 8), resolution 720p|1080p (default 720p), audio on by default', () => {
    expect(f.duration).toMatchObject({ kind: 'enum', valueType: 'integer', default: 8, required: false });
    expect(f.duration!.options!.map((o) => o.value)).toEqual([8]);
    expect(f.resolution).toMatchObject({ kind: 'enum', default: '720p', required: false });
    expect(f.resolution!.options!.map((o) => o.value)).toEqual(['720p', '1080p']);
    expect(f.generate_audio).toMatchObject({ kind: 'boolean', default: true, required: false });
  });
  it('returns a video', () => {
    expect(t.outputs).toEqual([{ name: 'video', kind: 'video' }]);
  });
});

describe('RunComfy google-deepmind/veo-3/image-to-video', () => {
  const t = get('runcomfy/google-deepmind/veo-3/image-to-video');
  const f = fields(t);

  it('has exactly the documented fields', () => {
    expect(t.inputs.map((i) => i.name)).toEqual(['image', 'prompt', 'generateAudio']);
  });
  it('takes the required plain-string image as an image', () => {
    expect(f.image).toMatchObject({ kind: 'image', required: true });
    expect(f.image!.list).toBeUndefined();
  });
  it('limits the prompt to 1–1999 characters with the provider\'s rules', () => {
    expect(f.prompt).toMatchObject({ kind: 'text', required: true, maxLength: 1999 });
    expect(f.prompt!.rules).toEqual([
      { rule: 'length<=', value: 2000, message: 'The prompt must be 2000 characters or less.' },
      { rule: 'length>=', value: 1, message: 'The prompt must be at least 1 characters long.' },
    ]);
    const problems = t.validate({ image: 'https://x.test/a.png', prompt: 'x'.repeat(2001) });
    expect(problems.map((p) => p.message)).toContain('The prompt must be 2000 characters or less.');
    expect(problems.every((p) => p.field === 'prompt')).toBe(true);
  });
  it('has audio off by default', () => {
    expect(f.generateAudio).toMatchObject({ kind: 'boolean', default: false, required: false });
  });
  it('returns a video', () => {
    expect(t.outputs).toEqual([{ name: 'video', kind: 'video' }]);
  });
});

describe('RunningHub rhart-video-v3.1-pro-official/reference-to-video', () => {
  const t = get('runninghub/rhart-video-v3.1-pro-official/reference-to-video');
  const f = fields(t);

  it('has exactly the documented fields, in the registry\'s order', () => {
    expect(t.inputs.map((i) => i.name)).toEqual(['prompt', 'imageUrls', 'negativePrompt', 'seed', 'resolution', 'generateAudio']);
  });
  it('requires a prompt of at most 8000 characters and 1–3 JPG/PNG images of at most 10 MB', () => {
    expect(f.prompt).toMatchObject({ kind: 'text', required: true, maxLength: 8000 });
    expect(f.imageUrls).toMatchObject({ kind: 'image', required: true, list: { min: 1, max: 3 }, accept: ['JPG', 'PNG'], maxSizeMb: 10 });
  });
  it('offers resolution 720p|1080p|4k (default 1080p) and audio off by default', () => {
    expect(f.resolution).toMatchObject({ kind: 'enum', default: '1080p' });
    expect(f.resolution!.options!.map((o) => o.value)).toEqual(['720p', '1080p', '4k']);
    expect(f.generateAudio).toMatchObject({ kind: 'boolean', default: false });
  });
  it('has an optional negative prompt and seed', () => {
    expect(f.negativePrompt).toMatchObject({ kind: 'text', required: false });
    expect(f.seed).toMatchObject({ kind: 'integer', required: false });
  });
  it('accepts the documentation\'s example body', () => {
    expect(t.validate({
      prompt: 'Use the first image as the background.',
      imageUrls: ['https://www.runninghub.cn/view?filename=example.jpg&type=input'],
      resolution: '1080p',
      generateAudio: false,
    })).toEqual([]);
  });
  it('refuses a fourth image', () => {
    const problems = t.validate({ prompt: 'p', imageUrls: ['https://a/1', 'https://a/2', 'https://a/3', 'https://a/4'], resolution: '4k', generateAudio: true });
    expect(problems).toEqual([{ field: 'imageUrls', message: 'Image URLs takes at most 3 images (it has 4)', code: 'too_big' }]);
  });
  it('returns a video', () => {
    expect(t.outputs).toEqual([{ name: 'video', kind: 'video' }]);
  });
});
