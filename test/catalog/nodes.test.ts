import { wireKinds } from '../../scripts/catalog/writeNodes.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zDefinition, type Definition } from '../../src/core/model/definition.ts';

const nodesDir = fileURLToPath(new URL('../../nodes/', import.meta.url));

interface NodeFile { path: string; text: string; def: Definition }

/** Every generated definition file under nodes/<provider>/ (index.json excluded), parsed. */
function readNodeFiles(): NodeFile[] {
  return readdirSync(nodesDir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => relative(nodesDir, file) !== 'index.json')
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      return { path: relative(nodesDir, file).split(sep).join('/'), text, def: JSON.parse(text) as Definition };
    });
}

const files = readNodeFiles();
const byId = new Map(files.map((f) => [f.def.id, f.def]));

describe('generated nodes/', () => {
  it('every file parses as a Definition', () => {
    const bad = files.flatMap((f) => {
      const r = zDefinition.safeParse(f.def);
      return r.success ? [] : [`${f.path}: ${r.error.issues[0]?.message}`];
    });
    expect(bad).toEqual([]);
  });

  it('every id is unique and is the file path without .json', () => {
    expect(new Set(files.map((f) => f.def.id)).size).toBe(files.length);
    for (const f of files) expect(`${f.def.id}.json`).toBe(f.path);
  });

  it('no two paths differ only by letter case, so the tree checks out on macOS and Windows', () => {
    expect(new Set(files.map((f) => f.path.toLowerCase())).size).toBe(files.length);
  });

  it('holds 120 catalog + 2 brief RunComfy endpoints and 299 RunningHub endpoints (brief one not duplicated)', () => {
    const count = (p: string) => files.filter((f) => f.def.provider === p).length;
    expect(count('runcomfy')).toBe(122);
    expect(count('runninghub')).toBe(299);
    expect(byId.has('runcomfy/google-deepmind/veo-3-1/reference-to-video')).toBe(true);
    expect(byId.has('runcomfy/google-deepmind/veo-3/image-to-video')).toBe(true);
  });

  it('files are deterministic: 2-space JSON with a trailing newline and keys in the fixed order', () => {
    const order = ['id', 'provider', 'endpoint', 'title', 'category', 'description', 'output', 'inputSchema', 'source', 'notes', 'pricing'];
    for (const f of files) {
      expect(f.text).toBe(`${JSON.stringify(f.def, null, 2)}\n`);
      const keys = Object.keys(f.def);
      expect(keys).toEqual(order.filter((k) => keys.includes(k)));
    }
  });

  it('categories follow <Media>/<Task> with a known medium', () => {
    for (const f of files) expect(f.def.category).toMatch(/^(Video|Image|Audio|3D|Text)\/[A-Z0-9][^/]*$/);
  });

  it('index.json lists every node once, sorted by id, with title, provider, category, output kind and the kinds its ports accept', () => {
    const index = JSON.parse(readFileSync(join(nodesDir, 'index.json'), 'utf8')) as Array<Record<string, string>>;
    const ids = index.map((r) => r.id ?? '');
    expect(ids).toEqual([...byId.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const row of index) {
      const def = byId.get(row.id ?? '')!;
      expect(row).toEqual({ id: def.id, title: def.title, provider: def.provider, category: def.category, output: def.output.kind, accepts: wireKinds(def) });
    }
    const veo = index.find((r) => r.id === 'runcomfy/google-deepmind/veo-3-1/reference-to-video');
    expect(veo?.accepts).toEqual(expect.arrayContaining(['image', 'text']));
  });

  it('marks output.list only where a count input allows more than one result', () => {
    const lists = files.filter((f) => f.def.output.list).map((f) => f.def.id);
    expect(lists).toContain('runcomfy/wan-ai/wan-2.7/text-to-image');
    expect(lists).toContain('runninghub/seedream-v4/text-to-image');
    expect(lists).not.toContain('runcomfy/google-deepmind/veo-3-1/reference-to-video');
  });
});

describe('the brief RunningHub endpoint rhart-video-v3.1-pro-official/reference-to-video', () => {
  const def = byId.get('runninghub/rhart-video-v3.1-pro-official/reference-to-video');
  const props = def?.inputSchema.properties as Record<string, Record<string, unknown>>;

  it('takes 1–3 JPG/PNG images of at most 10 MB as an array', () => {
    expect(props.imageUrls).toMatchObject({
      type: 'array', items: { type: 'string', format: 'image_uri' }, minItems: 1, maxItems: 3, 'x-accept': ['JPG', 'PNG'], 'x-max-size-mb': 10,
    });
  });

  it('offers resolution 720p|1080p|4k defaulting to 1080p, generateAudio defaulting to false, prompt up to 8000 chars', () => {
    expect(props.resolution).toMatchObject({ type: 'string', enum: ['720p', '1080p', '4k'], default: '1080p' });
    expect(props.generateAudio).toMatchObject({ type: 'boolean', default: false });
    expect(props.prompt).toMatchObject({ type: 'string', maxLength: 8000 });
  });

  it('requires prompt and imageUrls, keeps negativePrompt and seed optional, and outputs one video', () => {
    expect(def?.inputSchema.required).toEqual(expect.arrayContaining(['prompt', 'imageUrls']));
    expect(def?.inputSchema.required).not.toContain('negativePrompt');
    expect(def?.inputSchema.required).not.toContain('seed');
    expect(def?.output).toEqual({ kind: 'video', list: false });
  });
});

describe('the brief RunComfy Veo endpoints', () => {
  it('keep their documented input schemas verbatim', () => {
    const ref = byId.get('runcomfy/google-deepmind/veo-3-1/reference-to-video')?.inputSchema as Record<string, Record<string, Record<string, unknown>>>;
    expect(ref.required).toEqual(['prompt', 'image_urls']);
    expect(ref.properties?.image_urls).toMatchObject({ minItems: 1, maxItems: 10, items: { format: 'image_uri' } });
    expect(ref.properties?.duration).toMatchObject({ type: 'integer', enum: [8], default: 8 });
    expect(ref.properties?.generate_audio).toMatchObject({ default: true });
    const i2v = byId.get('runcomfy/google-deepmind/veo-3/image-to-video')?.inputSchema as Record<string, Record<string, Record<string, unknown>>>;
    expect(i2v.properties?.prompt).toMatchObject({ maxLength: 1999, validations: expect.any(Array) });
    expect(i2v.properties?.generateAudio).toMatchObject({ type: 'boolean', default: false });
  });
});
