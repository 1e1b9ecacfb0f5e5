import type { DownloadedFile, MediaFile, ResultKind, CallOptions } from '../core/providers/types.ts';
import { isAllowedMediaUrl, type KnownProviderId, type ProviderConfig } from './config.ts';
import { startDeadline } from './deadline.ts';
import { providerError } from './errors.ts';
import { DEFAULT_TRANSFER_TIMEOUT_MS } from './http.ts';

/** Files, their kinds and the bytes between them: data URIs, result kinds, and guarded downloads. */

const EXT_KINDS: Record<string, ResultKind> = {
  png: 'image', jpg: 'image', jpeg: 'image', webp: 'image', gif: 'image', bmp: 'image', avif: 'image', heic: 'image', tif: 'image', tiff: 'image',
  mp4: 'video', webm: 'video', mov: 'video', mkv: 'video', m4v: 'video', avi: 'video',
  mp3: 'audio', wav: 'audio', flac: 'audio', m4a: 'audio', ogg: 'audio', aac: 'audio', opus: 'audio',
  txt: 'text',
};

/** MIME types of media files by lowercase extension: one table for adapters, the simulator and the CLI. */
export const MEDIA_MIME_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', avif: 'image/avif',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime',
  mp3: 'audio/mpeg', wav: 'audio/wav', flac: 'audio/flac', m4a: 'audio/mp4', ogg: 'audio/ogg', aac: 'audio/aac',
  glb: 'model/gltf-binary', obj: 'model/obj', zip: 'application/zip',
};

/** What kind of result a file extension is. */
export function kindOfExtension(ext: string | undefined): ResultKind {
  return (ext && EXT_KINDS[ext.toLowerCase()]) || 'file';
}

/** The extension of a URL's last path segment (`…/a.PNG?sig=1` → `png`), if any. */
export function extensionOf(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').pop() ?? '';
    const m = /\.([A-Za-z0-9]{1,5})$/.exec(last);
    return m?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A MIME type guessed from a file name or URL extension. */
export function mimeOfExtension(ext: string | undefined): string {
  return (ext && MEDIA_MIME_TYPES[ext.toLowerCase()]) || 'application/octet-stream';
}

/** The media kind of a MIME type (`image/png` → image). */
export function kindOfMime(mime: string): 'image' | 'video' | 'audio' | 'file' {
  const top = mime.split('/')[0]?.toLowerCase();
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'file';
}

/** Whether a string is an absolute http(s) URL (the only result URLs Weft keeps). */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes, the same in Node and the browser (no Buffer, no btoa string limits). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    chunk += BASE64[a >> 2]! + BASE64[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    chunk += b === undefined ? '=' : BASE64[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    chunk += c === undefined ? '=' : BASE64[c & 63]!;
    if (chunk.length >= 65536) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** A `data:` URI for a file. The MIME type must look like one (it goes into the payload verbatim). */
export function toDataUri(file: MediaFile): string {
  const mime = /^[a-z]+\/[a-z0-9.+-]+$/i.test(file.mimeType) ? file.mimeType.toLowerCase() : 'application/octet-stream';
  return `data:${mime};base64,${toBase64(file.bytes)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} B`;
}

const MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Downloads a result file, only from the provider's media hosts over HTTPS or from its configured base
 * URL's host (RELIABILITY promise 12). Redirects are followed by hand, each target checked the same way.
 * In the browser (keyTransport `proxy`) a file on another origin is fetched through the local server's
 * `/api/media/<provider>` route, which applies that rule itself; the key never travels with a download.
 */
export async function downloadResult(id: KnownProviderId, config: ProviderConfig, url: string, options: CallOptions = {}): Promise<DownloadedFile> {
  const spec = { provider: id, call: 'download' as const };
  const refuse = (target: string) =>
    providerError(spec, { class: 'invalid_input', message: `Refused to download a result from ${describeHost(target)}: it is not one of ${id}'s media hosts.` }, config.apiKey);
  // In the browser the local server makes the call and applies the rule with the upstream it is
  // configured for (which the page does not know); here only the scheme is checked.
  const allowed = (target: string) => (config.keyTransport === 'proxy' ? isHttpUrl(target) && !/^[a-z]+:\/\/[^/]*@/i.test(target) : isAllowedMediaUrl(target, id, config));
  if (!allowed(url)) throw refuse(url);

  const timeoutMs = options.timeoutMs ?? config.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS;
  // A timer this function owns (AbortSignal.any stops firing after GC on Node 20), cleared on every exit.
  const deadline = startDeadline(timeoutMs, options.signal);
  try {
    return await fetchFollowing(id, config, url, deadline.signal, timeoutMs, allowed, refuse);
  } finally {
    deadline.clear();
  }
}

async function fetchFollowing(
  id: KnownProviderId,
  config: ProviderConfig,
  url: string,
  signal: AbortSignal,
  timeoutMs: number,
  allowed: (target: string) => boolean,
  refuse: (target: string) => ReturnType<typeof providerError>,
): Promise<DownloadedFile> {
  const spec = { provider: id, call: 'download' as const };
  const doFetch = config.fetch ?? fetch;
  let current = url;
  for (let hop = 0; ; hop++) {
    const viaProxy = config.keyTransport === 'proxy' && new URL(current).origin !== new URL(config.baseUrl).origin;
    const fetchUrl = viaProxy ? `${new URL(config.baseUrl).origin}/api/media/${id}?url=${encodeURIComponent(current)}` : current;
    let response: Response;
    try {
      response = await doFetch(fetchUrl, { method: 'GET', signal, redirect: 'manual', headers: viaProxy ? { 'X-Weft-Client': '1' } : {} });
    } catch {
      const timedOut = signal.aborted && (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
      throw providerError(spec, { class: 'transient', message: timedOut ? `Downloading the result from ${describeHost(current)} took longer than ${Math.round(timeoutMs / 1000)} s.` : `Downloading the result from ${describeHost(current)} failed: the connection broke.` }, config.apiKey);
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (!location || hop >= MAX_REDIRECTS) throw providerError(spec, { class: 'unknown', message: `The result download from ${describeHost(current)} redirected too often.` }, config.apiKey);
      const next = new URL(location, current).href;
      if (!allowed(next)) throw refuse(next);
      current = next;
      continue;
    }
    if (!response.ok) {
      const expired = response.status === 403 || response.status === 404 || response.status === 410;
      throw providerError(
        spec,
        {
          class: expired ? 'not_found' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'transient' : 'unknown',
          message: expired ? `The result file at ${describeHost(current)} is gone (HTTP ${response.status}); provider links expire, so results are downloaded right away.` : `Downloading the result failed with HTTP ${response.status}.`,
          httpStatus: response.status,
        },
        config.apiKey,
      );
    }
    const declared = Number(response.headers.get('content-length') ?? 'NaN');
    if (declared > MAX_DOWNLOAD_BYTES) throw providerError(spec, { class: 'invalid_input', message: `The result file is ${formatBytes(declared)}, over Weft's ${formatBytes(MAX_DOWNLOAD_BYTES)} limit.` }, config.apiKey);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      throw providerError(spec, { class: 'transient', message: `Downloading the result from ${describeHost(current)} broke off.` }, config.apiKey);
    }
    const headerType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    const mimeType = headerType && headerType !== 'application/octet-stream' ? headerType : mimeOfExtension(extensionOf(current));
    return { bytes, mimeType, url };
  }
}

/** Only the host of a URL, for messages: never a query string (pre-signed URLs carry signatures). */
function describeHost(url: string): string {
  try {
    return new URL(url).host || 'an unknown host';
  } catch {
    return 'an invalid URL';
  }
}
