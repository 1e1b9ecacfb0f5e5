import { describe, expect, it } from 'vitest';
import { fitInto, parseAspect, targetSize } from '../../../src/core/media/fitGeometry.ts';

const src = { width: 1920, height: 1080 };

describe('targetSize: the size an image is fitted to', () => {
  it('takes both sides as given', () => {
    expect(targetSize(src, { width: 512, height: 512 }, 'cover')).toEqual({ width: 512, height: 512 });
  });

  it('derives the other side from the source ratio, or from an aspect ratio when one is set', () => {
    expect(targetSize(src, { width: 960 }, 'cover')).toEqual({ width: 960, height: 540 });
    expect(targetSize(src, { height: 720 }, 'cover')).toEqual({ width: 1280, height: 720 });
    expect(targetSize(src, { width: 1080, aspect: 9 / 16 }, 'cover')).toEqual({ width: 1080, height: 1920 });
  });

  it('reaches a bare aspect ratio by cropping (cover), padding (contain) or stretching the width (fill), never scaling', () => {
    expect(targetSize(src, { aspect: 1 }, 'cover')).toEqual({ width: 1080, height: 1080 });
    expect(targetSize(src, { aspect: 1 }, 'contain')).toEqual({ width: 1920, height: 1920 });
    expect(targetSize(src, { aspect: 1 }, 'fill')).toEqual({ width: 1920, height: 1920 });
    const tall = { width: 600, height: 1000 };
    expect(targetSize(tall, { aspect: 16 / 9 }, 'cover')).toEqual({ width: 600, height: 338 });
    expect(targetSize(tall, { aspect: 16 / 9 }, 'contain')).toEqual({ width: 1778, height: 1000 });
  });

  it('never makes a side of 0 pixels', () => {
    expect(targetSize({ width: 4000, height: 1 }, { width: 1 }, 'cover')).toEqual({ width: 1, height: 1 });
  });
});

describe('fitInto: what is drawn where', () => {
  it('cover crops the centre of the source to the target shape and fills the output', () => {
    const g = fitInto(src, { width: 512, height: 512 }, 'cover');
    expect(g.source).toEqual({ x: 420, y: 0, width: 1080, height: 1080 });
    expect(g.target).toEqual({ x: 0, y: 0, width: 512, height: 512 });
  });

  it('contain draws all of the source, centred, leaving bands of background', () => {
    const g = fitInto(src, { width: 512, height: 512 }, 'contain');
    expect(g.source).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(g.target).toEqual({ x: 0, y: 112, width: 512, height: 288 });
  });

  it('fill stretches all of the source over all of the output', () => {
    expect(fitInto(src, { width: 100, height: 300 }, 'fill')).toEqual({
      width: 100, height: 300, source: { x: 0, y: 0, width: 1920, height: 1080 }, target: { x: 0, y: 0, width: 100, height: 300 },
    });
  });

  it('for video keeps every size and offset even (4:2:0), even for an odd output size', () => {
    const g = fitInto({ width: 128, height: 128 }, { width: 161, height: 91 }, 'contain', true);
    for (const n of [g.width, g.height, g.target.x, g.target.y, g.target.width, g.target.height]) expect(n % 2).toBe(0);
    expect(g.target.width).toBeLessThanOrEqual(g.width);
    expect(g.target.x + g.target.width).toBeLessThanOrEqual(g.width);
  });
});

describe('parseAspect', () => {
  it('reads w:h and refuses anything else', () => {
    expect(parseAspect('16:9')).toBeCloseTo(16 / 9);
    expect(parseAspect('2.39:1')).toBeCloseTo(2.39);
    for (const bad of ['keep', '16/9', '0:9', '16:0', '', undefined]) expect(parseAspect(bad)).toBeUndefined();
  });
});
