import { MediaError } from './mediaError.ts';

/**
 * An image's type and size read from its header (PNG, JPEG, WebP, GIF) without decoding it, so
 * planning, media-info and image-fit know the size the same way in the browser and in Node. A JPEG's
 * EXIF orientation is honoured: `width`/`height` are the size as displayed.
 */
export interface ImageInfo {
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';
  /** Displayed size (EXIF orientation 5–8 swaps the stored sides). */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 = as stored). */
  orientation: number;
}

const u16be = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u16le = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, i: number) => u16be(b, i) * 65536 + u16be(b, i + 2);
const u24le = (b: Uint8Array, i: number) => u16le(b, i) + (b[i + 2] ?? 0) * 65536;
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function png(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 24 || u32be(b, 0) !== 0x89504e47 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return { mimeType: 'image/png', width: u32be(b, 16), height: u32be(b, 20), orientation: 1 };
}

function gif(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 10 || !/^GIF8[79]a$/.test(ascii(b, 0, 6))) return undefined;
  return { mimeType: 'image/gif', width: u16le(b, 6), height: u16le(b, 8), orientation: 1 };
}

function webp(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(b, 12, 4);
  const at = (width: number, height: number): ImageInfo => ({ mimeType: 'image/webp', width, height, orientation: 1 });
  if (chunk === 'VP8X') return at(u24le(b, 24) + 1, u24le(b, 27) + 1);
  if (chunk === 'VP8 ') return at(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return at((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  return undefined;
}

/** The orientation tag (0x0112) of an EXIF APP1 segment's first IFD, or 1. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (ascii(b, start, 6) !== 'Exif\0\0') return 1;
  const tiff = start + 6;
  const little = ascii(b, tiff, 2) === 'II';
  const r16 = (i: number) => (little ? u16le(b, i) : u16be(b, i));
  const r32 = (i: number) => (little ? r16(i) + r16(i + 2) * 65536 : r16(i) * 65536 + r16(i + 2));
  const ifd = tiff + r32(tiff + 4);
  const count = ifd + 2 <= end ? r16(ifd) : 0;
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > end) break;
    if (r16(entry) === 0x0112) {
      const value = r16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function jpeg(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let orientation = 1;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) { i++; continue; }
    const length = u16be(b, i + 2);
    if (marker === 0xe1) orientation = exifOrientation(b, i + 4, Math.min(b.length, i + 2 + length));
    // SOF0–SOF15 carry the size, except DHT (c4), JPG (c8) and DAC (cc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = u16be(b, i + 5);
      const width = u16be(b, i + 7);
      const swap = orientation >= 5;
      return { mimeType: 'image/jpeg', width: swap ? height : width, height: swap ? width : height, orientation };
    }
    i += 2 + length;
  }
  return undefined;
}

/** The image's type and displayed size, or undefined when the bytes are not a PNG, JPEG, WebP or GIF. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const info = png(bytes) ?? jpeg(bytes) ?? webp(bytes) ?? gif(bytes);
  return info && info.width > 0 && info.height > 0 ? info : undefined;
}

/** Like `readImageInfo`, but a clear error for anything that is not an image Weft can read. */
export function requireImageInfo(bytes: Uint8Array, field: string): ImageInfo {
  const info = readImageInfo(bytes);
  if (!info) throw new MediaError('invalid_input', 'This is not a PNG, JPEG, WebP or GIF image (or its header is damaged).', field);
  return info;
}
