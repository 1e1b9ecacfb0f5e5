import { apiKeyProblem } from './apiKey.ts';

/**
 * Where each provider lives and how Weft reaches it: the default base URL, the environment variables
 * that override it and hold the key, and the paths the local proxy may forward. One table, read by the
 * adapters (Node and browser), the local server and the CLI.
 */

export const PROVIDER_IDS = ['runcomfy', 'runninghub'] as const;
export type KnownProviderId = (typeof PROVIDER_IDS)[number];

export function isKnownProvider(id: string): id is KnownProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(id);
}

export interface ProviderSpec {
  id: KnownProviderId;
  title: string;
  defaultBaseUrl: string;
  /** Environment variable holding the base URL override. */
  baseUrlEnv: string;
  /** Environment variable holding the API key. */
  keyEnv: string;
  /** URL paths (relative to the base URL) the local proxy forwards; anything else is refused. */
  proxyPaths: readonly RegExp[];
  /** Calls that carry the key in the JSON body rather than (only) in `Authorization`: path → body field. */
  bodyKeyFields: Readonly<Record<string, string>>;
  /**
   * Hosts result files may come from (HTTPS only). A leading `*.` matches the domain and any subdomain;
   * a pattern is a RegExp for host families (RunningHub's per-bucket object storage).
   */
  mediaHosts: readonly (string | RegExp)[];
}

export const PROVIDERS: Readonly<Record<KnownProviderId, ProviderSpec>> = {
  runcomfy: {
    id: 'runcomfy',
    title: 'RunComfy',
    defaultBaseUrl: 'https://model-api.runcomfy.net',
    baseUrlEnv: 'RUNCOMFY_BASE_URL',
    keyEnv: 'RUNCOMFY_API_KEY',
    proxyPaths: [/^\/v1\/(models|requests)(\/|$|\?)/],
    bodyKeyFields: {},
    mediaHosts: ['*.runcomfy.net', '*.runcomfy.com'],
  },
  runninghub: {
    id: 'runninghub',
    title: 'RunningHub',
    defaultBaseUrl: 'https://www.runninghub.cn',
    baseUrlEnv: 'RUNNINGHUB_BASE_URL',
    keyEnv: 'RUNNINGHUB_API_KEY',
    proxyPaths: [/^\/openapi\/v2\//, /^\/task\/openapi\/cancel$/, /^\/uc\/openapi\/accountStatus$/],
    bodyKeyFields: { '/task/openapi/cancel': 'apiKey', '/uc/openapi/accountStatus': 'apikey' },
    // Results are pre-signed links on RunningHub's CDN or its Tencent COS buckets (rh-images-…).
    mediaHosts: ['*.runninghub.cn', '*.runninghub.ai', '*.xiaoyaoyou.com', /^rh-[a-z0-9-]+\.cos\.[a-z0-9-]+\.myqcloud\.com$/],
  },
};

/** Everything an adapter needs to reach one provider. */
export interface ProviderConfig {
  /** Absolute base URL (`https://model-api.runcomfy.net`, the simulator, or the local proxy's `/api/<id>`). */
  baseUrl: string;
  /** The key, when this process holds it. Absent in the browser when the local server injects it. */
  apiKey?: string;
  /**
   * How the key travels: `bearer` sends `Authorization: Bearer <key>` (Node, straight to the provider);
   * `proxy` sends it in `X-Weft-Api-Key` for the local server to inject (the browser).
   */
  keyTransport?: 'bearer' | 'proxy';
  /** Default timeout per HTTP call, in ms. */
  timeoutMs?: number;
  /** Longer timeout for uploads and downloads, in ms. */
  transferTimeoutMs?: number;
  /** Extra hosts result files may come from (e.g. a CDN the provider adds later). */
  extraMediaHosts?: readonly string[];
  /** The fetch to use (tests inject one); defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Header the browser uses to hand the local server a key from its settings. */
export const PROXY_KEY_HEADER = 'x-weft-api-key';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads one provider's configuration from environment variables (`RUNCOMFY_BASE_URL`, `RUNCOMFY_API_KEY`, …). */
export function configFromEnv(id: KnownProviderId, env: Env): ProviderConfig {
  const spec = PROVIDERS[id];
  const baseUrl = env[spec.baseUrlEnv]?.trim() || spec.defaultBaseUrl;
  const apiKey = env[spec.keyEnv]?.trim() || undefined;
  const problem = apiKey ? apiKeyProblem(apiKey) : undefined;
  if (problem) throw new Error(`${spec.keyEnv}: ${problem}. Set it again.`);
  const extra = (env.WEFT_MEDIA_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  return { baseUrl: checkBaseUrl(baseUrl, spec.baseUrlEnv), ...(apiKey ? { apiKey } : {}), keyTransport: 'bearer', extraMediaHosts: extra };
}

/** A base URL must be absolute http(s) with no credentials, query or fragment; returned without a trailing slash. */
export function checkBaseUrl(text: string, what = 'base URL'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${what} "${text}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${what} must be http(s), not ${url.protocol}`);
  if (url.username || url.password) throw new Error(`${what} must not contain credentials`);
  if (url.search || url.hash) throw new Error(`${what} must not have a query or fragment`);
  return url.href.replace(/\/+$/, '');
}

function hostMatches(host: string, pattern: string | RegExp): boolean {
  if (pattern instanceof RegExp) return pattern.test(host);
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host === p.slice(2) || host.endsWith(p.slice(1));
  return host === p;
}

/**
 * Whether a result file may be downloaded from `url`: HTTPS on one of the provider's media hosts (or a
 * configured extra), or any http(s) URL on the configured base URL's own host and port (the simulator,
 * a test server, the local proxy). Anything else — another scheme, credentials in the URL, a look-alike
 * host — is refused.
 */
export function isAllowedMediaUrl(url: string, id: KnownProviderId, config: Pick<ProviderConfig, 'baseUrl' | 'extraMediaHosts'>): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(config.baseUrl);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
  if (target.host === base.host && target.protocol === base.protocol) return true;
  if (target.protocol !== 'https:') return false;
  const host = target.hostname.toLowerCase();
  return [...PROVIDERS[id].mediaHosts, ...(config.extraMediaHosts ?? [])].some((p) => hostMatches(host, p));
}
