import type { DownloadedFile, DownloadOptions, MediaFile } from '../core/providers/types.ts';
import { concatChunks } from '../core/concatChunks.ts';
import { isAllowedMediaUrl, type KnownProviderId, type ProviderConfig } from './config.ts';
import { providerError } from './errors.ts';
import { DEFAULT_TRANSFER_TIMEOUT_MS } from './http.ts';
import { kindOfExtension, mimeOfExtension } from '../core/model/mediaTypes.ts';

/** Files, their kinds and the bytes between them: data URIs, result kinds, and guarded downloads. */

export { kindOfExtension };

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

/** Largest result file Weft downloads unless told otherwise (a provider's longest 4K clips stay well under it). */
export const MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Downloads a result file, only from the provider's media hosts over HTTPS or from its configured base
 * URL's host (RELIABILITY promise 12). Redirects are followed by hand, each target checked the same way.
 * In the browser (keyTransport `proxy`) a file on another origin is fetched through the local server's
 * `/api/media/<provider>` route, which applies that rule itself; the key never travels with a download.
 *
 * Resolves once the headers are in; the body streams (promise 17): the cap is counted on the bytes as
 * they arrive — Content-Length is only a hint, and a chunked body has none — and the transfer stops the
 * moment it is passed. One timer bounds the whole transfer, body included; it is a plain timeout on an
 * AbortController of our own (`AbortSignal.any` with `AbortSignal.timeout` can stop firing after GC).
 */
export async function downloadResult(id: KnownProviderId, config: ProviderConfig, url: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const spec = { provider: id, call: 'download' as const };
  const fail = (info: Parameters<typeof providerError>[1]) => providerError(spec, info, config.apiKey);
  const refuse = (target: string) => fail({ class: 'invalid_input', message: `Refused to download a result from ${describeHost(target)}: it is not one of ${id}'s media hosts.` });
  // In the browser the local server makes the call and applies the rule with the upstream it is
  // configured for (which the page does not know); here only the scheme is checked.
  const allowed = (target: string) => (config.keyTransport === 'proxy' ? isHttpUrl(target) && !/^[a-z]+:\/\/[^/]*@/i.test(target) : isAllowedMediaUrl(target, id, config));
  if (!allowed(url)) throw refuse(url);

  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const tooLarge = (bytes: number) => fail({ class: 'invalid_input', message: `The result file is ${bytes > maxBytes ? `over ${formatBytes(maxBytes)}` : formatBytes(bytes)}, over Weft's ${formatBytes(maxBytes)} limit; it was not downloaded.` });
  const transfer = transferControl(options.timeoutMs ?? config.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS, options.signal);
  const brokeOff = (current: string) =>
    transfer.timedOut()
      ? fail({ class: 'transient', message: `Downloading the result from ${describeHost(current)} took longer than ${Math.round(transfer.timeoutMs / 1000)} s.` })
      : fail({ class: 'transient', message: `Downloading the result from ${describeHost(current)} broke off.` });
  const doFetch = config.fetch ?? fetch;

  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const viaProxy = config.keyTransport === 'proxy' && new URL(current).origin !== new URL(config.baseUrl).origin;
      const fetchUrl = viaProxy ? `${new URL(config.baseUrl).origin}/api/media/${id}?url=${encodeURIComponent(current)}` : current;
      let response: Response;
      try {
        response = await doFetch(fetchUrl, { method: 'GET', signal: transfer.signal, redirect: 'manual', headers: viaProxy ? { 'X-Weft-Client': '1' } : {} });
      } catch {
        throw transfer.timedOut() ? brokeOff(current) : fail({ class: 'transient', message: `Downloading the result from ${describeHost(current)} failed: the connection broke.` });
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location || hop >= MAX_REDIRECTS) throw fail({ class: 'unknown', message: `The result download from ${describeHost(current)} redirected too often.` });
        const next = new URL(location, current).href;
        if (!allowed(next)) throw refuse(next);
        current = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        const expired = response.status === 403 || response.status === 404 || response.status === 410;
        throw fail({
          class: expired ? 'not_found' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'transient' : 'unknown',
          message: expired ? `The result file at ${describeHost(current)} is gone (HTTP ${response.status}); provider links expire, so results are downloaded right away.` : `Downloading the result failed with HTTP ${response.status}.`,
          httpStatus: response.status,
        });
      }
      const declared = Number(response.headers.get('content-length') ?? 'NaN');
      if (declared > maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw tooLarge(declared);
      }
      const headerType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      const mimeType = headerType && headerType !== 'application/octet-stream' ? headerType : (mimeOfExtension(extensionOf(current)) ?? 'application/octet-stream');
      const from = current;
      const body = cappedBody(response, maxBytes, () => tooLarge(maxBytes + 1), () => brokeOff(from), transfer);
      return { mimeType, url, body, bytes: () => concatChunks(body) };
    }
  } catch (error) {
    transfer.end();
    throw error;
  }
}

/** One abort controller for a whole transfer: our own timer, the caller's signal, and an `end()` that frees both. */
function transferControl(timeoutMs: number, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The download took too long.', 'TimeoutError'));
  }, timeoutMs);
  // A body nobody reads must not keep a CLI process alive until the timeout.
  (timer as { unref?: () => void }).unref?.();
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    timeoutMs,
    timedOut: () => timedOut,
    abort: () => controller.abort(),
    end: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** The response body as chunks, throwing once more than `maxBytes` have arrived (and stopping the transfer). */
async function* cappedBody(response: Response, maxBytes: number, tooLarge: () => Error, brokeOff: () => Error, transfer: ReturnType<typeof transferControl>): AsyncGenerator<Uint8Array> {
  const reader = response.body?.getReader();
  let received = 0;
  try {
    if (!reader) return;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        throw brokeOff();
      }
      if (chunk.done) return;
      received += chunk.value.byteLength;
      if (received > maxBytes) throw tooLarge();
      yield chunk.value;
    }
  } finally {
    transfer.end();
    if (reader) {
      // Stops the transfer when the reader gave up early (cap, error, consumer stopped).
      transfer.abort();
      await reader.cancel().catch(() => {});
    }
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
