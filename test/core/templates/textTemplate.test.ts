import { describe, expect, it } from 'vitest';
import { MAX_PLACEHOLDERS, renderTemplate, templatePlaceholders, templateTextProblems } from '../../../src/core/templates/textTemplate.ts';

describe('templatePlaceholders', () => {
  it('lists placeholders in order of first appearance, each once', () => {
    expect(templatePlaceholders('A {animal} in {place}, {animal} again')).toEqual(['animal', 'place']);
  });

  it('finds none in an empty template or plain text', () => {
    expect(templatePlaceholders('')).toEqual([]);
    expect(templatePlaceholders('no braces here')).toEqual([]);
  });

  it('reads {{ and }} as literal braces, not placeholders', () => {
    expect(templatePlaceholders('{{animal}} and {{{place}}}')).toEqual(['place']);
  });

  it('accepts letters, digits, _ and - after a first letter or _, up to 64 characters', () => {
    expect(templatePlaceholders('{_a} {b2} {snake_case} {kebab-case} {Upper}')).toEqual(['_a', 'b2', 'snake_case', 'kebab-case', 'Upper']);
    const longest = `a${'b'.repeat(63)}`;
    expect(templatePlaceholders(`{${longest}} {${longest}c}`)).toEqual([longest]);
  });

  it('leaves braces that do not hold a valid name as text', () => {
    expect(templatePlaceholders('{ animal } {1st} {-x} {} {a.b} {a b} {unclosed {ok}')).toEqual(['ok']);
    expect(templatePlaceholders('}{x}{')).toEqual(['x']);
  });

  it('is case-sensitive', () => {
    expect(templatePlaceholders('{Name} {name}')).toEqual(['Name', 'name']);
  });

  it(`stops at ${MAX_PLACEHOLDERS} distinct names, still counting repeats of those`, () => {
    const names = Array.from({ length: 40 }, (_, i) => `v${i}`);
    const text = [...names, 'v0'].map((n) => `{${n}}`).join(' ');
    expect(templatePlaceholders(text)).toEqual(names.slice(0, MAX_PLACEHOLDERS));
    expect(templatePlaceholders(text, Infinity)).toEqual(names);
  });

  it('does not take names a saved file may not use as keys', () => {
    expect(templatePlaceholders('{__proto__} {constructor} {prototype} {proto}')).toEqual(['proto']);
  });
});

describe('renderTemplate', () => {
  it('replaces every occurrence of each placeholder', () => {
    expect(renderTemplate('A {animal} in {place}, cinematic; {animal}!', { animal: 'fox', place: 'the snow' })).toBe(
      'A fox in the snow, cinematic; fox!',
    );
  });

  it('turns {{ and }} into single braces', () => {
    expect(renderTemplate('{{literal}} {{{x}}} }} {{', { x: 'v', literal: 'no' })).toBe('{literal} {v} } {');
  });

  it('inserts values as they are, without reading braces in them', () => {
    expect(renderTemplate('{a}{b}', { a: '{b}', b: '$& $1 {{' })).toBe('{b}$& $1 {{');
  });

  it('replaces with an empty value when one is given', () => {
    expect(renderTemplate('[{a}]', { a: '' })).toBe('[]');
  });

  it('keeps a placeholder without a value as written', () => {
    expect(renderTemplate('A {animal} in {place}', { animal: 'fox' })).toBe('A fox in {place}');
  });

  it('does not read values from the prototype', () => {
    expect(renderTemplate('{toString} {hasOwnProperty}', {})).toBe('{toString} {hasOwnProperty}');
  });

  it('keeps text that is not a placeholder unchanged, including unicode and newlines', () => {
    expect(renderTemplate('héllo { x }\n{1} 🦊', {})).toBe('héllo { x }\n{1} 🦊');
  });

  it('keeps a reserved name as written', () => {
    expect(renderTemplate('{constructor}', { constructor: 'x' } as Record<string, string>)).toBe('{constructor}');
  });
});

describe('templateTextProblems', () => {
  it('finds nothing wrong with an ordinary template', () => {
    expect(templateTextProblems('A {animal} in {place}')).toEqual([]);
  });

  it(`says when there are more than ${MAX_PLACEHOLDERS} placeholders`, () => {
    const text = Array.from({ length: 33 }, (_, i) => `{v${i}}`).join('');
    expect(templateTextProblems(text)).toEqual(['A template takes at most 32 placeholders; this one has 33, so the rest get no input']);
  });

  it('names a reserved placeholder once, but not an escaped one', () => {
    expect(templateTextProblems('{constructor} {constructor} {{prototype}}')).toEqual([
      '{constructor} cannot be a placeholder name; rename it (it is left as written)',
    ]);
  });
});
