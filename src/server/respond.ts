import type { ServerResponse } from 'node:http';

/**
 * How the local server answers when it does not pass an upstream answer through: a small JSON body
 * `{error: {code, message}}` and, for everything the proxy refused or could not complete, the header
 * `X-Weft-Proxy-Error: <code>` so the adapters can tell "surely not submitted" from "may have reached
 * the provider" without parsing text.
 */

/**
 * Codes the adapters rely on:
 * - `unreachable`: the connection failed before the request was sent — the provider surely saw nothing.
 * - `no-answer`: the request was (or may have been) sent, then the connection broke or timed out.
 * - `redirect`: the upstream answered with a redirect, which is never followed.
 * - `too-large`: a request or download body is over its cap.
 * - `refused-path`: the path is not one the proxy forwards (or is malformed).
 * - `bad-answer`: the provider answered, but with something the proxy does not pass on (too large, an
 *   encoding it cannot check for keys) — the request reached the provider.
 * The others are the guard's refusals and request mistakes.
 */
export type ProxyErrorCode =
  | 'unreachable'
  | 'no-answer'
  | 'redirect'
  | 'bad-answer'
  | 'too-large'
  | 'refused-path'
  | 'foreign-host'
  | 'foreign-origin'
  | 'client-header'
  | 'bad-request'
  | 'bad-key'
  | 'bad-body'
  | 'refused-url'
  | 'method'
  | 'not-found'
  | 'internal';

export const PROXY_ERROR_HEADER = 'X-Weft-Proxy-Error';
export const MODE_HEADER = 'X-Weft-Mode';
/** The header (value `1`) a page adds to non-GET calls that carry no JSON/multipart body. */
export const CLIENT_HEADER = 'X-Weft-Client';

/** Headers on every answer the server writes itself: no sniffing, no caching, nothing executable. */
export const SAFE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProxyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Writes a JSON body with the safe headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SAFE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Answers `{error: {code, message}}` with `X-Weft-Proxy-Error`, or just ends the connection when an answer already began. */
export function sendError(res: ServerResponse, error: ProxyError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, { [PROXY_ERROR_HEADER]: error.code, ...headers });
}
