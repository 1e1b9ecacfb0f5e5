/**
 * Where a picture goes when it is resized, cropped or padded to another size: the part of the source
 * that is drawn and where it lands. Computed once here so the browser (canvas drawImage) and ffmpeg
 * (crop, scale, pad) produce the same pixels' geometry. Used by image-fit and by video concat when
 * clips differ in size.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Size {
  x: number;
  y: number;
}

/** `cover` crops to fill the size, `contain` pads to fit inside it, `fill` stretches. */
export type FitMode = 'cover' | 'contain' | 'fill';

export interface FitGeometry extends Size {
  /** The region of the source that is drawn. */
  source: Rect;
  /** Where that region is drawn in the output; outside it is the background. */
  target: Rect;
}

/** The largest side Weft will make (browsers' canvases and encoders refuse much more). */
export const MAX_SIDE = 8192;

/** What the user asked for: any of width, height, aspect ratio (width / height). */
export interface SizeRequest {
  width?: number;
  height?: number;
  aspect?: number;
}

/** `16:9` → 16/9; undefined for anything else (including `keep`). */
export function parseAspect(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text ?? '');
  if (!m) return undefined;
  const ratio = Number(m[1]) / Number(m[2]);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : undefined;
}

const side = (n: number) => Math.max(1, Math.round(n));

/**
 * The output size for a source and a request: both sides as given; one side and a ratio (or the
 * source's ratio); or only a ratio, reached by cropping (`cover`), padding (`contain`) or stretching
 * the width (`fill`) without scaling the source.
 */
export function targetSize(source: Size, want: SizeRequest, mode: FitMode): Size {
  const ratio = want.aspect ?? source.width / source.height;
  if (want.width !== undefined && want.height !== undefined) return { width: want.width, height: want.height };
  if (want.width !== undefined) return { width: want.width, height: side(want.width / ratio) };
  if (want.height !== undefined) return { width: side(want.height * ratio), height: want.height };
  const wider = source.width / source.height > ratio;
  if (mode === 'fill') return { width: source.width, height: side(source.width / ratio) };
  if ((mode === 'cover') === wider) return { width: side(source.height * ratio), height: source.height };
  return { width: source.width, height: side(source.width / ratio) };
}

/** Rounds down to an even number, at least 2 (4:2:0 video needs even sizes and offsets). */
export function evenDown(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

/**
 * Places `source` into an output of `size` by `mode`, centred. With `even`, every size and offset in
 * the output is even (for 4:2:0 video).
 */
export function fitInto(source: Size, size: Size, mode: FitMode, even = false): FitGeometry {
  const round = even ? (n: number) => evenDown(Math.round(n)) : side;
  const offset = even ? (n: number) => Math.max(0, Math.floor(n / 2) * 2) : (n: number) => Math.max(0, Math.floor(n));
  const out = even ? { width: evenDown(size.width), height: evenDown(size.height) } : { ...size };
  const full: Rect = { x: 0, y: 0, width: source.width, height: source.height };
  if (mode === 'fill') return { ...out, source: full, target: { x: 0, y: 0, ...out } };
  if (mode === 'cover') {
    const scale = Math.max(out.width / source.width, out.height / source.height);
    const width = Math.min(source.width, side(out.width / scale));
    const height = Math.min(source.height, side(out.height / scale));
    const crop = { x: Math.floor((source.width - width) / 2), y: Math.floor((source.height - height) / 2), width, height };
    return { ...out, source: crop, target: { x: 0, y: 0, ...out } };
  }
  const scale = Math.min(out.width / source.width, out.height / source.height);
  const width = Math.min(out.width, round(source.width * scale));
  const height = Math.min(out.height, round(source.height * scale));
  return { ...out, source: full, target: { x: offset((out.width - width) / 2), y: offset((out.height - height) / 2), width, height } };
}
