import { describe, expect, it } from 'vitest';
import { compileTemplate, orderedPropertyNames } from '../../../src/core/templates/compile.ts';
import { SchemaSourceError } from '../../../src/core/templates/schemaSource.ts';
import type { Field, NodeTemplate } from '../../../src/core/model/template.ts';

const field = (t: NodeTemplate, name: string): Field => {
  const f = t.inputs.find((i) => i.name === name);
  if (!f) throw new Error(`no field ${name} in ${t.id}: ${t.inputs.map((i) => i.name).join(', ')}`);
  return f;
};

describe('compiling a bare JSON Schema', () => {
  const t = compileTemplate({
    title: 'Demo',
    type: 'object',
    required: ['prompt', 'images'],
    properties: {
      prompt: { type: 'string', maxLength: 500 },
      images: { type: 'array', items: { type: 'string', format: 'image_uri' }, minItems: 1, maxItems: 4 },
      steps: { type: 'integer', minimum: 1, maximum: 50, default: 20, multipleOf: 1 },
      guidance: { type: 'float', minimum: 0, maximum: 10 },
      fast: { type: 'boolean', default: true },
      duration: { type: 'string', enum: ['auto', '5', '10'], default: 'auto' },
      fps: { type: 'integer', enum: [24, 30] },
      style: { type: 'object', properties: { a: { type: 'string' } } },
      mystery: {},
    },
  });

  it('keeps every property as a field, in the order written', () => {
    expect(t.inputs.map((f) => f.name)).toEqual(['prompt', 'images', 'steps', 'guidance', 'fast', 'duration', 'fps', 'style', 'mystery']);
  });

  it('derives kinds, limits, defaults and required from the schema', () => {
    expect(field(t, 'prompt')).toMatchObject({ kind: 'text', required: true, maxLength: 500, multiline: true });
    expect(field(t, 'images')).toMatchObject({ kind: 'image', required: true, list: { min: 1, max: 4 } });
    expect(field(t, 'steps')).toMatchObject({ kind: 'integer', min: 1, max: 50, default: 20, step: 1, required: false });
    expect(field(t, 'guidance')).toMatchObject({ kind: 'number', min: 0, max: 10 });
    expect(field(t, 'fast')).toMatchObject({ kind: 'boolean', default: true });
  });

  it('keeps numeric-string and integer enums with their JSON types', () => {
    expect(field(t, 'duration')).toMatchObject({ kind: 'enum', valueType: 'string', default: 'auto' });
    expect(field(t, 'duration').options?.map((o) => o.value)).toEqual(['auto', '5', '10']);
    expect(field(t, 'fps')).toMatchObject({ kind: 'enum', valueType: 'integer' });
    expect(field(t, 'fps').options?.map((o) => o.value)).toEqual([24, 30]);
  });

  it('turns what it does not understand into json fields with a note, never dropping them', () => {
    expect(field(t, 'style')).toMatchObject({ kind: 'json' });
    expect(field(t, 'style').note).toMatch(/nested object/);
    expect(field(t, 'mystery')).toMatchObject({ kind: 'json' });
    expect(field(t, 'mystery').note).toMatch(/no type/);
  });

  it('names the custom endpoint after the schema title', () => {
    expect(t.id).toBe('custom/demo');
    expect(t.provider).toBe('custom');
  });

  it('gives the same schema hash for the same schema, another for a changed one', () => {
    const a = compileTemplate({ type: 'object', properties: { a: { type: 'string' } } });
    const b = compileTemplate({ properties: { a: { type: 'string' } }, type: 'object' });
    const c = compileTemplate({ type: 'object', properties: { a: { type: 'integer' } } });
    expect(a.schemaHash).toBe(b.schemaHash);
    expect(a.schemaHash).not.toBe(c.schemaHash);
    expect(a.schemaHash).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('field order', () => {
  it('follows x-apifox-orders, x-fal-order-properties and per-property x-order', () => {
    expect(orderedPropertyNames({ properties: { a: {}, b: {}, c: {} }, 'x-apifox-orders': ['c', 'a'] })).toEqual(['c', 'a', 'b']);
    expect(orderedPropertyNames({ properties: { a: {}, b: {} }, 'x-fal-order-properties': ['b', 'a'] })).toEqual(['b', 'a']);
    expect(orderedPropertyNames({ properties: { a: { 'x-order': 2 }, b: { 'x-order': 0 }, c: {} } })).toEqual(['b', 'a', 'c']);
  });
});

describe('recognising pasted documents', () => {
  it('refuses things that are not schemas with a message saying what is expected', () => {
    expect(() => compileTemplate([1, 2])).toThrow(SchemaSourceError);
    expect(() => compileTemplate({ hello: 'world' })).toThrow(/Not a schema Weft recognises/);
    expect(() => compileTemplate({ type: 'string' })).toThrow(/object of fields/);
    expect(() => compileTemplate({ openapi: '3.0.0', paths: {} })).toThrow(/no operations/);
  });

  it('takes an OpenAPI document\'s request body schema through $ref', () => {
    const t = compileTemplate({
      openapi: '3.1.0',
      info: { title: 'Upscaler' },
      paths: {
        '/jobs/{id}': { get: { responses: {} } },
        '/upscale': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/In' } } } }, responses: {} } },
      },
      components: { schemas: {
        In: { type: 'object', required: ['video_url'], properties: { video_url: { type: 'string', format: 'uri' }, factor: { $ref: '#/components/schemas/F' } } },
        F: { type: 'integer', enum: [2, 4] },
      } },
    });
    expect(t.endpoint).toBe('upscale');
    expect(field(t, 'video_url')).toMatchObject({ kind: 'video', required: true });
    expect(field(t, 'factor')).toMatchObject({ kind: 'enum', valueType: 'integer' });
  });

  it('reads a RunComfy catalog entry and a RunningHub registry entry', () => {
    const rc = compileTemplate({ model_id: 'acme/model/text-to-image', display_name: 'RunComfy Acme', output_type: 'IMAGE', schema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] } });
    expect(rc).toMatchObject({ id: 'runcomfy/acme/model/text-to-image', title: 'Acme', provider: 'runcomfy' });
    expect(rc.outputs).toEqual([{ name: 'image', kind: 'image' }]);
    const rh = compileTemplate({ endpoint: 'acme/i2v', output_type: 'video', category: 'RunningHub/Acme', params: [
      { fieldKey: 'imageUrls', type: 'IMAGE', required: true, multipleInputs: true, maxInputNum: 3, label: 'imageUrls', description: '' },
      { fieldKey: 'duration', type: 'LIST', required: true, defaultValue: '5', options: [{ value: '5', description: '5秒', descriptionEn: '5 seconds' }], label: 'duration', description: '' },
    ] });
    expect(rh).toMatchObject({ id: 'runninghub/acme/i2v', provider: 'runninghub', category: 'Acme' });
    expect(field(rh, 'imageUrls')).toMatchObject({ kind: 'image', list: { min: 1, max: 3 } });
    expect(field(rh, 'duration').options).toEqual([{ value: '5', label: '5 seconds' }]);
    expect(rh.outputs).toEqual([{ name: 'video', kind: 'video' }]);
  });

  it('marks a credential in the body as secret so it is never saved', () => {
    const t = compileTemplate({ type: 'object', properties: { apiKey: { type: 'string' }, taskId: { type: 'string' } } });
    expect(field(t, 'apiKey').secret).toBe(true);
    expect(field(t, 'taskId').secret).toBeUndefined();
  });

  it('makes the output a list when a count field allows several results', () => {
    const t = compileTemplate({ title: 'text to image', type: 'object', properties: { num_images: { type: 'integer', minimum: 1, maximum: 4 } } });
    expect(t.outputs).toEqual([{ name: 'image', kind: 'image', list: true }]);
  });
});

describe('credential fields', () => {
  it('refuses a stored value for a secret field with a message saying where keys come from', () => {
    const t = compileTemplate({ type: 'object', properties: { apiKey: { type: 'string' }, taskId: { type: 'string' } } });
    expect(t.validate({ taskId: '1' })).toEqual([]);
    const [problem] = t.validate({ apiKey: 'sk-live-123', taskId: '1' });
    expect(problem?.field).toBe('apiKey');
    expect(problem?.message).toMatch(/credential: it comes from your API key settings/);
  });
});
