import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { secretRedactor } from '../core/redact.ts';
import { PROVIDER_IDS, PROVIDERS } from '../providers/config.ts';
import { createApiHandler, type ApiHandler, type ApiOptions, type ServerStatus } from './api.ts';
import { errorField, logWhenDone, newRequestId, type RequestFacts } from './log.ts';
import { sendJson } from './respond.ts';
import { listen, trustedHosts } from './listen.ts';
import { createStaticHandler, type RunningServer } from './static.ts';

/**
 * What `weft serve` (and `npm start`) runs: the `/api/` handler in front of the static handler for the
 * built app, on loopback by default. The browser tests start exactly this.
 */

export interface WeftServerOptions extends Omit<ApiOptions, 'allowedHosts'> {
  /** The built app (`dist/`). */
  root: string;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (0 picks a free one). */
  port?: number;
  /** Host names to trust besides the loopback ones (and `host`). */
  allowedHosts?: string[];
}

export interface RunningWeftServer extends RunningServer {
  api: ApiHandler;
}

/** One line per provider for humans: which runs live and which on the simulator (never a key). */
export function describeModes(status: ServerStatus): string[] {
  return Object.entries(status.providers).map(([id, p]) => {
    const keyEnv = PROVIDERS[id as keyof typeof PROVIDERS].keyEnv;
    return p.mode === 'live' ? `${p.title}: live (key from ${keyEnv})` : `${p.title}: simulator, no credits spent (set ${keyEnv} to go live)`;
  });
}

/** Starts the app and its API on one port. */
export async function startWeftServer(options: WeftServerOptions): Promise<RunningWeftServer> {
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = trustedHosts(host, options.allowedHosts);
  const { root, host: _host, port: _port, allowedHosts: _allowed, ...apiOptions } = options;
  const api = createApiHandler({ ...apiOptions, allowedHosts });
  const statics = createStaticHandler({ root, allowedHosts });
  const redact = secretRedactor(PROVIDER_IDS.map((id) => (apiOptions.env ?? process.env)[PROVIDERS[id].keyEnv]));
  const server = createServer((req, res) => {
    void api.handle(req, res).then(
      (handled) => (handled ? undefined : serveStatic(req, res)),
      (error: unknown) => fail(res, error),
    );
  });
  /** A static file, logged at debug (a page load is dozens of them); a refusal at warn, a failure at error. */
  function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const facts: RequestFacts = {};
    logWhenDone(api.logger, req, res, newRequestId(), redact, () => (res.statusCode === 421 ? { ...facts, reason: { code: 'foreign-host', message: 'The Host header does not name this machine.' } } : facts), true);
    return statics(req, res).catch((error: unknown) => {
      facts.err = errorField(error, redact);
      fail(res, error);
    });
  }
  function fail(res: ServerResponse, _error: unknown): void {
    if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'Internal error' } });
    else res.destroy();
  }
  const listening = await listen(server, host, options.port ?? 0);
  return {
    server,
    api,
    port: listening.port,
    url: `${listening.origin}/`,
    close: async () => {
      await listening.close();
      await api.close();
    },
  };
}
