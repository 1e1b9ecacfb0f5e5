import { createServer } from 'node:http';
import { PROVIDERS } from '../providers/config.ts';
import { createApiHandler, type ApiHandler, type ApiOptions, type ServerStatus } from './api.ts';
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
  const server = createServer((req, res) => {
    api
      .handle(req, res)
      .then((handled) => (handled ? undefined : statics(req, res)))
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'Internal error' } });
        else res.destroy();
      });
  });
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
