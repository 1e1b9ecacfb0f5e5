import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler, type ApiOptions } from '../../src/server/api.ts';

/** The local API on loopback with RunComfy live against a scripted upstream (when given), for the server tests. */
export interface LiveApi {
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts `upstream` (if any) as RunComfy's base URL with `key`, and the API in front of it. */
export async function startLiveApi(options: Partial<ApiOptions> & { upstream?: RequestListener; key?: string } = {}): Promise<LiveApi> {
  const { upstream: handler, key, env, ...rest } = options;
  const upstream = handler ? createServer(handler) : undefined;
  const upstreamEnv = upstream ? { RUNCOMFY_API_KEY: key ?? 'sk-live-api-test-000000', RUNCOMFY_BASE_URL: `http://127.0.0.1:${await listen(upstream)}` } : {};
  const api = createApiHandler({ log: () => {}, ...rest, env: { ...upstreamEnv, ...env } });
  const server = createServer((req, res) => void api.handle(req, res));
  const port = await listen(server);
  return {
    port,
    close: async () => {
      await close(server);
      if (upstream) await close(upstream);
      await api.close();
    },
  };
}
