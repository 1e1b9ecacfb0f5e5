import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { isAllowedMediaUrl, PROVIDERS, type KnownProviderId, type ProviderConfig } from '../providers/config.ts';
import { ProxyError, SAFE_HEADERS, sendJson } from './respond.ts';
import { callUpstream } from './upstream.ts';

/**
 * `GET /api/media/<provider>?url=…`: fetches a result file for the page (provider CDNs send unknown
 * CORS headers). Only from the provider's media hosts over HTTPS or from its configured base URL's
 * host (`isAllowedMediaUrl`), following at most three redirects and each only to such a URL, never
 * with a key, streamed, and capped. What comes back is served as inert data: a media or plain content
 * type, `nosniff`, and a sandboxing CSP, so a file can never run as a page of this origin.
 */

export interface MediaCall {
  id: KnownProviderId;
  config: Pick<ProviderConfig, 'baseUrl' | 'extraMediaHosts'>;
  url: string;
  timeoutMs: number;
  maxBytes: number;
}

export const MAX_MEDIA_REDIRECTS = 3;

const PASSED_HEADERS = ['content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];

/** Media and plain data types pass (SVG too: the sandboxing CSP keeps its scripts dead); anything else is served as bytes. */
export function safeMediaType(type: string | undefined): string {
  const t = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (/^(image|video|audio|model)\/[a-z0-9.+-]+$/.test(t)) return t;
  if (t === 'text/plain' || t === 'application/json') return `${t}; charset=utf-8`;
  return 'application/octet-stream';
}

function capStream(maxBytes: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(new ProxyError(502, 'too-large', `The file is over ${maxBytes} bytes.`));
      else done(null, chunk);
    },
  });
}

/** Downloads one result file for the page; resolves with the status sent. */
export async function proxyMedia(req: IncomingMessage, res: ServerResponse, call: MediaCall): Promise<number> {
  const title = PROVIDERS[call.id].title;
  if (!isAllowedMediaUrl(call.url, call.id, call.config)) {
    throw new ProxyError(403, 'refused-url', `Files are only fetched from ${title}'s own hosts.`);
  }
  const headers: OutgoingHttpHeaders = { accept: req.headers.accept ?? '*/*', 'user-agent': 'weft', 'accept-encoding': 'identity' };
  if (req.headers.range) headers.range = req.headers.range;
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });

  let url = new URL(call.url);
  for (let hop = 0; ; hop++) {
    const { response, request } = await callUpstream({ url, method: req.method === 'HEAD' ? 'HEAD' : 'GET', headers, timeoutMs: call.timeoutMs, what: `${title}'s file host`, signal: abort.signal });
    const status = response.statusCode ?? 502;
    if (status >= 300 && status < 400 && status !== 304) {
      response.resume();
      request.destroy();
      const location = response.headers.location;
      let next: URL | undefined;
      try {
        next = location ? new URL(location, url) : undefined;
      } catch {
        next = undefined;
      }
      if (!next || hop >= MAX_MEDIA_REDIRECTS || !isAllowedMediaUrl(next.href, call.id, call.config)) {
        throw new ProxyError(502, 'redirect', `${title}'s file host redirected somewhere files are not fetched from.`);
      }
      url = next;
      continue;
    }
    if (status >= 400) {
      response.resume();
      request.destroy();
      sendJson(res, status, { error: { code: 'upstream-status', message: `${title}'s file host answered ${status}.` } });
      return status;
    }
    const length = Number(response.headers['content-length'] ?? 0);
    if (length > call.maxBytes) {
      response.resume();
      request.destroy();
      throw new ProxyError(502, 'too-large', `The file is over ${call.maxBytes} bytes.`);
    }
    const out: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = response.headers[name];
      if (typeof value === 'string') out[name] = value;
    }
    res.writeHead(status, { ...out, ...SAFE_HEADERS, 'Content-Type': safeMediaType(response.headers['content-type']), 'Cross-Origin-Resource-Policy': 'same-origin' });
    await new Promise<void>((resolve) => {
      pipeline([response, capStream(call.maxBytes), res], (error) => {
        if (error) {
          request.destroy();
          res.destroy();
        }
        resolve();
      });
    });
    return status;
  }
}
