import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../src/core/templates/compile.ts';
import { checkMediaFacts } from '../../../src/core/templates/providerRules.ts';

const t = compileTemplate({
  title: 'Veo-like',
  type: 'object',
  required: ['prompt', 'image_urls'],
  properties: {
    prompt: { title: 'Prompt', type: 'string', maxLength: 10, validations: [
      { validation_rule: 'length<=', validation_value: 8, validation_error: 'The prompt must be 8 characters or less.' },
    ] },
    image_urls: { title: 'Images', type: 'array', items: { type: 'string', format: 'image_uri' }, minItems: 1, maxItems: 2 },
    duration: { title: 'Duration', type: 'integer', enum: [8], default: 8 },
    steps: { title: 'Steps', type: 'integer', minimum: 1, maximum: 50 },
    audio: { title: 'Generate Audio', type: 'boolean' },
    seed: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    extra: { title: 'Extra', type: 'object', properties: { x: { type: 'integer' } }, required: ['x'] },
  },
});

describe('the payload validator', () => {
  it('accepts a valid payload', () => {
    expect(t.validate({ prompt: 'a cat', image_urls: ['https://x.test/a.png'], duration: 8, steps: 3, audio: true, seed: null, extra: { x: 1 } })).toEqual([]);
  });

  it('accepts data URIs as media', () => {
    expect(t.validate({ prompt: 'a', image_urls: ['data:image/png;base64,iVBORw0KGgo='] })).toEqual([]);
  });

  it('reports every problem at once, each with its field and a human message', () => {
    const problems = t.validate({ image_urls: [], duration: 5, steps: 1.5, audio: 'yes', extra: { x: 'one' }, bogus: 1 });
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.message]));
    expect(byField.prompt).toBe('Prompt is required');
    expect(byField.image_urls).toBe('Images needs at least 1 image (it has 0)');
    expect(byField.duration).toMatch(/^Duration must be one of 8; 5 is not allowed/);
    expect(byField.steps).toMatch(/Steps must be a whole number/);
    expect(byField.audio).toMatch(/Generate Audio must be true or false/);
    expect(byField.extra).toMatch(/^Extra: .*\(at x\)/);
    expect(byField.bogus).toMatch(/"bogus" is not a field of this endpoint/);
  });

  it('checks limits with the numbers in the message', () => {
    const problems = t.validate({ prompt: 'a', image_urls: ['https://a', 'https://b', 'https://c'], steps: 99 });
    expect(problems.map((p) => p.message)).toEqual(expect.arrayContaining([
      'Images takes at most 2 images (it has 3)',
      'Steps must be at most 50 (got 99)',
    ]));
  });

  it('refuses media values that are not URLs or data URIs', () => {
    const [problem] = t.validate({ prompt: 'a', image_urls: ['C:\\cat.png'] });
    expect(problem?.field).toBe('image_urls');
    expect(problem?.message).toMatch(/https URL or a data URI/);
  });

  it('gives the provider\'s own message for its validations rules', () => {
    const problems = t.validate({ prompt: 'nine char', image_urls: ['https://a'] });
    expect(problems).toEqual([{ field: 'prompt', message: 'The prompt must be 8 characters or less.', code: 'provider_rule' }]);
  });

  it('checks media size and pixel rules once the file is known', () => {
    const media = compileTemplate({ type: 'object', properties: { image: { type: 'string', format: 'image_uri', validations: [
      { validation_rule: 'file_size_mb<', validation_value: 10, validation_error: 'Image must be under 10 MB.' },
      { validation_rule: 'width_pixels>', validation_value: 300, validation_error: 'Image must be wider than 300 px.' },
    ] } } });
    const f = media.inputs[0]!;
    expect(checkMediaFacts(f, { sizeMb: 12, width: 200, height: 100 }).map((p) => p.message)).toEqual(['Image must be under 10 MB.', 'Image must be wider than 300 px.']);
    expect(checkMediaFacts(f, { sizeMb: 1, width: 1000, height: 100 })).toEqual([]);
  });

  it('answers a non-object payload with one clear problem', () => {
    expect(t.validate([] as unknown as Record<string, unknown>)).toEqual([{ field: '', message: 'The payload must be an object of field values', code: 'invalid_payload' }]);
  });
});
