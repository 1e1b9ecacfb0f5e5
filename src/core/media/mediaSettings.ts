import type { Problem } from '../model/template.ts';
import type { FramePosition, ImageFormat } from './backend.ts';
import { MAX_SIDE, parseAspect, type FitMode, type SizeRequest } from './fitGeometry.ts';
import { formatSeconds } from './mediaError.ts';

/**
 * A media node's values (field → value, wires already applied) read into typed settings, with every
 * problem a user can fix before anything runs: seconds that are not finite or negative, an end before
 * its start, a size that cannot be made, a colour that is not one. The same reading serves planning
 * (the templates' checks) and running (runLocalMediaNode), so they never disagree.
 */
export type MediaSettings =
  | { node: 'weft/video-frame'; position: FramePosition; format: ImageFormat }
  | { node: 'weft/video-trim'; start: number; end?: number; exact: boolean }
  | { node: 'weft/video-concat'; fit: FitMode }
  | { node: 'weft/video-audio'; mode: 'replace' | 'mix'; offset: number; volume: number }
  | { node: 'weft/audio-extract'; format: 'original' | 'wav' }
  | { node: 'weft/image-fit'; size: SizeRequest; fit: FitMode; background: [number, number, number, number]; format: 'same' | ImageFormat }
  | { node: 'weft/media-info' }
  | { node: 'weft/text-join'; separator: string }
  | { node: 'weft/text-split'; separator: string; trim: boolean; skipEmpty: boolean };

export type MediaNodeId = MediaSettings['node'];

/** The longest time a seconds field takes (a day): beyond it, a typo. */
export const MAX_SECONDS = 86_400;

type Payload = Record<string, unknown>;

class Reader {
  readonly problems: Problem[] = [];
  constructor(readonly payload: Payload) {}

  private problem(field: string, message: string, code = 'media_value'): void {
    this.problems.push({ field, message, code });
  }

  /**
   * A number of seconds; `fallback` when unset. Types and ranges are the template validator's to
   * report (the schema says minimum/maximum); here a bad value only falls back.
   */
  seconds(field: string, fallback: number | undefined): number | undefined {
    const raw = this.payload[field];
    return typeof raw === 'number' && Number.isFinite(raw) && Math.abs(raw) <= MAX_SECONDS ? raw : fallback;
  }

  number(field: string, fallback: number): number {
    const raw = this.payload[field];
    return typeof raw === 'number' && Number.isFinite(raw) ? raw : fallback;
  }

  /** Pixels; undefined when unset or invalid (the validator reports invalid ones). */
  size(field: string): number | undefined {
    const raw = this.payload[field];
    return typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= MAX_SIDE ? raw : undefined;
  }

  choice<T extends string>(field: string, options: readonly T[], fallback: T): T {
    const raw = this.payload[field];
    return options.includes(raw as T) ? (raw as T) : fallback;
  }

  flag(field: string, fallback: boolean): boolean {
    const raw = this.payload[field];
    return typeof raw === 'boolean' ? raw : fallback;
  }

  text(field: string, fallback: string): string {
    const raw = this.payload[field];
    return typeof raw === 'string' ? raw : fallback;
  }

  colour(field: string): [number, number, number, number] {
    const raw = this.text(field, '#000000').trim().toLowerCase();
    if (raw === 'transparent') return [0, 0, 0, 0];
    const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/.exec(raw);
    if (!m) {
      this.problem(field, `Background must be a colour like #000000 or #fff, or "transparent" — not ${JSON.stringify(raw)}`);
      return [0, 0, 0, 255];
    }
    const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
    return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).concat(255) as [number, number, number, number];
  }

  report(field: string, message: string): void {
    this.problem(field, message);
  }
}

