import { DEFAULT_LOAD_LIMITS } from './limits.ts';

/**
 * Share links carry a graph file in the URL fragment (`#graph=<payload>`), which browsers never send
 * to a server: the file text, deflated (`deflate-raw`) and written as base64url. Opening a link is
 * hostile input: the payload's length is capped before decoding, inflation is streamed and stopped as
 * soon as the output passes its cap (a decompression bomb never fills memory), and the text then goes
 * through `loadGraph` like any file. Uses only web-standard globals present in browsers and Node 20.
 */

export const SHARE_PARAM = 'graph';

export interface ShareLimits {
  /** Longest payload accepted, in characters (browsers keep URLs up to about 2 MB). */
  maxEncodedChars: number;
  /** Most bytes inflation may produce; the same cap `loadGraph` puts on a file. */
  maxInflatedBytes: number;
}

export const DEFAULT_SHARE_LIMITS: ShareLimits = {
  maxEncodedChars: 2_000_000,
  maxInflatedBytes: DEFAULT_LOAD_LIMITS.maxChars,
};

/** Input is handed to the inflater this many bytes at a time, only when it asks for more. */
const SLICE = 4096;

export type DecodeResult = { ok: true; text: string } | { ok: false; error: string };

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function readAll(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A stream of `bytes` that hands out one small slice per pull (so inflation runs only as fast as it is read). */
function sliced(bytes: Uint8Array): ReadableStream<BufferSource> {
  let at = 0;
  return new ReadableStream<BufferSource>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + SLICE));
      at += SLICE;
    },
  }, { highWaterMark: 0 });
}

/** Compresses a graph file's text into a share-link payload (deflate-raw, base64url). */
export async function encodeSharePayload(text: string): Promise<string> {
  const deflated = await readAll(sliced(new TextEncoder().encode(text)).pipeThrough(new CompressionStream('deflate-raw')), Number.POSITIVE_INFINITY);
  return toBase64Url(deflated!);
}

/** Turns a share-link payload back into file text, within `limits`; never throws for bad input. */
export async function decodeSharePayload(payload: string, limits: Partial<ShareLimits> = {}): Promise<DecodeResult> {
  const { maxEncodedChars, maxInflatedBytes } = { ...DEFAULT_SHARE_LIMITS, ...limits };
  if (payload.length > maxEncodedChars) {
    return { ok: false, error: `The link is too long to open: its graph is ${payload.length.toLocaleString('en')} characters (at most ${maxEncodedChars.toLocaleString('en')}).` };
  }
  const bytes = fromBase64Url(payload);
  if (!bytes || bytes.length === 0) return { ok: false, error: 'The link is damaged: its graph is not valid base64url text (was it cut short when copied?).' };
  const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  let inflated: Uint8Array | null;
  try {
    inflated = await readAll(sliced(bytes).pipeThrough(new DecompressionStream('deflate-raw')), maxInflatedBytes);
  } catch {
    return { ok: false, error: 'The link is damaged: its graph could not be decompressed (was it cut short when copied?).' };
  }
  if (!inflated) return { ok: false, error: `The link's graph is too large: it expands past ${mib(maxInflatedBytes)}, so it was not opened.` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(inflated) };
  } catch {
    return { ok: false, error: 'The link is damaged: its graph is not UTF-8 text.' };
  }
}

/** The payload of a `#graph=…` fragment (`location.hash`), or null when the fragment is not a share link. */
export function sharePayloadOf(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const prefix = `${SHARE_PARAM}=`;
  return fragment.startsWith(prefix) ? fragment.slice(prefix.length) : null;
}

/** A share link: `base` (origin and path, no fragment) with the graph in its fragment. */
export function buildShareLink(base: string, payload: string): string {
  return `${base.replace(/#.*$/, '')}#${SHARE_PARAM}=${payload}`;
}
