import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImageInfo, requireImageInfo } from '../../../src/core/media/imageInfo.ts';
import { withOrientation } from '../../media/support/exif.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/media/${name}`, import.meta.url)));

describe('readImageInfo: type and displayed size from the header', () => {
  it('reads PNG and JPEG fixtures', () => {
    expect(readImageInfo(fixture('still.png'))).toEqual({ mimeType: 'image/png', width: 64, height: 48, orientation: 1 });
    expect(readImageInfo(fixture('photo.jpg'))).toEqual({ mimeType: 'image/jpeg', width: 80, height: 60, orientation: 1 });
  });

  it('swaps the sides of a JPEG whose EXIF says it is turned a quarter (orientations 5–8), both byte orders', () => {
    expect(readImageInfo(withOrientation(fixture('photo.jpg'), 6))).toMatchObject({ width: 60, height: 80, orientation: 6 });
    expect(readImageInfo(withOrientation(fixture('photo.jpg'), 8, true))).toMatchObject({ width: 60, height: 80, orientation: 8 });
    expect(readImageInfo(withOrientation(fixture('photo.jpg'), 3))).toMatchObject({ width: 80, height: 60, orientation: 3 });
  });

  it('reads GIF and WebP (lossy, lossless, extended) headers', () => {
    const gif = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat(10, 0, 20, 0, 0, 0, 0));
    expect(readImageInfo(gif)).toMatchObject({ mimeType: 'image/gif', width: 10, height: 20 });
    const riff = (chunk: string, body: number[]) => new Uint8Array([...'RIFF'].map((c) => c.charCodeAt(0)).concat(0, 0, 0, 0, ...[...`WEBP${chunk}`].map((c) => c.charCodeAt(0)), 0, 0, 0, 0, ...body, ...new Array(16).fill(0)));
    expect(readImageInfo(riff('VP8X', [0, 0, 0, 0, 99, 0, 0, 49, 0, 0]))).toMatchObject({ width: 100, height: 50 });
    expect(readImageInfo(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 200, 0, 100, 0]))).toMatchObject({ width: 200, height: 100 });
    const bits = (300 - 1) | ((150 - 1) << 14);
    expect(readImageInfo(riff('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, (bits >>> 24) & 255]))).toMatchObject({ width: 300, height: 150 });
  });

  it('refuses what is not an image, a truncated header, or a zero size — with a clear error where one is required', () => {
    expect(readImageInfo(new TextEncoder().encode('<html>not an image</html>'))).toBeUndefined();
    expect(readImageInfo(fixture('still.png').subarray(0, 20))).toBeUndefined();
    expect(readImageInfo(fixture('photo.jpg').subarray(0, 100))).toBeUndefined();
    expect(readImageInfo(fixture('bands.mp4'))).toBeUndefined();
    const zero = fixture('still.png').slice();
    zero.fill(0, 16, 24);
    expect(readImageInfo(zero)).toBeUndefined();
    expect(() => requireImageInfo(new Uint8Array(0), 'image')).toThrow(/not a PNG, JPEG, WebP or GIF/);
  });
});
