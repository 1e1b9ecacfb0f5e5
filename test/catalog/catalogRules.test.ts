import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Definition } from '../../src/core/model/definition.ts';
import { categoryOf } from '../../scripts/catalog/category.ts';
import { countFieldsOf, mayReturnSeveral as returnsList } from '../../src/core/templates/outputs.ts';
import { titleFromRunningHubName } from '../../scripts/catalog/title.ts';
import { definitionPath, writeNodes } from '../../scripts/catalog/writeNodes.ts';

function def(endpoint: string, provider = 'runcomfy'): Definition {
  return {
    id: `${provider}/${endpoint}`, provider, endpoint, title: endpoint, category: 'Video/Text to Video',
    output: { kind: 'video', list: false }, inputSchema: { type: 'object', properties: {} }, source: { catalog: 'test' },
  };
}

describe('titleFromRunningHubName', () => {
  it('makes slug names readable and keeps versions as the provider spells them', () => {
    expect(titleFromRunningHubName('kling-v3.0-pro-image-to-video')).toBe('Kling v3.0 Pro Image to Video');
    expect(titleFromRunningHubName('hailuo-2.3/i2v-pro')).toBe('Hailuo 2.3 I2V Pro');
  });

  it('turns channel and stability suffixes and deprecation into a parenthesised note', () => {
    expect(titleFromRunningHubName('google/veo3.1-pro/text-to-video-official-stable')).toBe('Google Veo3.1 Pro Text to Video (official stable)');
    expect(titleFromRunningHubName('nano-banana/edit-channel-low-price')).toBe('Nano Banana Edit (low-price channel)');
    expect(titleFromRunningHubName('gpt-image-1.5/edit-channel-low-price-[Deprecated] Please use gpt-image-2 instead'))
      .toBe('GPT Image 1.5 Edit (low-price channel, deprecated: use gpt-image-2 instead)');
  });
});

describe('categoryOf', () => {
  it('reads the task from the endpoint id and files it under the task medium', () => {
    expect(categoryOf('Video', new Set(), 'kling/kling-3.0/pro/image-to-video')).toBe('Video/Image to Video');
    expect(categoryOf('Text', new Set(['video']), 'pixverse-v6/extend')).toBe('Video/Extend');
    expect(categoryOf('Image', new Set(['image']), 'marble-1.0/image-to-world')).toBe('3D/World');
  });

  it('falls back to the input media when the id names no task', () => {
    expect(categoryOf('Image', new Set(), 'blackforestlabs/flux-3/image')).toBe('Image/Text to Image');
    expect(categoryOf('Video', new Set(['image', 'video', 'audio']), 'bytedance/seedance-2.0/pro')).toBe('Video/Reference to Video');
    expect(categoryOf('Video', new Set(['image']), 'minimax/hailuo-02/fast')).toBe('Video/Image to Video');
  });
});

describe('output list detection', () => {
  it('counts a count input whose maximum or enum allows more than one result', () => {
    expect(returnsList({ properties: { num_images: { type: 'integer', minimum: 1, maximum: 4 } } })).toBe(true);
    expect(returnsList({ properties: { imageNum: { type: 'string', enum: ['1', '2', '6'] } } })).toBe(true);
    expect(countFieldsOf({ properties: { maxImages: { type: 'integer' }, n: { type: 'integer', maximum: 1 } } })).toEqual(['maxImages']);
  });

  it('ignores inputs that only look numeric or allow a single result', () => {
    expect(returnsList({ properties: { duration: { type: 'integer', maximum: 10 }, n: { type: 'string', enum: ['1'] } } })).toBe(false);
  });
});

describe('writeNodes', () => {
  let dir = '';
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('writes nested files, removes stale generated ones, and leaves other providers alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-nodes-'));
    mkdirSync(join(dir, 'runcomfy/old/model'), { recursive: true });
    writeFileSync(join(dir, 'runcomfy/old/model/gone.json'), '{}');
    mkdirSync(join(dir, 'custom'), { recursive: true });
    writeFileSync(join(dir, 'custom/mine.json'), '{}');
    const report = writeNodes(dir, [def('a/b/c'), def('x', 'runninghub')]);
    expect(report.removed).toEqual(['runcomfy/old/model/gone.json']);
    expect(existsSync(join(dir, 'runcomfy/old'))).toBe(false);
    expect(existsSync(join(dir, 'custom/mine.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'runcomfy/a/b/c.json'), 'utf8')).id).toBe('runcomfy/a/b/c');
    expect(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).map((r: { id: string }) => r.id)).toEqual(['runcomfy/a/b/c', 'runninghub/x']);
    expect(writeNodes(dir, [def('a/b/c'), def('x', 'runninghub')])).toEqual({ written: 0, unchanged: 2, removed: [] });
  });

  it('fails loudly, naming the endpoint, on an invalid definition or a path-escaping endpoint', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-nodes-'));
    expect(() => writeNodes(dir, [{ ...def('bad'), title: '' }])).toThrow(/runcomfy\/bad/);
    expect(() => definitionPath(dir, def('../escape'))).toThrow(/cannot be a file path/);
  });
});
