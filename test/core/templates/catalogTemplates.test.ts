import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitions } from '../../../src/cli/loadTemplates.ts';
import { compileDefinition, compileTemplate } from '../../../src/core/templates/compile.ts';
import { isObject } from '../../../src/core/templates/resolve.ts';

const definitions = await loadDefinitions();

describe('every endpoint in nodes/', () => {
  it('has both providers\' catalogs', () => {
    expect(definitions.filter((d) => d.provider === 'runcomfy').length).toBeGreaterThanOrEqual(120);
    expect(definitions.filter((d) => d.provider === 'runninghub').length).toBeGreaterThanOrEqual(299);
  });

  it('compiles into a template that keeps every property as a field', () => {
    for (const def of definitions) {
      const t = compileDefinition(def);
      const props = isObject(def.inputSchema.properties) ? Object.keys(def.inputSchema.properties) : [];
      expect(t.inputs.map((f) => f.name).sort(), def.id).toEqual([...props].sort());
      expect(t.outputs, def.id).toHaveLength(1);
      expect(t.outputs[0]!.name, def.id).toBe(t.outputs[0]!.kind);
      expect(t.id).toBe(def.id);
    }
  });

  it('turns every provider media format into a media field', () => {
    for (const def of definitions) {
      const t = compileDefinition(def);
      const props = def.inputSchema.properties as Record<string, Record<string, unknown>>;
      for (const f of t.inputs) {
        const format = String(props[f.name]?.format ?? (props[f.name]?.items as Record<string, unknown> | undefined)?.format ?? '');
        const m = /^(image|video|audio)_uris?$/.exec(format);
        if (m) expect(f.kind, `${def.id} ${f.name}`).toBe(m[1]);
      }
    }
  });

  it('accepts each endpoint\'s own defaults (a fresh node is not born invalid)', () => {
    for (const def of definitions) {
      const t = compileDefinition(def);
      const payload = Object.fromEntries(t.inputs.filter((f) => f.default !== undefined && !f.required).map((f) => [f.name, f.default]));
      const problems = t.validate(payload).filter((p) => p.code !== 'required');
      expect(problems, def.id).toEqual([]);
    }
  });
});

describe('every reference schema (other shapes a user may paste)', () => {
  const dir = join(import.meta.dirname, '../../fixtures/reference-schemas');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(`compiles ${file} into a usable node`, () => {
      const t = compileTemplate(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      expect(t.inputs.length).toBeGreaterThan(0);
      expect(t.outputs).toHaveLength(1);
      expect(t.id).toMatch(/^[a-z]+\/.+/);
      expect(t.validate({})).toBeInstanceOf(Array);
    });
  }

  it('reads fal\'s anyOf [$ref | enum | null] image_size as an optional choice with a note', () => {
    const t = compileTemplate(JSON.parse(readFileSync(join(dir, 'fal__fal-ai_flux-2_klein_9b_edit.json'), 'utf8')));
    const size = t.inputs.find((f) => f.name === 'image_size')!;
    expect(size).toMatchObject({ kind: 'enum', required: false });
    expect(size.note).toMatch(/Image Size, Preset/);
    expect(size.forms?.map((f) => f.kind)).toEqual(['json', 'enum']);
    expect(t.inputs.find((f) => f.name === 'image_urls')).toMatchObject({ kind: 'image', list: { min: 1 }, required: true });
    expect(t.inputs.map((f) => f.name).slice(0, 3)).toEqual(['prompt', 'seed', 'num_inference_steps']);
    expect(t.outputs).toEqual([{ name: 'image', kind: 'image', list: true }]);
  });

  it('reads Replicate\'s allOf-$ref enums, x-order and a format:uri audio input', () => {
    const t = compileTemplate(JSON.parse(readFileSync(join(dir, 'replicate__lucataco_xtts-v2.json'), 'utf8')));
    expect(t.inputs.map((f) => [f.name, f.kind])).toEqual([['text', 'text'], ['speaker', 'audio'], ['language', 'enum'], ['cleanup_voice', 'boolean']]);
    expect(t.inputs.find((f) => f.name === 'language')?.default).toBe('en');
    expect(t.outputs[0]?.kind).toBe('audio');
  });

  it('reads a RunningHub Apifox operation with x-apifox-orders and numeric-string enums', () => {
    const t = compileTemplate(JSON.parse(readFileSync(join(dir, 'runninghub__rhart-video-v3.1-pro-official_text-to-video.json'), 'utf8')));
    expect(t.id).toBe('runninghub/rhart-video-v3.1-pro-official/text-to-video');
    expect(t.inputs.map((f) => f.name)).toEqual(['prompt', 'aspectRatio', 'duration', 'resolution', 'generateAudio', 'negativePrompt', 'seed']);
    expect(t.inputs.find((f) => f.name === 'duration')?.options?.map((o) => o.value)).toEqual(['4', '6', '8']);
    expect(t.inputs.find((f) => f.name === 'prompt')).toMatchObject({ minLength: 5, maxLength: 8000 });
  });
});
