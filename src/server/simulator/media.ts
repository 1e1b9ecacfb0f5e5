import { MIME_BY_EXTENSION } from '../../core/model/mediaTypes.ts';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { parseRange } from '../static.ts';

/**
 * Result and upload files, served at `/sim-media/<id>.<ext>` like a provider's pre-signed links: no
 * auth, Range support for video seeking. Generated and uploaded bytes live in memory in a bounded store
 * (oldest dropped first, like links that expire); sample video/audio are read from disk once.
 */

export const CONTENT_TYPES: Record<string, string> = { ...MIME_BY_EXTENSION, txt: 'text/plain; charset=utf-8' };

/** A stored file: bytes in memory, or a sample file on disk (shared, not counted against the bound). */
export type MediaItem = { id: string; ext: string; type: string; data: Buffer } | { id: string; ext: string; type: string; sample: string };

export interface MediaLimits {
  maxItems: number;
  maxBytes: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = { maxItems: 500, maxBytes: 256 * 1024 * 1024 };

export function newMediaId(): string {
  return randomBytes(12).toString('base64url');
}

export class MediaStore {
  private items = new Map<string, MediaItem>();
  private bytes = 0;
  private samples = new Map<string, Promise<Buffer | undefined>>();

  constructor(private limits: MediaLimits = DEFAULT_MEDIA_LIMITS) {}

  /** Stores bytes; returns the item (its id names it in URLs). */
  putData(ext: string, type: string, data: Buffer): MediaItem {
    const item: MediaItem = { id: newMediaId(), ext, type, data };
    this.items.set(item.id, item);
    this.bytes += data.length;
    this.trim();
    return item;
  }

  /** Names a sample file (`sample.mp4` in the media directory) under a fresh id. */
  putSample(ext: string, type: string, sample: string): MediaItem {
    const item: MediaItem = { id: newMediaId(), ext, type, sample };
    this.items.set(item.id, item);
    this.trim();
    return item;
  }

  private trim(): void {
    for (const [id, item] of this.items) {
      if (this.items.size <= this.limits.maxItems && this.bytes <= this.limits.maxBytes) break;
      this.items.delete(id);
      if ('data' in item) this.bytes -= item.data.length;
    }
  }

  get(id: string): MediaItem | undefined {
    return this.items.get(id);
  }

  clear(): void {
    this.items.clear();
    this.bytes = 0;
  }

  /** The bytes of an item; samples are read from `mediaDir` once and cached. */
  async bytesOf(item: MediaItem, mediaDir: string): Promise<Buffer | undefined> {
    if ('data' in item) return item.data;
    const file = path.join(mediaDir, item.sample);
    let p = this.samples.get(file);
    if (!p) {
      p = readFile(file).catch(() => undefined);
      this.samples.set(file, p);
    }
    return p;
  }
}

/** A pre-signed-looking media URL: RunningHub's carry `Expires` and `Signature` (ignored when served). */
export function mediaUrl(publicBase: string, item: { id: string; ext: string }, signedAt?: number): string {
  const url = `${publicBase}/sim-media/${item.id}.${item.ext}`;
  if (signedAt === undefined) return url;
  const expires = Math.floor(signedAt / 1000) + 86_400;
  const signature = createHash('sha256').update(`${item.id}:${expires}`).digest('hex').slice(0, 32);
  return `${url}?Expires=${expires}&Signature=${signature}`;
}

/** Parses `/sim-media/<id>.<ext>`. */
export function parseMediaPath(pathname: string): { id: string; ext: string } | undefined {
  const m = /^\/sim-media\/([A-Za-z0-9_-]{1,64})\.([a-z0-9]{1,8})$/.exec(pathname);
  return m ? { id: m[1]!, ext: m[2]! } : undefined;
}

/** The extension and type an upload is stored under: a media type when the name or header says one, else `bin`. */
export function uploadType(fileName: string, declared: string | undefined): { ext: string; type: string } {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  if (/^[a-z0-9]{1,8}$/.test(ext) && CONTENT_TYPES[ext] && ext !== 'txt') return { ext, type: CONTENT_TYPES[ext] };
  const type = (declared ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const byType = Object.entries(CONTENT_TYPES).find(([, t]) => t === type);
  if (byType && byType[0] !== 'txt') return { ext: byType[0], type };
  return { ext: 'bin', type: 'application/octet-stream' };
}

/** RunningHub's `type` for an upload: image, video, audio or file. */
export function mediaCategory(type: string): string {
  const major = type.split('/')[0];
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
}

/**
 * Writes a media item with Content-Length and `Range` (206/416) support. The sandbox CSP and nosniff
 * keep an uploaded file from running as a page on the editor's origin (the simulator may be mounted there).
 */
export function sendMedia(req: IncomingMessage, res: ServerResponse, item: MediaItem, data: Buffer): number {
  const size = data.length;
  const headers: Record<string, string> = {
    'Content-Type': item.type,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
  };
  const range = parseRange(req.headers.range, size);
  if (range === 'bad') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' });
    res.end();
    return 416;
  }
  const start = range?.start ?? 0;
  const end = range ? range.end : size - 1;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = String(size === 0 ? 0 : end - start + 1);
  const status = range ? 206 : 200;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) res.end();
  else res.end(data.subarray(start, end + 1));
  return status;
}

/** A minimal valid glTF binary (an empty scene): what a simulated 3D endpoint returns. */
export function tinyGlb(): Buffer {
  let json = JSON.stringify({ asset: { version: '2.0', generator: 'weft simulator' }, scenes: [{ nodes: [] }], scene: 0 });
  while (json.length % 4 !== 0) json += ' ';
  const body = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(12 + 8 + body.length);
  out.write('glTF', 0, 'latin1');
  out.writeUInt32LE(2, 4);
  out.writeUInt32LE(out.length, 8);
  out.writeUInt32LE(body.length, 12);
  out.write('JSON', 16, 'latin1');
  body.copy(out, 20);
  return out;
}
