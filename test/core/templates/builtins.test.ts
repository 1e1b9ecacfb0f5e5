import { describe, expect, it } from 'vitest';
import type { NodeTemplate } from '../../../src/core/model/template.ts';
import { BUILTIN_TEMPLATES, getBuiltinTemplate } from '../../../src/core/templates/builtins.ts';
import { inputsOf } from '../../../src/core/templates/inputsOf.ts';

/** A built-in's ports as a hand-written graph sees them: input name → kind (+ "[]" when it takes several wires). */
function ports(t: NodeTemplate): { fields: string[]; wired: string[]; outputs: string[] } {
  return {
    fields: t.inputs.map((f) => f.name),
    wired: t.inputs.filter((f) => f.connectable).map((f) => `${f.name}${f.list ? '[]' : ''}`),
    outputs: t.outputs.map((o) => `${o.name}:${o.kind}${o.list ? '[]' : ''}`),
  };
}

const template = (id: string) => getBuiltinTemplate(id)!;

describe('built-in nodes: ids and port names are a contract (people write graphs by hand)', () => {
  it('has exactly these ids', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.id)).toEqual([
      'weft/text',
      'weft/template',
      'weft/image',
      'weft/video',
      'weft/audio',
      'weft/number',
      'weft/integer',
      'weft/boolean',
      'weft/choice',
      'weft/preview',
      'weft/save',
      'weft/note',
      'weft/video-frame',
      'weft/video-trim',
      'weft/video-concat',
      'weft/video-audio',
      'weft/audio-extract',
      'weft/image-fit',
      'weft/media-info',
      'weft/text-join',
      'weft/text-split',
    ]);
  });

  it.each([
    ['weft/text', { fields: ['text'], wired: [], outputs: ['text:text'] }],
    ['weft/template', { fields: ['template'], wired: [], outputs: ['text:text'] }],
    ['weft/image', { fields: ['url'], wired: [], outputs: ['image:image'] }],
    ['weft/video', { fields: ['url'], wired: [], outputs: ['video:video'] }],
    ['weft/audio', { fields: ['url'], wired: [], outputs: ['audio:audio'] }],
    ['weft/number', { fields: ['value'], wired: [], outputs: ['value:number'] }],
    ['weft/integer', { fields: ['value'], wired: [], outputs: ['value:integer'] }],
    ['weft/boolean', { fields: ['value'], wired: [], outputs: ['value:boolean'] }],
    ['weft/choice', { fields: ['value'], wired: [], outputs: ['value:text'] }],
    ['weft/preview', { fields: ['media'], wired: ['media[]'], outputs: [] }],
    ['weft/save', { fields: ['media', 'filename'], wired: ['media[]'], outputs: [] }],
    ['weft/note', { fields: ['text'], wired: [], outputs: [] }],
  ])('%s has its documented fields and ports', (id, expected) => {
    expect(ports(template(id))).toEqual(expected);
  });

  it('lets preview and save take any media or text, several wires at once', () => {
    for (const id of ['weft/preview', 'weft/save']) {
      const media = template(id).inputs.find((f) => f.name === 'media')!;
      expect(media.accepts).toEqual(expect.arrayContaining(['image', 'video', 'audio', 'text']));
      expect(media.list).toEqual({ min: 1 });
    }
  });

  it('gives a text template one text input per placeholder, after its own field', () => {
    const fields = inputsOf(template('weft/template'), { template: 'A {animal} in {place}' });
    expect(fields.map((f) => [f.name, f.kind, f.connectable, f.required])).toEqual([
      ['template', 'text', false, false],
      ['animal', 'text', true, true],
      ['place', 'text', true, true],
    ]);
  });

  it('keeps every schema hash stable (a change marks every saved node of that type as drifted)', () => {
    expect(Object.fromEntries(BUILTIN_TEMPLATES.map((t) => [t.id, t.schemaHash]))).toEqual({
      'weft/text': '7ceb8a89a8c93dfa',
      'weft/template': 'f27bef66311347ad',
      'weft/image': '08199653e5bfd73c',
      'weft/video': '5c582da15b47899c',
      'weft/audio': 'a16c42848c30361a',
      'weft/number': '10b8d118e48e4bf3',
      'weft/integer': '9d396002307d44e8',
      'weft/boolean': '3a2f6ec1bd26cf88',
      'weft/choice': 'afe26b5032b1e00d',
      'weft/preview': 'a1a2ba3af0724b97',
      'weft/save': '190a5e5d0f16a4e0',
      'weft/note': '5d0e29b03d86708c',
      'weft/video-frame': '771c0690d8d6fea3',
      'weft/video-trim': '5fbf62289d5d8e7d',
      'weft/video-concat': 'f6abe1ff631e66b4',
      'weft/video-audio': 'be2aafd105a55e59',
      'weft/audio-extract': 'db950056b0058070',
      'weft/image-fit': 'fa4fd40690203e24',
      'weft/media-info': '8b6815862d0811e2',
      'weft/text-join': '77555f4111675ff4',
      'weft/text-split': 'dc52af2e845047ea',
    });
  });
});
