import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Field, NodeTemplate } from '../../../src/core/model/template.ts';
import { compileTemplate } from '../../../src/core/templates/compile.ts';
import { acceptSchemaChanges } from '../../../src/core/document/acceptSchemaChanges.ts';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { mappingReport } from '../../../src/core/templates/describe.ts';
import { inputsOf, valuesAfterSwitch } from '../../../src/core/templates/inputsOf.ts';
import { requestBodyOf } from '../../../src/core/templates/requestBody.ts';
import { isObject, resolveSchema } from '../../../src/core/templates/resolve.ts';
import { parseSchemaSource, SchemaChoiceError } from '../../../src/core/templates/schemaSource.ts';

/**
 * Schemas in the shapes other providers publish (Runway, OpenAI, fal, Replicate, Luma, Kling, MiniMax,
 * Ideogram, Recraft, BFL; OpenAPI 3.0 and 3.1; draft 7 and 2020-12), written for these tests in the
 * style of the real documents: each compiles with no property dropped, and each construct does what a
 * user of the node needs.
 */
const DIR = join(import.meta.dirname, '../../fixtures/foreign-schemas');
const load = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
const compile = (file: string, ref?: string): NodeTemplate => compileTemplate(load(file), ref);
const fieldsNamed = (t: NodeTemplate, name: string): Field[] => t.inputs.filter((f) => f.name === name);
const only = (t: NodeTemplate, name: string): Field => {
  const found = fieldsNamed(t, name);
  expect(found, `${t.id} › ${name}`).toHaveLength(1);
  return found[0]!;
};

/** Every property name of the request: its own, and those of each shape of a union. */
function requestProperties(file: string, ref?: string): string[] {
  const src = parseSchemaSource(load(file), ref);
  const shapes = [src.inputSchema, ...[src.inputSchema.oneOf, src.inputSchema.anyOf].filter(Array.isArray).flat()];
  return [...new Set(shapes.flatMap((s) => {
    const r = resolveSchema(s, src.root).schema;
    return isObject(r.properties) ? Object.keys(r.properties) : [];
  }))];
}

const CHOOSE: Record<string, string> = { 'fal__components_only.openapi.json': '#/components/schemas/ImageToVideoInput' };

describe('schemas from other providers', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

  it('has fixtures for every provider style the compiler is promised to read', () => {
    const providers = new Set(files.map((f) => f.split('__')[0]));
    expect([...providers].sort()).toEqual(['bfl', 'fal', 'ideogram', 'kling', 'luma', 'minimax', 'openai', 'recraft', 'replicate', 'runway']);
  });

  for (const file of files) {
    it(`${file}: every property reaches a field, and every field left as JSON says why`, () => {
      const t = compile(file, CHOOSE[file]);
      const reached = new Set(t.inputs.map((f) => (f.path ?? [f.name])[0] ?? f.name));
      const missing = requestProperties(file, CHOOSE[file]).filter((p) => !reached.has(p));
      expect(missing).toEqual([]);
      for (const f of t.inputs.filter((i) => i.kind === 'json')) expect(f.note, `${file} › ${f.name}`).toBeTruthy();
      // A fresh node (defaults only) never fails its own validation for a value it chose itself.
      const chosen = t.validate({}).filter((p) => p.code !== 'required');
      expect(chosen, file).toEqual([]);
    });
  }
});

