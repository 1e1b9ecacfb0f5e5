import { describe, expect, it } from 'vitest';
import { getByPointer, inlineRefs, resolveSchema } from '../../../src/core/templates/resolve.ts';

describe('resolveSchema', () => {
  it('follows a $ref and lets sibling keywords win', () => {
    const root = { components: { schemas: { Ratio: { type: 'string', enum: ['1:1', '16:9'], description: 'from ref' } } } };
    const r = resolveSchema({ $ref: '#/components/schemas/Ratio', description: 'sibling' }, root);
    expect(r.schema).toEqual({ type: 'string', enum: ['1:1', '16:9'], description: 'sibling' });
    expect(r.note).toBeUndefined();
  });

  it('decodes percent-encoded and ~1-escaped JSON pointers (Apifox exports use them)', () => {
    const root = { components: { schemas: { '查询任务状态 Request': { type: 'object' }, 'a/b': { type: 'integer' } } } };
    expect(getByPointer(root, '#/components/schemas/%E6%9F%A5%E8%AF%A2%E4%BB%BB%E5%8A%A1%E7%8A%B6%E6%80%81%20Request')).toEqual({ type: 'object' });
    expect(getByPointer(root, '#/components/schemas/a~1b')).toEqual({ type: 'integer' });
  });

  it('merges allOf wrapping a $ref enum with the default beside it (Replicate)', () => {
    const root = { components: { schemas: { fmt: { type: 'string', enum: ['webp', 'png'], title: 'fmt' } } } };
    const r = resolveSchema({ allOf: [{ $ref: '#/components/schemas/fmt' }], default: 'webp', 'x-order': 7 }, root);
    expect(r.schema.enum).toEqual(['webp', 'png']);
    expect(r.schema.default).toBe('webp');
    expect(r.schema['x-order']).toBe(7);
  });

  it('unwraps anyOf [T, null] into an optional T', () => {
    const r = resolveSchema({ anyOf: [{ type: 'integer' }, { type: 'null' }], title: 'Seed' }, {});
    expect(r.schema).toEqual({ type: 'integer', title: 'Seed' });
    expect(r.nullable).toBe(true);
  });

  it('treats type arrays with null, OpenAPI nullable and enum null as nullable', () => {
    expect(resolveSchema({ type: ['string', 'null'] }, {})).toEqual({ schema: { type: 'string' }, nullable: true });
    expect(resolveSchema({ type: 'integer', nullable: true }, {})).toEqual({ schema: { type: 'integer' }, nullable: true });
    expect(resolveSchema({ type: 'string', enum: ['a', null] }, {}).schema.enum).toEqual(['a']);
  });

  it('maps the non-standard "float" type to number', () => {
    expect(resolveSchema({ type: 'float', minimum: 0 }, {}).schema).toEqual({ type: 'number', minimum: 0 });
  });

  it('keeps an enum-or-object union whole for the field compiler, dropping only null (fal image_size)', () => {
    const root = { components: { schemas: { ImageSize: { type: 'object', title: 'ImageSize', properties: {} } } } };
    const r = resolveSchema({ anyOf: [{ $ref: '#/components/schemas/ImageSize' }, { type: 'string', enum: ['square', 'portrait_4_3'] }, { type: 'null' }] }, root);
    expect(r.schema.anyOf).toHaveLength(2);
    expect(r.nullable).toBe(true);
    expect(r.note).toMatch(/one of 2 shapes \(an object \(ImageSize\), a choice \(square, portrait_4_3\)\)/);
  });

  it('reads an enum beside a free string as suggestions, and enums side by side as one enum', () => {
    const free = resolveSchema({ anyOf: [{ type: 'string', enum: ['alloy', 'echo'] }, { type: 'string' }] }, {});
    expect(free.schema).toMatchObject({ type: 'string', enum: ['alloy', 'echo'], 'x-weft-free-text': true });
    expect(resolveSchema({ oneOf: [{ enum: ['a', 'b'] }, { enum: ['c'] }] }, {}).schema.enum).toEqual(['a', 'b', 'c']);
  });

  it('turns oneOf of consts into an enum labelled by their titles', () => {
    const r = resolveSchema({ oneOf: [{ const: 1, title: 'One' }, { const: 2, title: 'Two' }] }, {});
    expect(r.schema.enum).toEqual([1, 2]);
    expect(r.schema['x-enum-labels']).toEqual(['One', 'Two']);
  });

  it('reports an unresolved or self-referencing $ref instead of throwing', () => {
    expect(resolveSchema({ $ref: '#/nope' }, {}).note).toMatch(/unresolved reference #\/nope/);
    const loop = { $defs: { A: { $ref: '#/$defs/A' } } };
    expect(resolveSchema({ $ref: '#/$defs/A' }, loop).note).toMatch(/too deeply/);
  });

  it('inlines references so a sub-schema stands alone', () => {
    const root = { $defs: { P: { type: 'object', properties: { x: { type: 'float', nullable: true } } } } };
    expect(inlineRefs({ type: 'array', items: { $ref: '#/$defs/P' } }, root)).toEqual({
      type: 'array', items: { type: 'object', properties: { x: { type: ['number', 'null'] } } },
    });
  });
});
