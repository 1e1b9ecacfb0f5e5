import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { secretRedactor } from '../core/redact.ts';
import { configFromEnv, isKnownProvider, PROVIDER_IDS, PROVIDERS, PROXY_KEY_HEADER, type KnownProviderId, type ProviderConfig } from '../providers/config.ts';
import { checkApiRequest, requestOrigin } from './guard.ts';
import { proxyMedia } from './media.ts';
import { checkDeclaredSize, DEFAULT_LIMITS, proxyToProvider, type ProxyLimits } from './proxy.ts';
import { checkProviderPath, checkRelativePath } from './proxyTarget.ts';
import { createServerLog, errorField, logLevel, logWhenDone, newRequestId, type LogSink, type RequestFacts } from './log.ts';
import { MODE_HEADER, ProxyError, sendError, sendJson } from './respond.ts';
import type { HandleOptions } from './simulator/types.ts';

/**
 * The local server's `/api/`, one handler for `npm run dev` (Vite plugin) and `weft serve`:
 *
 * - `GET /api/status` → which provider runs live (a key in the environment) and which on the simulator;
 * - `/api/<provider>/<path>` → the provider, with the key from `X-Weft-Api-Key` or the environment
 *   injected; with neither, the built-in simulator answers. `X-Weft-Mode: live|simulator` says which;
 * - `/api/simulator/<path>` → the simulator itself (its media, its `/__sim/*` inspection endpoints);
 * - `GET /api/media/<provider>?url=…` → a result file from the provider's media hosts.
 *
 * Every request first passes the guard (loopback Host, same Origin, client header on writes).
 */

/** What the simulator must offer the server (see `simulator/README.md`). */
export interface SimulatorLike {
  handle(req: IncomingMessage, res: ServerResponse, path: string, publicBase: string, options?: HandleOptions): Promise<void>;
  close?(): void;
}

export type ProviderMode = 'live' | 'simulator';

export interface ServerStatus {
  providers: Record<KnownProviderId, { mode: ProviderMode; title: string; keyFromEnv: boolean }>;
}

export interface ApiOptions {
  /** Where keys and base URLs come from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Host names besides the loopback ones that requests may be addressed to. */
  allowedHosts?: readonly string[];
  /** The simulator, or a factory called on first use (default: the built-in one). */
  simulator?: SimulatorLike | (() => SimulatorLike | Promise<SimulatorLike>);
  /** Receives each JSON log line (one per request; see log.ts); default: standard output. */
  log?: LogSink;
  /** A logger to write to instead (the app shares one between the API and its static files). */
  logger?: Logger;
  limits?: Partial<ProxyLimits>;
  /** Largest result file `/api/media` passes on. */
  mediaMaxBytes?: number;
}

export interface ApiHandler {
  /** Serves the request when it is under `/api/` (resolves `true`); otherwise leaves it alone (`false`). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  status(): ServerStatus;
  /** The logger its request lines go to. */
  readonly logger: Logger;
  close(): Promise<void>;
}

/** The key the server hands the simulator when no real key is configured: not a secret, never sent anywhere. */
export const SIMULATOR_KEY = 'weft-simulator';
export const DEFAULT_MEDIA_MAX_BYTES = 1024 * 1024 * 1024;

function simulatorTiming(env: Readonly<Record<string, string | undefined>>): 'fast' | 'realistic' {
  const timing = env.WEFT_SIMULATOR_TIMING?.trim() || 'fast';
  if (timing !== 'fast' && timing !== 'realistic') throw new Error(`WEFT_SIMULATOR_TIMING must be "fast" or "realistic", not "${timing}"`);
  return timing;
}

/** The built-in simulator; `WEFT_SIMULATOR_TIMING=realistic` makes its jobs take as long as real ones. */
async function loadBuiltinSimulator(env: Readonly<Record<string, string | undefined>>): Promise<SimulatorLike> {
  const { createSimulator } = await import('./simulator/index.ts');
  return createSimulator({ timing: simulatorTiming(env) });
}

function headerKey(req: IncomingMessage): string | undefined {
  const value = req.headers[PROXY_KEY_HEADER];
  const key = (Array.isArray(value) ? value[0] : value)?.trim();
  return key || undefined;
}

/** Strips what the browser sent about credentials and gives the simulator its local key. */
function prepareForSimulator(req: IncomingMessage, keepAuthorization: boolean): void {
  delete req.headers[PROXY_KEY_HEADER];
  delete req.headers.cookie;
  if (!keepAuthorization || !req.headers.authorization) req.headers.authorization = `Bearer ${SIMULATOR_KEY}`;
}

