import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isTrustedHostname, parseAuthority, parseOrigin, type Authority, type Scheme } from './authority.ts';
import { ProxyError } from './respond.ts';

/**
 * Who may use `/api/`: only pages of this server, on this machine. A foreign `Host` is DNS rebinding
 * (421); a foreign `Origin` or a cross-site `Sec-Fetch-Site` is another web page trying to spend the
 * user's credits (403). A call that changes something must also carry a JSON or multipart body or the
 * `X-Weft-Client: 1` header: another page cannot send those without a CORS preflight, and the server
 * never grants one.
 */

/** `http` or `https`, as the browser reached this server. */
export function requestProtocol(req: IncomingMessage): Scheme {
  return (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
}

/** The Host header as parsed, or a 400 refusal when it is malformed (userinfo, a path, an odd port…). */
function requestAuthority(req: IncomingMessage): Authority {
  const authority = parseAuthority(req.headers.host, requestProtocol(req));
  if (!authority) throw new ProxyError(400, 'bad-request', 'Malformed Host header.');
  return authority;
}

/** The origin this request was addressed to (`http://127.0.0.1:5173`), from its parsed Host header. */
export function requestOrigin(req: IncomingMessage): string {
  return `${requestProtocol(req)}://${requestAuthority(req).host}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const CLIENT_CONTENT_TYPES = ['application/json', 'multipart/form-data'];

/** Throws the refusal for a request the API must not serve; returns normally otherwise. */
export function checkApiRequest(req: IncomingMessage, allowedHosts: readonly string[]): void {
  const scheme = requestProtocol(req);
  const host = requestAuthority(req);
  if (!isTrustedHostname(host.hostname, allowedHosts)) {
    throw new ProxyError(421, 'foreign-host', 'This server only answers requests addressed to this machine.');
  }
  // Host and Origin parsed the same way, compared as parsed: scheme, host name and port.
  const originHeader = req.headers.origin;
  if (originHeader !== undefined) {
    const origin = parseOrigin(originHeader);
    if (!origin || origin.scheme !== scheme || origin.authority.host !== host.host) {
      throw new ProxyError(403, 'foreign-origin', 'Requests from other sites are refused.');
    }
  }
  // `same-site` is refused too: another port on localhost is the same site but a different origin.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ProxyError(403, 'foreign-origin', 'Requests from other sites are refused.');
  }
  if (!SAFE_METHODS.has(req.method ?? '')) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!CLIENT_CONTENT_TYPES.includes(type) && req.headers['x-weft-client'] !== '1') {
      throw new ProxyError(403, 'client-header', 'Send a JSON or multipart body, or the header X-Weft-Client: 1.');
    }
  }
}
