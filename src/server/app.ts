import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDERS } from '../providers/config.ts';
import { createApiHandler, type ApiHandler, type ApiOptions, type ServerStatus } from './api.ts';
import { sendJson } from './respond.ts';
import { createStaticHandler, type RunningServer } from './static.ts';

/**
 * What `weft serve` (and `npm start`) runs: the `/api/` handler in front of the static handler for the
 * built app, on loopback by default. The browser tests start exactly this.
 */

const LOOPBACK_OR_ANY = ['0.0.0.0', '::', 'localhost', '127.0.0.1', '[::1]', '::1'];

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
export function startWeftServer(options: WeftServerOptions): Promise<RunningWeftServer> {
  const host = options.host ?? '127.0.0.1';
  const allowedHosts = [...(options.allowedHosts ?? [])];
  if (!LOOPBACK_OR_ANY.includes(host)) allowedHosts.push(host);
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
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      resolve({
        server,
        port,
        api,
        url: `http://${shown}:${port}/`,
        close: async () => {
          await new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          });
          await api.close();
        },
      });
    });
  });
}