/** Creates the `/api/` handler; reads the environment once (a malformed base URL fails here, at start). */
export function createApiHandler(options: ApiOptions = {}): ApiHandler {
  const env = options.env ?? process.env;
  simulatorTiming(env);
  const allowedHosts = options.allowedHosts ?? [];
  const limits: ProxyLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const mediaMaxBytes = options.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
  const configs = Object.fromEntries(PROVIDER_IDS.map((id) => [id, configFromEnv(id, env)])) as Record<KnownProviderId, ProviderConfig>;
  const envKeys = PROVIDER_IDS.map((id) => configs[id].apiKey).filter((k): k is string => Boolean(k));
  const logger = options.logger ?? createServerLog({ sink: options.log, level: logLevel(env), secrets: envKeys });

  let simulator: Promise<SimulatorLike> | undefined;
  const getSimulator = (): Promise<SimulatorLike> => {
    const given = options.simulator;
    simulator ??= Promise.resolve(typeof given === 'function' ? given() : (given ?? loadBuiltinSimulator(env)));
    return simulator;
  };

  function status(): ServerStatus {
    const providers = {} as ServerStatus['providers'];
    for (const id of PROVIDER_IDS) {
      const keyFromEnv = Boolean(configs[id].apiKey);
      providers[id] = { mode: keyFromEnv ? 'live' : 'simulator', title: PROVIDERS[id].title, keyFromEnv };
    }
    return { providers };
  }

  async function toSimulator(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const sim = await getSimulator();
    res.setHeader(MODE_HEADER, 'simulator');
    // A dropped call is answered the way the proxy answers a provider that accepted and went silent.
    const onDrop = (r: ServerResponse) => sendError(r, new ProxyError(502, 'no-answer', 'The simulator accepted the call and dropped the connection (simulated fault); the request may have been processed.'));
    await sim.handle(req, res, path, `${requestOrigin(req)}/api/simulator`, { onDrop });
  }

  /** `/api/<id>/<rest>`: live with a key, the simulator without. */
  async function provider(req: IncomingMessage, res: ServerResponse, id: KnownProviderId, rest: string, note: (mode: ProviderMode) => void): Promise<void> {
    const spec = PROVIDERS[id];
    const key = headerKey(req) ?? configs[id].apiKey;
    if (key) {
      note('live');
      await proxyToProvider(req, res, { spec, baseUrl: configs[id].baseUrl, key, secrets: envKeys, rawPath: rest, limits });
      return;
    }
    note('simulator');
    const { path } = checkProviderPath(spec, rest);
    checkDeclaredSize(spec, path, req, limits);
    prepareForSimulator(req, false);
    await toSimulator(req, res, rest);
  }

  /** `/api/media/<id>?url=…`: a file from the provider's hosts, or straight from the simulator. */
  async function media(req: IncomingMessage, res: ServerResponse, id: KnownProviderId, query: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ProxyError(405, 'method', 'Media is fetched with GET.');
    const url = new URLSearchParams(query).get('url');
    if (!url) throw new ProxyError(400, 'bad-request', 'Say which file: ?url=…');
    const simBase = `${requestOrigin(req)}/api/simulator`;
    if (url.startsWith(`${simBase}/`)) {
      const path = url.slice(simBase.length);
      checkRelativePath(path);
      prepareForSimulator(req, false);
      await toSimulator(req, res, path);
      return;
    }
    const timeoutMs = limits.transferMs;
    await proxyMedia(req, res, { id, config: configs[id], url, timeoutMs, maxBytes: mediaMaxBytes });
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: string, note: (what: RequestFacts) => void): Promise<void> {
    checkApiRequest(req, allowedHosts);
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);

    if (pathname === '/api/status') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ProxyError(405, 'method', 'Use GET.');
      return sendJson(res, 200, status());
    }
    if (pathname === '/api/simulator' || pathname.startsWith('/api/simulator/')) {
      note({ mode: 'simulator' });
      const rest = url.slice('/api/simulator'.length) || '/';
      checkRelativePath(rest.startsWith('/') ? rest : `/${rest}`);
      prepareForSimulator(req, true);
      return toSimulator(req, res, rest.startsWith('/') ? rest : `/${rest}`);
    }
    const mediaMatch = /^\/api\/media\/([a-z0-9-]+)$/.exec(pathname);
    if (mediaMatch) {
      const id = mediaMatch[1] ?? '';
      if (!isKnownProvider(id)) throw new ProxyError(404, 'not-found', `No provider "${id}".`);
      note({ provider: id, route: 'media' });
      return media(req, res, id, query);
    }
    const providerMatch = /^\/api\/([a-z0-9-]+)(\/.*)?$/.exec(pathname);
    const id = providerMatch?.[1] ?? '';
    if (!providerMatch || !isKnownProvider(id)) throw new ProxyError(404, 'not-found', 'No such API.');
    const rest = url.slice(`/api/${id}`.length);
    note({ provider: id });
    return provider(req, res, id, rest, (mode) => note({ mode }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = req.url ?? '/';
    const isApi = url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
    // An absolute-form target ("GET http://elsewhere/ HTTP/1.1") asks for a forward proxy: never.
    if (url.startsWith('/') && !isApi) return false;

    const reqId = newRequestId();
    res.setHeader('X-Weft-Request-Id', reqId);
    // Read before anything strips it: a page's own key is scrubbed from this request's line too.
    const redact = secretRedactor([headerKey(req), ...envKeys]);
    const facts: RequestFacts = {};
    logWhenDone(logger, req, res, reqId, redact, () => facts);
    try {
      if (!isApi) throw new ProxyError(400, 'refused-path', 'This server is not a forward proxy.');
      await route(req, res, url, (what) => Object.assign(facts, what));
    } catch (error) {
      const failure = error instanceof ProxyError ? error : new ProxyError(500, 'internal', 'The local server failed on this request.');
      facts.reason = { code: failure.code, message: redact(failure.message) };
      if (!(error instanceof ProxyError)) facts.err = errorField(error, redact);
      // A refused body is not read to its end: close the connection rather than drain it.
      sendError(res, failure, failure.status === 413 ? { Connection: 'close' } : {});
    }
    return true;
  }

  return {
    handle,
    status,
    logger,
    async close() {
      if (simulator) (await simulator.catch(() => undefined))?.close?.();
    },
  };
}
