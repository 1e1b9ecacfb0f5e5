/**
 * Host and Origin, parsed one way (RELIABILITY promise 12). `Host: localhost:1@evil.example` once
 * passed a check that split on `:` ("localhost") while `new URL` read the same text as user
 * `localhost`, password `1`, host `evil.example` — the origin an attacker's page had. Here both headers
 * go through the WHATWG URL parser after a strict syntax check (a name or an IP literal, an optional
 * port 1–65535 without leading zeros; no userinfo, path, query, fragment, spaces or other characters),
 * and what is compared is the parsed result: lower case, IDNA and IPv4/IPv6 forms normalised, the
 * scheme's default port dropped.
 */

export type Scheme = 'http' | 'https';

export interface Authority {
  /** `localhost`, `127.0.0.1`, `[::1]`: as the URL parser normalises it. */
  hostname: string;
  /** The port, or `''` for the scheme's default. */
  port: string;
  /** `hostname[:port]`, what two authorities are compared by. */
  host: string;
}

const SYNTAX = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::([1-9][0-9]{0,4}))?$/;

/** A Host header (or the part of an Origin after `scheme://`) as this server reads it, or undefined when malformed. */
export function parseAuthority(text: string | undefined, scheme: Scheme): Authority | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 300) return undefined;
  const m = SYNTAX.exec(text);
  if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) return undefined;
  let url: URL;
  try {
    url = new URL(`${scheme}://${text}`);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || !url.hostname) return undefined;
  return { hostname: url.hostname, port: url.port, host: url.host };
}

/** An Origin header, or undefined when it is `null`, malformed or not http(s). */
export function parseOrigin(text: string | undefined): { scheme: Scheme; authority: Authority } | undefined {
  const m = typeof text === 'string' ? /^(https?):\/\/(.*)$/i.exec(text) : null;
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase() as Scheme;
  const authority = parseAuthority(m[2], scheme);
  return authority ? { scheme, authority } : undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** A configured host name (`myhost`, `192.168.1.5`, `::1`) in the parser's form, or undefined. */
function normalName(name: string): string | undefined {
  const trimmed = name.trim();
  const bracketed = trimmed.includes(':') && !trimmed.startsWith('[') ? `[${trimmed}]` : trimmed;
  return parseAuthority(bracketed, 'http')?.hostname;
}

/** Whether a parsed host names this machine: a loopback name, or one of the extra names trusted. */
export function isTrustedHostname(hostname: string, extra: readonly string[] = []): boolean {
  return LOOPBACK_NAMES.includes(hostname) || extra.some((e) => normalName(e) === hostname);
}

/** Whether a Host header names this machine (a loopback name or one of `extra`), on any port. */
export function isAllowedHost(header: string | undefined, extra: readonly string[] = [], scheme: Scheme = 'http'): boolean {
  const authority = parseAuthority(header, scheme);
  return authority !== undefined && isTrustedHostname(authority.hostname, extra);
}
