import type { ProviderSpec } from '../providers/config.ts';
import { ProxyError } from './respond.ts';

/**
 * The one place a request path becomes an upstream URL. The target is always the configured origin +
 * the configured base path + a path the provider table allows; nothing in the request can pick the
 * host. Anything that could make a URL parser or the upstream read the path differently from this
 * check (dot segments, encoded slashes or dots, backslashes, empty segments, control characters, an
 * absolute URL) is refused before any connection is made.
 */

export interface ProxyTarget {
  url: URL;
  /** The path relative to the base URL, without the query (`/v1/models/x`). */
  path: string;
  /** The query including `?`, or `''`. */
  query: string;
}

/** Characters a path may hold as sent (RFC 3986 pchar plus `/`); everything else must not appear. */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const QUERY_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/;
const PERCENT = /%(?![0-9A-Fa-f]{2})/;
// Encoded dots, slashes, backslashes and NUL mean the upstream may see a different path than we checked.
const ENCODED_TRICKS = /%(2e|2f|5c|00)/i;

function refuse(message: string): ProxyError {
  return new ProxyError(400, 'refused-path', message);
}

/** Splits and checks a raw relative path (`/v1/models/x?limit=1`) as received, before decoding. */
export function checkRelativePath(raw: string): { path: string; query: string } {
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = q < 0 ? '' : raw.slice(q);
  if (!path.startsWith('/') || path.startsWith('//')) throw refuse('The path must be relative to the provider.');
  if (!PATH_CHARS.test(path) || !QUERY_CHARS.test(query)) throw refuse('The path holds characters the proxy does not forward.');
  if (raw.includes('..') || raw.includes('//') || ENCODED_TRICKS.test(raw) || PERCENT.test(raw)) {
    throw refuse('The path holds dot segments, empty segments or encoded separators.');
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw refuse('The path is not valid percent-encoding.');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(decoded) || decoded.includes('..')) throw refuse('The path holds control characters or dot segments.');
  return { path, query };
}

/** Checks a raw path against the provider's forwarded paths (used as is by the simulator mode). */
export function checkProviderPath(spec: ProviderSpec, raw: string): { path: string; query: string } {
  const checked = checkRelativePath(raw);
  if (!spec.proxyPaths.some((re) => re.test(checked.path))) throw refuse(`${spec.title} has no API at ${checked.path}.`);
  return checked;
}

/** The upstream URL for a request path, or a `refused-path` error. */
export function buildTarget(spec: ProviderSpec, baseUrl: string, raw: string): ProxyTarget {
  const { path, query } = checkProviderPath(spec, raw);
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${base.origin}${basePath}${path}${query}`);
  // The checks above make this impossible; it stays as the last line of defence.
  if (url.origin !== base.origin || url.pathname !== `${basePath}${path}`) throw refuse('The path would leave the provider.');
  return { url, path, query };
}
