import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { GLYPH_H, GLYPH_W, glyphRows } from './font.ts';

/**
 * The simulator's images: a minimal PNG encoder (8-bit RGB, no filtering) and a renderer that prints
 * the prompt on a colour derived from it, so a user can see which result belongs to which request.
 */

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Encodes `rgb` (width × height × 3 bytes, row-major) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

type Rgb = readonly [number, number, number];

/** HSL (h in 0..360, s and l in 0..1) to RGB bytes. */
function hsl(h: number, s: number, l: number): Rgb {
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/** A background colour derived from the text, and an ink that reads on it. */
export function coloursFor(text: string): { paper: Rgb; ink: Rgb; band: Rgb } {
  const hash = createHash('sha256').update(text).digest();
  const hue = ((hash[0] ?? 0) * 256 + (hash[1] ?? 0)) % 360;
  const light = 0.3 + ((hash[2] ?? 0) / 255) * 0.4;
  const paper = hsl(hue, 0.45, light);
  const luma = 0.2126 * paper[0] + 0.7152 * paper[1] + 0.0722 * paper[2];
  const ink: Rgb = luma > 140 ? [20, 20, 20] : [245, 245, 245];
  const band = hsl(hue, 0.45, Math.max(0, light - 0.12));
  return { paper, ink, band };
}

/** Word-wraps `text` to lines of at most `cols` characters (long words are cut). */
export function wrap(text: string, cols: number): string[] {
  const lines: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (let word of para.split(/\s+/).filter(Boolean)) {
      while (word.length > cols) {
        if (line) lines.push(line);
        lines.push(word.slice(0, cols));
        word = word.slice(cols);
        line = '';
      }
      if (!word) continue;
      if (!line) line = word;
      else if (line.length + 1 + word.length <= cols) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

class Canvas {
  readonly rgb: Uint8Array;
  constructor(readonly width: number, readonly height: number, fill: Rgb) {
    this.rgb = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, fill);
  }

  fillRect(x0: number, y0: number, w: number, h: number, c: Rgb): void {
    const x1 = Math.min(this.width, x0 + w);
    const y1 = Math.min(this.height, y0 + h);
    const xs = Math.max(0, x0);
    if (xs >= x1) return;
    for (let y = Math.max(0, y0); y < y1; y++) {
      const row = y * this.width * 3;
      for (let x = xs; x < x1; x++) {
        const i = row + x * 3;
        this.rgb[i] = c[0];
        this.rgb[i + 1] = c[1];
        this.rgb[i + 2] = c[2];
      }
    }
  }

  /** Draws one line of text at a pixel scale; characters outside printable ASCII become boxes. */
  text(x: number, y: number, line: string, scale: number, c: Rgb): void {
    for (const ch of line) {
      const rows = glyphRows(ch);
      for (let r = 0; r < GLYPH_H; r++) {
        const bits = rows[r] ?? 0;
        for (let col = 0; col < GLYPH_W; col++) {
          if (bits & (1 << (GLYPH_W - 1 - col))) this.fillRect(x + col * scale, y + r * scale, scale, scale, c);
        }
      }
      x += (GLYPH_W + 1) * scale;
    }
  }
}

export interface PromptImage {
  prompt: string;
  /** Small print at the bottom (the endpoint id). */
  footer: string;
  width?: number;
  height?: number;
}

const MAX_PROMPT_CHARS = 200;

/** Draws the first ~200 characters of the prompt, word-wrapped, with the footer, as a PNG. */
export function renderPromptPng(image: PromptImage): Buffer {
  const width = image.width ?? 512;
  const height = image.height ?? 512;
  const { paper, ink, band } = coloursFor(image.prompt);
  const canvas = new Canvas(width, height, paper);
  const margin = Math.max(4, Math.round(Math.min(width, height) / 24));
  const footerH = GLYPH_H + 8;
  const scale = width >= 256 && height >= 160 ? 2 : 1;
  const cell = (GLYPH_W + 1) * scale;
  const lineH = (GLYPH_H + 3) * scale;
  const cols = Math.max(1, Math.floor((width - 2 * margin) / cell));
  const maxLines = Math.max(1, Math.floor((height - 2 * margin - footerH) / lineH));
  const shown = image.prompt.length > MAX_PROMPT_CHARS ? `${image.prompt.slice(0, MAX_PROMPT_CHARS)}...` : image.prompt;
  const lines = wrap(shown || '(no prompt)', cols).slice(0, maxLines);
  lines.forEach((line, i) => canvas.text(margin, margin + i * lineH, line, scale, ink));
  canvas.fillRect(0, height - footerH, width, footerH, band);
  const footerCols = Math.max(1, Math.floor((width - 8) / (GLYPH_W + 1)));
  canvas.text(4, height - footerH + 4, image.footer.slice(0, footerCols), 1, ink);
  return encodePng(width, height, canvas.rgb);
}

function positive(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Parses "16:9", "9x16", "1024*768", "landscape_16_9", "portrait_4_3", "square_hd" into a width:height ratio. */
function ratioOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^square/i.test(value.trim())) return 1;
  const m = /(\d+(?:\.\d+)?)\s*[:x*×_/]\s*(\d+(?:\.\d+)?)/i.exec(value);
  if (!m) return undefined;
  const w = Number(m[1]);
  const h = Number(m[2]);
  if (!(w > 0 && h > 0)) return undefined;
  // Presets name the larger number first and say the orientation in words.
  return /portrait/i.test(value) ? Math.min(w, h) / Math.max(w, h) : /landscape/i.test(value) ? Math.max(w, h) / Math.min(w, h) : w / h;
}

const MAX_SIDE = 1024;
const MIN_SIDE = 64;

/**
 * The picture size a request asks for: `width`/`height` when given (top level or an `image_size`
 * object; scaled down to fit 1024), else an
 * aspect ratio (`aspect_ratio`, `aspectRatio`, `image_size`, `size`) on a 512 long side, else 512×512.
 */
export function imageSizeFor(input: Record<string, unknown>): { width: number; height: number } {
  const sized = [input, input.image_size, input.imageSize, input.size].find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && 'width' in v && 'height' in v);
  const w = positive(sized?.width);
  const h = positive(sized?.height);
  const clamp = (n: number) => Math.max(MIN_SIDE, Math.min(MAX_SIDE, Math.round(n)));
  if (w && h) {
    const k = Math.min(1, MAX_SIDE / Math.max(w, h));
    return { width: clamp(w * k), height: clamp(h * k) };
  }
  const ratio = ratioOf(input.aspect_ratio) ?? ratioOf(input.aspectRatio) ?? ratioOf(input.image_size) ?? ratioOf(input.imageSize) ?? ratioOf(input.size);
  if (ratio) return ratio >= 1 ? { width: 512, height: clamp(512 / ratio) } : { width: clamp(512 * ratio), height: 512 };
  return { width: 512, height: 512 };
}
