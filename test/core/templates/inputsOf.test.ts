import { describe, expect, it } from 'vitest';
import { getBuiltinTemplate } from '../../../src/core/templates/builtins.ts';
import { fieldOf, inputsOf, removedInputs } from '../../../src/core/templates/inputsOf.ts';
import { field, template, veo31 } from '../../support/templateBuilder.ts';

const textTemplate = getBuiltinTemplate('weft/template')!;
const names = (values: Record<string, unknown>) => inputsOf(textTemplate, values).map((f) => f.name);

describe('inputsOf', () => {
  it('is the template\'s own inputs (the same array) when it adds none', () => {
    expect(inputsOf(veo31, { prompt: 'x' })).toBe(veo31.inputs);
    expect(inputsOf(textTemplate, {})).toBe(textTemplate.inputs);
  });

  it('puts the inputs a node adds after the template\'s own, in placeholder order', () => {
    expect(names({ template: 'A {animal} in {place}, {animal}' })).toEqual(['template', 'animal', 'place']);
  });

  it('ignores a placeholder named like the template field', () => {
    expect(names({ template: '{template} and {x}' })).toEqual(['template', 'x']);
  });

  it('adds nothing while the template is not text', () => {
    expect(names({ template: 42 })).toEqual(['template']);
    expect(names({ template: null })).toEqual(['template']);
  });

  it('keeps names unique whatever a template\'s hook returns', () => {
    const t = { ...template({ id: 'test/dyn', inputs: [field('a', 'text')] }), instanceInputs: () => [field('a', 'image'), field('b', 'text'), field('b', 'image')] };
    expect(inputsOf(t, {}).map((f) => `${f.name}:${f.kind}`)).toEqual(['a:text', 'b:text']);
  });

  it('finds one field by name with fieldOf', () => {
    expect(fieldOf(textTemplate, { template: '{who}' }, 'who')).toMatchObject({ name: 'who', kind: 'text', required: true, connectable: true });
    expect(fieldOf(textTemplate, { template: '{who}' }, 'whom')).toBeUndefined();
  });
});

describe('removedInputs', () => {
  it('names the placeholders an edit deletes, and nothing for an edit that only adds', () => {
    expect(removedInputs(textTemplate, { template: '{a} {b} {c}' }, { template: '{c} {a}' })).toEqual(['b']);
    expect(removedInputs(textTemplate, { template: '{a}' }, { template: '{a} {b}' })).toEqual([]);
    expect(removedInputs(textTemplate, { template: '{a}' }, {})).toEqual(['a']);
  });

  it('is always empty for a template whose inputs do not depend on values', () => {
    expect(removedInputs(veo31, { prompt: 'a' }, {})).toEqual([]);
  });
});

describe('the text template\'s validate', () => {
  it('reports a missing placeholder value by its field name', () => {
    expect(textTemplate.validate({ template: 'A {animal} in {place}', place: 'the snow' })).toEqual([
      { field: 'animal', code: 'required', message: 'animal is required' },
    ]);
  });

  it('refuses an empty value and a value that is not text', () => {
    expect(textTemplate.validate({ template: '{a}{b}', a: '', b: 3 }).map((p) => [p.field, p.message])).toEqual([
      ['a', 'a is required'],
      ['b', 'b must be text, not 3'],
    ]);
  });

  it('accepts a template with every value given, and an empty template', () => {
    expect(textTemplate.validate({ template: 'A {animal}', animal: 'fox' })).toEqual([]);
    expect(textTemplate.validate({ template: '' })).toEqual([]);
    expect(textTemplate.validate({})).toEqual([]);
  });

  it('calls a value for a placeholder the template no longer has an unknown field', () => {
    expect(textTemplate.validate({ template: 'A {animal}', animal: 'fox', place: 'snow' })).toEqual([
      { field: 'place', code: 'unknown_field', message: '"place" is not a field of this endpoint' },
    ]);
  });

  it('reports too many placeholders on the template field', () => {
    const text = Array.from({ length: 33 }, (_, i) => `{v${i}}`).join(' ');
    const values = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`v${i}`, 'x']));
    expect(textTemplate.validate({ template: text, ...values })).toEqual([
      { field: 'template', code: 'template_text', message: 'A template takes at most 32 placeholders; this one has 33, so the rest get no input' },
    ]);
  });

  it('gives the same answers when called again with other placeholders (validators are reused per set)', () => {
    for (let i = 0; i < 40; i++) expect(textTemplate.validate({ template: `{p${i}}` })).toEqual([{ field: `p${i}`, code: 'required', message: `p${i} is required` }]);
    expect(textTemplate.validate({ template: '{p0}', p0: 'ok' })).toEqual([]);
  });

  it('refuses a payload that is not an object without throwing', () => {
    expect(textTemplate.validate(null as never)).toMatchObject([{ code: 'invalid_payload' }]);
  });
});