/** `\n`, `\t` and `\\` in a separator typed into a one-line field become a new line, a tab, a backslash. */
export function unescapeSeparator(text: string): string {
  return text.replace(/\\(n|t|\\)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

function imageFit(r: Reader): MediaSettings {
  const width = r.size('width');
  const height = r.size('height');
  const aspectText = r.text('aspect', 'keep');
  const aspect = parseAspect(aspectText);
  if (aspectText !== 'keep' && aspect === undefined) r.report('aspect', `Aspect ratio must look like 16:9, not ${JSON.stringify(aspectText)}`);
  if (width === undefined && height === undefined && aspect === undefined && r.payload.width === undefined && r.payload.height === undefined) {
    r.report('width', 'Set a width, a height or an aspect ratio to fit the image to.');
  }
  if (width !== undefined && height !== undefined && aspect !== undefined) {
    r.report('aspect', `Width and height already fix the shape (${width}×${height}); set the aspect ratio to "keep" or clear one side.`);
  }
  const derived = width !== undefined && aspect !== undefined ? width / aspect : height !== undefined && aspect !== undefined ? height * aspect : undefined;
  if (derived !== undefined && (Math.round(derived) > MAX_SIDE || Math.round(derived) < 1)) {
    r.report(width !== undefined ? 'width' : 'height', `That aspect ratio makes the other side ${Math.round(derived)} px; it must be from 1 to ${MAX_SIDE}.`);
  }
  const size: SizeRequest = {};
  if (width !== undefined) size.width = width;
  if (height !== undefined) size.height = height;
  if (aspect !== undefined) size.aspect = aspect;
  const background = r.colour('background');
  const format = r.choice('format', ['same', 'png', 'jpeg'] as const, 'same');
  if (background[3] === 0 && format === 'jpeg') r.report('background', 'JPEG has no transparency; choose a colour or PNG.');
  return { node: 'weft/image-fit', size, fit: r.choice('fit', ['cover', 'contain', 'fill'] as const, 'cover'), background, format };
}

function read(id: MediaNodeId, r: Reader): MediaSettings {
  switch (id) {
    case 'weft/video-frame': {
      const which = r.choice('frame', ['first', 'last', 'at'] as const, 'last');
      const at = r.seconds('at', 0) ?? 0;
      const position: FramePosition = which === 'at' ? { kind: 'at', seconds: at } : { kind: which };
      return { node: id, position, format: r.choice('format', ['png', 'jpeg'] as const, 'png') };
    }
    case 'weft/video-trim': {
      const start = r.seconds('start', 0) ?? 0;
      const end = r.seconds('end', undefined);
      if (end !== undefined && end <= start) r.report('end', `End (${formatSeconds(end)}) must be after Start (${formatSeconds(start)}).`);
      return { node: id, start, ...(end !== undefined ? { end } : {}), exact: r.flag('exact', true) };
    }
    case 'weft/video-concat':
      return { node: id, fit: r.choice('fit', ['contain', 'cover', 'fill'] as const, 'contain') };
    case 'weft/video-audio': {
      const offset = r.seconds('offset', 0) ?? 0;
      return { node: id, mode: r.choice('mode', ['replace', 'mix'] as const, 'replace'), offset, volume: r.number('volume', 1) };
    }
    case 'weft/audio-extract':
      return { node: id, format: r.choice('format', ['original', 'wav'] as const, 'original') };
    case 'weft/image-fit':
      return imageFit(r);
    case 'weft/media-info':
      return { node: id };
    case 'weft/text-join':
      if (!Array.isArray(r.payload.texts) || r.payload.texts.length === 0) r.report('texts', 'Wire at least one text into Texts.');
      return { node: id, separator: unescapeSeparator(r.text('separator', '\\n')) };
    case 'weft/text-split': {
      const separator = unescapeSeparator(r.text('separator', '\\n'));
      if (separator === '') r.report('separator', 'The separator cannot be empty.');
      return { node: id, separator, trim: r.flag('trim', true), skipEmpty: r.flag('skipEmpty', true) };
    }
  }
}

/** Reads a media node's payload: its settings, and the problems that stop it from running. */
export function readMediaSettings(id: MediaNodeId, payload: Payload): { settings: MediaSettings; problems: Problem[] } {
  const reader = new Reader(payload);
  const settings = read(id, reader);
  return { settings, problems: reader.problems };
}
