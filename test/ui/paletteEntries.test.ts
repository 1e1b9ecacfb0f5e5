import { describe, expect, it } from 'vitest';
import { parseIndexRow, type PaletteEntry } from '../../src/ui/catalogEntry.ts';
import { categoryLabel, entriesForWire, filterEntries, groupEntries } from '../../src/ui/palette/paletteEntries.ts';
import index from '../../nodes/index.json';

function entry(id: string, title: string, category: string, output: string, accepts: string[] = ['text']): PaletteEntry {
  return { id, title, provider: id.split('/')[0]!, category, output, outputList: false, accepts };
}

const ENTRIES = [
  entry('runcomfy/google-deepmind/veo-3-1/reference-to-video', 'Veo 3.1 reference to video', 'Video/Reference to video', 'video'),
  entry('runninghub/rhart-video-v3.1-pro-official/reference-to-video', 'Veo 3.1 Pro reference to video', 'Video/Reference to video', 'video'),
  entry('runcomfy/blackforestlabs/flux-3/text-to-image', 'FLUX 3 Image', 'Image/Text to Image', 'image'),
  entry('weft/text', 'Text', 'Inputs', 'text'),
];

describe('palette search', () => {
  it('matches every word, in any order, ignoring case', () => {
    expect(filterEntries(ENTRIES, 'VEO 3.1 reference').map((e) => e.title)).toEqual([
      'Veo 3.1 reference to video',
      'Veo 3.1 Pro reference to video',
    ]);
    expect(filterEntries(ENTRIES, 'reference pro veo').map((e) => e.title)).toEqual(['Veo 3.1 Pro reference to video']);
  });

  it('matches the provider (by id or by name), the category and the output kind', () => {
    expect(filterEntries(ENTRIES, 'runninghub').length).toBe(1);
    expect(filterEntries(ENTRIES, 'RunComfy image').map((e) => e.id)).toEqual(['runcomfy/blackforestlabs/flux-3/text-to-image']);
    expect(filterEntries(ENTRIES, 'inputs').map((e) => e.id)).toEqual(['weft/text']);
    expect(filterEntries(ENTRIES, 'text to image').map((e) => e.id)).toEqual(['runcomfy/blackforestlabs/flux-3/text-to-image']);
  });

  it('lists everything for an empty or blank query', () => {
    expect(filterEntries(ENTRIES, '   ').length).toBe(ENTRIES.length);
  });

  it('finds the RunComfy Veo 3.1 reference endpoint in the real index', () => {
    const rows = (index as unknown[]).map(parseIndexRow).filter((e): e is PaletteEntry => !!e);
    expect(rows.length).toBeGreaterThan(400);
    expect(filterEntries(rows, 'veo 3.1 reference').map((e) => e.id)).toContain('runcomfy/google-deepmind/veo-3-1/reference-to-video');
  });
});

describe('palette grouping', () => {
  it('puts built-ins first, then providers and categories alphabetically, titles in natural order', () => {
    const groups = groupEntries([
      ...ENTRIES,
      entry('runcomfy/x/wan-2.10', 'Wan 2.10', 'Image/Text to Image', 'image'),
      entry('runcomfy/x/wan-2.9', 'Wan 2.9', 'Image/Text to Image', 'image'),
    ]);
    expect(groups.map((g) => `${g.provider}:${g.category}`)).toEqual([
      'weft:Inputs',
      'runcomfy:Image/Text to Image',
      'runcomfy:Video/Reference to video',
      'runninghub:Video/Reference to video',
    ]);
    expect(groups[1]!.entries.map((e) => e.title)).toEqual(['FLUX 3 Image', 'Wan 2.9', 'Wan 2.10']);
  });

  it('with a query, puts the node whose title answers it first, before nodes matching only by output kind', () => {
    const all = [entry('weft/media-info', 'Media info', 'Media', 'integer'), entry('weft/integer', 'Integer', 'Primitives', 'integer'), entry('weft/number', 'Number', 'Primitives', 'number')];
    const groups = groupEntries(filterEntries(all, 'integer'), 'integer');
    expect(groups[0]!.entries[0]!.id).toBe('weft/integer');
    expect(groupEntries(filterEntries(all, 'integer')).map((g) => g.category)).toEqual(['Media', 'Primitives']);
  });

  it('shows nested categories with chevrons', () => {
    expect(categoryLabel('Video/Reference to video')).toBe('Video › Reference to video');
  });
});

describe('reading nodes/index.json rows', () => {
  it('accepts an output given as a kind or as {kind, list}', () => {
    expect(parseIndexRow({ id: 'a/b', title: 'B', provider: 'a', category: 'C', output: 'image' })).toMatchObject({ output: 'image', outputList: false });
    expect(parseIndexRow({ id: 'a/b', title: 'B', provider: 'a', category: 'C', output: { kind: 'video', list: true } })).toMatchObject({
      output: 'video',
      outputList: true,
    });
  });

  it('skips a row without an id or title instead of failing the palette', () => {
    expect(parseIndexRow({ title: 'x' })).toBeUndefined();
    expect(parseIndexRow(null)).toBeUndefined();
    expect(parseIndexRow({ id: 'p/x', title: 'X' })).toMatchObject({ provider: 'p', category: 'Other' });
  });
});

describe('a wire dropped on empty canvas', () => {
  const entries = [
    entry('a/t2i', 'Text to image', 'Image/T2I', 'image', ['integer', 'text']),
    entry('a/i2v', 'Image to video', 'Video/I2V', 'video', ['image', 'text']),
    entry('a/v2v', 'Video to video', 'Video/V2V', 'video', ['text', 'video']),
  ];

  it('from an image output offers only nodes with an input that takes an image', () => {
    expect(entriesForWire(entries, { output: 'image' }).map((e) => e.id)).toEqual(['a/i2v']);
  });

  it('from an input offers only nodes whose output it takes', () => {
    expect(entriesForWire(entries, { input: ['video'] }).map((e) => e.id)).toEqual(['a/i2v', 'a/v2v']);
  });

  it('reads the accepted kinds of every row of nodes/index.json', () => {
    const rows = (index as unknown[]).map(parseIndexRow);
    expect(rows.every((r) => r !== undefined && Array.isArray(r.accepts))).toBe(true);
    expect(rows.find((r) => r?.id === 'runcomfy/google-deepmind/veo-3-1/reference-to-video')?.accepts).toContain('image');
  });
});