describe('a request that is a union of object shapes (Runway)', () => {
  const t = compile('runway__image_to_video.openapi.json');

  it('becomes one node whose selector is the declared discriminator, with each model\'s own fields', () => {
    const model = only(t, 'model');
    expect(model).toMatchObject({ kind: 'enum', selects: true, default: 'gen4_turbo', required: true });
    expect(model.options?.map((o) => o.value)).toEqual(['gen4_turbo', 'gen3a_turbo', 'veo3']);
    const ratios = (values: Record<string, unknown>) => inputsOf(t, values).find((f) => f.name === 'ratio')?.options?.map((o) => o.value);
    expect(ratios({})).toHaveLength(6);
    expect(ratios({ model: 'gen3a_turbo' })).toEqual(['1280:768', '768:1280']);
    expect(inputsOf(t, { model: 'veo3' }).find((f) => f.name === 'duration')?.options?.map((o) => o.value)).toEqual([8]);
    // Names stay unique among a node's inputs whatever the variant.
    for (const model of ['gen4_turbo', 'gen3a_turbo', 'veo3']) {
      const names = inputsOf(t, { model }).map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('sends only the chosen variant\'s fields and validates against that variant alone', () => {
    const values = { model: 'gen3a_turbo', promptImage: 'https://x.test/a.png', ratio: '1280:720', promptText: 'a cat' };
    const problems = t.validate(values);
    expect(problems).toEqual([{ field: 'ratio', code: 'invalid_value', message: 'Ratio must be one of 1280:768, 768:1280; "1280:720" is not allowed' }]);
    expect(t.validate({ ...values, ratio: '768:1280' })).toEqual([]);
    expect(requestBodyOf(t, { ...values, ratio: '768:1280' })).toEqual({ model: 'gen3a_turbo', promptImage: 'https://x.test/a.png', ratio: '768:1280', promptText: 'a cat' });
  });

  it('returns a carried choice the new variant does not offer to that variant\'s default on a switch', () => {
    const before = { model: 'gen4_turbo', ratio: '1584:672', duration: 10, promptText: 'a cat' };
    expect(valuesAfterSwitch(t, before, { ...before, model: 'veo3' })).toEqual({ ratio: undefined, duration: 8 });
    expect(valuesAfterSwitch(t, before, { ...before, model: 'gen3a_turbo' })).toEqual({ ratio: undefined });
    expect(valuesAfterSwitch(t, { ...before, ratio: '1280:720' }, { ...before, ratio: '1280:720', model: 'veo3' })).toEqual({ duration: 8 });
  });

  it('loads and accepts a saved node holding values of a variant not chosen, without calling them unknown', () => {
    const t2i = compile('runway__text_to_image.json');
    const kept = { model: 'gemini_2.5_flash', promptText: 'a cat', ratio: '1024:1024', seed: 7 }; // seed is gen4_image's
    const file = JSON.stringify({ format: 'weft.graph', version: 1, name: 'v', nodes: [
      { id: 'a', type: t2i.id, schemaHash: t2i.schemaHash, position: { x: 0, y: 0 }, values: { ...kept, ghost: 1 } },
      { id: 'b', type: t2i.id, schemaHash: 'old', position: { x: 0, y: 0 }, values: kept },
    ], edges: [] });
    const getTemplate = (type: string) => (type === t2i.id ? t2i : undefined);
    const result = loadGraph(file, getTemplate);
    if (!result.ok) throw new Error('did not load');
    expect(result.warnings.map((w) => `${w.code}: ${w.message}`)).toEqual([expect.stringMatching(/^unknown-field: .*ghost/), expect.stringMatching(/^schema-drift: .*no saved value is affected/)]);
    expect(acceptSchemaChanges(result.graph, getTemplate, ['b']).nodes[1]!.values).toEqual(kept);
  });

  it('never sends a kept value of a variant not chosen', () => {
    const veoOnly = compile('runway__text_to_image.json');
    const values = { model: 'gemini_2.5_flash', promptText: 'a cat', ratio: '1024:1024', seed: 7 };
    expect(veoOnly.validate(values)).toEqual([]); // seed is gen4's: kept by the node, neither checked nor sent
    expect(requestBodyOf(veoOnly, values)).toEqual({ model: 'gemini_2.5_flash', promptText: 'a cat', ratio: '1024:1024' });
    expect(requestBodyOf(veoOnly, { ...values, model: 'gen4_image', ratio: '1024:1024' })).toMatchObject({ seed: 7 });
  });

  it('finds a discriminator nobody declared: a property each shape fixes to its own constant', () => {
    const t2i = compile('runway__text_to_image.json');
    expect(only(t2i, 'model')).toMatchObject({ selects: true, options: [{ value: 'gen4_image' }, { value: 'gemini_2.5_flash' }] });
  });

  it('offers a selector of its own, never sent, when the shapes have no discriminator', () => {
    const u = compileTemplate({ title: 'By source', oneOf: [
      { type: 'object', title: 'From a URL', properties: { image_url: { type: 'string', format: 'uri' } }, required: ['image_url'] },
      { type: 'object', title: 'From text', properties: { prompt: { type: 'string' } }, required: ['prompt'] },
    ] });
    const selector = only(u, 'variant');
    expect(selector).toMatchObject({ selects: true, path: [], options: [{ value: 'From a URL', label: 'From a URL' }, { value: 'From text', label: 'From text' }] });
    expect(inputsOf(u, {}).map((f) => f.name)).toEqual(['variant', 'image_url']);
    expect(inputsOf(u, { variant: 'From text' }).map((f) => f.name)).toEqual(['variant', 'prompt']);
    expect(requestBodyOf(u, { variant: 'From text', prompt: 'hi', image_url: 'https://x.test/a.png' })).toEqual({ prompt: 'hi' });
    expect(u.validate({ variant: 'From text' })).toEqual([{ field: 'prompt', code: 'required', message: 'Prompt is required' }]);
    expect(u.validate({ variant: 'Nope' }).map((p) => p.field)).toContain('variant');
  });
});

describe('media by structure, wrapped back into the provider\'s shape', () => {
  it('takes an object whose one link is the medium as media, and wraps the URL back (OpenAI mask, images)', () => {
    const t = compile('openai__images_edits.openapi.json');
    expect(only(t, 'mask')).toMatchObject({ kind: 'image', wrap: { key: 'image_url' } });
    expect(only(t, 'images')).toMatchObject({ kind: 'image', list: { min: 1, max: 16 }, wrap: { key: 'image_url' } });
    const values = { images: ['https://x.test/a.png', 'https://x.test/b.png'], mask: 'https://x.test/m.png', prompt: 'edit' };
    expect(requestBodyOf(t, values)).toEqual({ images: [{ image_url: 'https://x.test/a.png' }, { image_url: 'https://x.test/b.png' }], mask: { image_url: 'https://x.test/m.png' }, prompt: 'edit' });
    expect(t.validate(values)).toEqual([]);
    expect(t.validate({ ...values, mask: 'C:\\\\m.png' })[0]).toMatchObject({ field: 'mask', message: expect.stringMatching(/https URL or a data URI/) });
  });

  it('keeps constant tags beside the URL ({type: "video", uri}) and picks the form by the file (Runway act_two)', () => {
    const t = compile('runway__character_performance.json');
    expect(only(t, 'reference')).toMatchObject({ kind: 'video', wrap: { key: 'uri', fixed: { type: 'video' } } });
    const character = only(t, 'character');
    expect(character.accepts).toEqual(expect.arrayContaining(['image', 'video']));
    const body = requestBodyOf(t, { model: 'act_two', character: 'https://x.test/actor.mp4', reference: 'https://x.test/perf.mp4' });
    expect(body).toMatchObject({ character: { type: 'video', uri: 'https://x.test/actor.mp4' }, reference: { type: 'video', uri: 'https://x.test/perf.mp4' } });
    expect(requestBodyOf(t, { character: 'https://x.test/face.png' }).character).toEqual({ type: 'image', uri: 'https://x.test/face.png' });
    expect(t.validate({ model: 'act_two', character: 'https://x.test/face.png', reference: 'https://x.test/perf.mp4' })).toEqual([]);
  });

  it('reads lists of URL objects as media lists (Luma image_ref, Runway productImages)', () => {
    const luma = compile('luma__generations.openapi.json');
    expect(only(luma, 'image_ref')).toMatchObject({ kind: 'image', list: { min: 0, max: 4 }, wrap: { key: 'url' } });
    expect(requestBodyOf(luma, { prompt: 'x', image_ref: ['https://x.test/a.png'] }).image_ref).toEqual([{ url: 'https://x.test/a.png' }]);
    expect(only(compile('runway__product_shot.json'), 'productImages')).toMatchObject({ kind: 'image', list: { min: 1, max: 4 }, wrap: { key: 'uri' } });
    expect(only(compile('luma__video.json'), 'media')).toMatchObject({ kind: 'video', wrap: { key: 'url' } });
    expect(only(compile('luma__video.json'), 'first_frame')).toMatchObject({ kind: 'image', wrap: { key: 'url', fixed: { type: 'image' } } });
  });

  it('recognises numbered and suffixed media names, and binary or contentMediaType files', () => {
    const bfl = compile('bfl__flux_kontext.json');
    for (const name of ['input_image', 'input_image_2', 'input_image_4']) expect(only(bfl, name).kind, name).toBe('image');
    expect(only(compile('kling__image2video.json'), 'image_tail').kind).toBe('image');
    expect(only(compile('recraft__generate.json'), 'style_reference_urls')).toMatchObject({ kind: 'image', list: { min: 0, max: 5 } });
    const ideogram = compile('ideogram__generate_v3.openapi.json');
    expect(only(ideogram, 'style_reference_images').kind).toBe('image');
    expect(only(ideogram, 'character_reference_images')).toMatchObject({ kind: 'image', accept: ['JPG'] });
    expect(only(compile('minimax__t2a.json'), 'clone_sample_url').kind).toBe('audio');
  });

  it('never takes a description alone for media: voice, callbacks, webhooks and .npz files stay text', () => {
    expect(only(compile('minimax__t2a.json'), 'voice').kind).toBe('text');
    expect(only(compile('kling__image2video.json'), 'callback_url').kind).toBe('text');
    expect(only(compile('luma__video.json'), 'callback_url').kind).toBe('text');
    expect(only(compile('luma__generations.openapi.json'), 'callback_url').kind).toBe('text');
    expect(only(compile('bfl__flux_kontext.json'), 'webhook_url').kind).toBe('text');
    expect(only(compile('replicate__bark.json'), 'custom_history_prompt').kind).toBe('text');
    expect(only(compile('fal__flux_lora.openapi.json'), 'loras').kind).toBe('json');
  });
});

describe('enums with free text, fields of several shapes, and defaults that break their schema', () => {
  it('makes an enum beside a free string an editable combo (OpenAI model and voice)', () => {
    const t = compile('openai__speech.json');
    expect(only(t, 'voice')).toMatchObject({ kind: 'enum', freeText: true });
    expect(only(t, 'voice').options).toHaveLength(11);
    expect(t.validate({ model: 'tts-1', input: 'hi', voice: 'my-cloned-voice' })).toEqual([]);
    expect(requestBodyOf(t, { model: 'tts-1', input: 'hi', voice: 'my-cloned-voice' }).voice).toBe('my-cloned-voice');
  });

  it('keeps every form of a preset-or-object field, and checks the object form too (fal image_size)', () => {
    const t = compile('fal__flux_lora.openapi.json');
    const size = only(t, 'image_size');
    expect(size).toMatchObject({ kind: 'enum', default: 'landscape_4_3' });
    expect(size.forms?.map((f) => f.kind)).toEqual(['json', 'enum']);
    expect(size.accepts).toEqual(expect.arrayContaining(['text', 'json']));
    expect(t.validate({ prompt: 'x', image_size: { width: 1024, height: 768 } })).toEqual([]);
    expect(t.validate({ prompt: 'x', image_size: 'square' })).toEqual([]);
    const [bad] = t.validate({ prompt: 'x', image_size: { width: 0, height: 768 } });
    expect(bad).toMatchObject({ field: 'image_size', message: 'Image Size: must be more than 0 (got 0) (at width)' });
  });

  it('drops a default that breaks its own minimum, with a note, so a fresh node is valid (fal width 0, minimum 64)', () => {
    const t = compile('fal__flux_lora.openapi.json');
    expect(only(t, 'width').default).toBeUndefined();
    expect(only(t, 'width').note).toMatch(/default 0 breaks its own rules \(must be at least 64/);
    expect(t.validate({ prompt: 'a cat' })).toEqual([]);
  });

  it('fills a required one-value choice (a const tag) so a fresh node is complete', () => {
    expect(only(compile('runway__character_performance.json'), 'model').default).toBe('act_two');
  });
});

describe('OpenAPI documents with schemas and no operations', () => {
  it('lists the request-like schemas as choices instead of refusing, leaving outputs and parts out', () => {
    let error: unknown;
    try {
      compile('fal__components_only.openapi.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaChoiceError);
    expect((error as SchemaChoiceError).choices).toEqual([
      { ref: '#/components/schemas/TextToVideoInput', title: 'Text to video' },
      { ref: '#/components/schemas/ImageToVideoInput', title: 'Image to video' },
    ]);
  });

  it('compiles the schema a JSON pointer names', () => {
    const t = compile('fal__components_only.openapi.json', '#/components/schemas/ImageToVideoInput');
    expect(t.title).toBe('Image to video');
    expect(t.inputs.map((f) => `${f.name}:${f.kind}`)).toEqual(['prompt:text', 'image_url:image', 'tail_image_url:image', 'duration:enum']);
    expect(t.outputs[0]?.kind).toBe('video');
    expect(t.validate({ prompt: 'x' })).toEqual([{ field: 'image_url', code: 'required', message: 'Image URL is required' }]);
  });

  it('says what it did with each field it could not map one to one', () => {
    const report = mappingReport(compile('runway__image_to_video.openapi.json'));
    expect(report[0]).toMatch(/^model: the request takes 3 shapes/);
    expect(report).toEqual(expect.arrayContaining([expect.stringMatching(/^contentModeration: a nested object: edit as JSON/), expect.stringMatching(/^promptImage: one of 2 forms/)]));
    expect(mappingReport(compile('openai__images_edits.openapi.json'))).toEqual(expect.arrayContaining(['mask: image, sent as {"image_url":"URL"}']));
  });
});
