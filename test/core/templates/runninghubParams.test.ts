import { describe, expect, it } from 'vitest';
import { convertRunningHubParams, parseRunningHubAccept, runningHubParamsToSchema } from '../../../src/core/templates/runninghubParams.ts';

type Props = Record<string, Record<string, unknown>>;

/** A registry param with the keys every entry has. */
function param(fieldKey: string, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { fieldKey, type, required: false, label: fieldKey, description: fieldKey, ...extra };
}

function propsOf(params: unknown[]): Props {
  return runningHubParamsToSchema(params).properties as Props;
}

describe('runningHubParamsToSchema', () => {
  it('builds an object schema whose property order and required list follow the params', () => {
    const schema = runningHubParamsToSchema([
      param('prompt', 'STRING', { required: true }),
      param('seed', 'INT'),
      param('imageUrl', 'IMAGE', { required: true }),
    ]);
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties as Props)).toEqual(['prompt', 'seed', 'imageUrl']);
    expect(schema.required).toEqual(['prompt', 'imageUrl']);
    expect(schema).not.toHaveProperty('x-order');
    expect(schema).not.toHaveProperty('x-weft-warnings');
  });

  it('turns STRING into a string with its maxLength, label as title, description kept and default kept', () => {
    const p = propsOf([param('prompt', 'STRING', { label: '提示词', description: '画面描述', maxLength: 8000, defaultValue: '一只猫' })]);
    expect(p.prompt).toEqual({ title: '提示词', description: '画面描述', type: 'string', maxLength: 8000, default: '一只猫' });
  });

  it('turns LIST into a string enum of the option values with English labels, falling back to description then value', () => {
    const p = propsOf([param('duration', 'LIST', {
      defaultValue: '5',
      options: [
        { value: '5', description: '5秒', descriptionEn: '5 seconds' },
        { value: '10', description: '10秒' },
        { value: '15' },
      ],
    })]);
    expect(p.duration).toMatchObject({ type: 'string', enum: ['5', '10', '15'], 'x-enum-labels': ['5 seconds', '10秒', '15'], default: '5' });
  });

  it('keeps numeric-string option values as strings, because LIST sends the option value as given', () => {
    const p = propsOf([param('imageNum', 'LIST', { defaultValue: '1', options: [{ value: '1' }, { value: '2' }] })]);
    expect(p.imageNum?.enum).toEqual(['1', '2']);
    expect(p.imageNum?.type).toBe('string');
    expect(p.imageNum?.default).toBe('1');
  });

  it('turns BOOLEAN into a boolean and keeps a false default', () => {
    const p = propsOf([param('generateAudio', 'BOOLEAN', { required: true, defaultValue: false })]);
    expect(p.generateAudio).toMatchObject({ type: 'boolean', default: false });
  });

  it('turns INT into an integer with minimum/maximum and the step as x-step, never multipleOf', () => {
    const p = propsOf([param('duration', 'INT', { min: 3, max: 15, step: 2, defaultValue: 5 })]);
    expect(p.duration).toMatchObject({ type: 'integer', minimum: 3, maximum: 15, 'x-step': 2, default: 5 });
    expect(p.duration).not.toHaveProperty('multipleOf');
  });

  it('turns FLOAT into a number with limits and x-step', () => {
    const p = propsOf([param('cfgScale', 'FLOAT', { min: 0, max: 1, step: 0.01, defaultValue: 0.5 })]);
    expect(p.cfgScale).toMatchObject({ type: 'number', minimum: 0, maximum: 1, 'x-step': 0.01, default: 0.5 });
  });

  it('turns IMAGE, VIDEO and AUDIO into URI strings with their media format and drops sample defaults', () => {
    const p = propsOf([
      param('imageUrl', 'IMAGE', { defaultValue: 'https://www.runninghub.cn/view?filename=x.png' }),
      param('videoUrl', 'VIDEO'),
      param('audioUrl', 'AUDIO'),
    ]);
    expect(p.imageUrl).toEqual({ title: 'imageUrl', description: 'imageUrl', type: 'string', format: 'image_uri' });
    expect(p.videoUrl?.format).toBe('video_uri');
    expect(p.audioUrl?.format).toBe('audio_uri');
  });

  it('drops a URL default on a STRING param (a signed sample upload) and says so', () => {
    const { schema, warnings } = convertRunningHubParams([param('imageUrl', 'STRING', { defaultValue: 'https://www.runninghub.cn/view?filename=a.png&Rh-Comfy-Auth=x' })]);
    expect((schema.properties as Props).imageUrl).not.toHaveProperty('default');
    expect(warnings).toEqual(['imageUrl: sample URL default left out']);
  });

  it('turns multipleInputs media into an array with minItems 1 when required and maxItems from maxInputNum', () => {
    const p = propsOf([param('imageUrls', 'IMAGE', { required: true, multipleInputs: true, maxInputNum: 3 })]);
    expect(p.imageUrls).toMatchObject({ type: 'array', items: { type: 'string', format: 'image_uri' }, minItems: 1, maxItems: 3 });
  });

  it('omits minItems on an optional multipleInputs param', () => {
    const p = propsOf([param('videoUrls', 'VIDEO', { multipleInputs: true, maxInputNum: 7 })]);
    expect(p.videoUrls).not.toHaveProperty('minItems');
    expect(p.videoUrls?.maxItems).toBe(7);
  });

  it('wraps the default of a multipleInputs STRING in a list', () => {
    const p = propsOf([param('pronunciation_dict', 'STRING', { multipleInputs: true, maxInputNum: 20, defaultValue: 'ASAP/As soon as possible' })]);
    expect(p.pronunciation_dict).toMatchObject({ type: 'array', items: { type: 'string' }, maxItems: 20, default: ['ASAP/As soon as possible'] });
  });

  it('parses accept from its stringified JSON list into upper-case x-accept and maxSize into x-max-size-mb', () => {
    const p = propsOf([param('imageUrls', 'IMAGE', { multipleInputs: true, maxInputNum: 3, accept: '["jpg","PNG"]', maxSize: 10 })]);
    expect(p.imageUrls?.['x-accept']).toEqual(['JPG', 'PNG']);
    expect(p.imageUrls?.['x-max-size-mb']).toBe(10);
  });

  it('leaves out a malformed accept and reports it instead of throwing', () => {
    const { schema, warnings } = convertRunningHubParams([param('imageUrl', 'IMAGE', { accept: '[JPG, PNG' })]);
    expect((schema.properties as Props).imageUrl).not.toHaveProperty('x-accept');
    expect(warnings).toEqual([expect.stringContaining('imageUrl: unreadable accept')]);
    expect(parseRunningHubAccept('{"a":1}')).toBeUndefined();
    expect(parseRunningHubAccept(['mp4'])).toEqual(['MP4']);
  });

  it('keeps unknown param keys as x-rh-<key> so nothing is dropped silently', () => {
    const p = propsOf([param('resolution', 'LIST', { options: [{ value: '1k' }], tail_insert: true })]);
    expect(p.resolution?.['x-rh-tail_insert']).toBe(true);
  });

  it('emits an untyped property with a note for an unknown type, so the compiler makes it a json field', () => {
    const { schema } = convertRunningHubParams([param('mask', 'MASK', { required: true })]);
    expect((schema.properties as Props).mask).toEqual({ title: 'mask', description: 'mask', 'x-weft-note': 'unknown RunningHub param type MASK' });
    expect(schema.required).toEqual(['mask']);
  });

  it('skips params without a fieldKey or with a repeated one and records why, without throwing', () => {
    const { schema, warnings } = convertRunningHubParams([null, { type: 'STRING' }, param('a', 'STRING'), param('a', 'INT')]);
    expect(Object.keys(schema.properties as Props)).toEqual(['a']);
    expect((schema.properties as Props).a?.type).toBe('string');
    expect(warnings).toHaveLength(3);
    expect(schema['x-weft-warnings']).toEqual(warnings);
  });

  it('tolerates a params value that is not a list', () => {
    const { schema, warnings } = convertRunningHubParams('nope');
    expect(schema.properties).toEqual({});
    expect(warnings).toEqual(['params is not a list: no inputs']);
  });

  it('drops a default that does not fit the type and coerces numeric-string numbers', () => {
    const { schema, warnings } = convertRunningHubParams([param('n', 'INT', { defaultValue: 'many' }), param('w', 'FLOAT', { defaultValue: '0.5', max: '2' })]);
    const p = schema.properties as Props;
    expect(p.n).not.toHaveProperty('default');
    expect(p.w).toMatchObject({ default: 0.5, maximum: 2 });
    expect(warnings).toEqual([expect.stringContaining('n: default "many"')]);
  });

  it('records the param order in x-order when integer-like keys would reorder the properties', () => {
    const schema = runningHubParamsToSchema([param('b', 'STRING'), param('1', 'STRING')]);
    expect(Object.keys(schema.properties as Props)).toEqual(['1', 'b']);
    expect(schema['x-order']).toEqual(['b', '1']);
  });

  it('keeps a "__proto__" field key as an ordinary property', () => {
    const schema = runningHubParamsToSchema([param('__proto__', 'STRING')]);
    expect(Object.hasOwn(schema.properties as object, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(schema.properties)).toBe(Object.prototype);
  });
});
