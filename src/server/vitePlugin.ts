import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadEnv, type Connect, type Plugin, type ResolvedConfig } from 'vite';
import { createApiHandler, type ApiHandler, type ApiOptions } from './api.ts';
import { describeModes } from './app.ts';

/**
 * `weftServer()`: mounts the local server's `/api/` in `npm run dev` and `vite preview`, ahead of Vite's
 * own middlewares (so Vite's CORS handling never touches `/api/`; the handler does its own Host check). Keys and base URLs come from the
 * environment, and from `.env` / `.env.local` for the `RUNCOMFY_`, `RUNNINGHUB_` and `WEFT_` names
 * (these stay on the server: Vite only exposes `VITE_` names to the page).
 */

function allowedHostsOf(config: ResolvedConfig, which: 'server' | 'preview'): string[] {
  const options = which === 'server' ? config.server : config.preview;
  const hosts = Array.isArray(options.allowedHosts) ? [...options.allowedHosts] : [];
  if (typeof options.host === 'string' && !['0.0.0.0', '::'].includes(options.host)) hosts.push(options.host);
  return hosts;
}

/**
 * Puts the handler first in the stack: Vite installs its CORS and host-check middlewares before any
 * plugin's, and its CORS middleware would answer preflights for `/api/` from other localhost ports.
 */
function mount(middlewares: Connect.Server, api: ApiHandler): void {
  const handle = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    api.handle(req, res).then((handled) => {
      if (!handled) next();
    }, next);
  };
  middlewares.stack.unshift({ route: '', handle: handle as Connect.NextHandleFunction });
}

export function weftServer(options: Omit<ApiOptions, 'allowedHosts'> = {}): Plugin {
  let config: ResolvedConfig | undefined;
  const create = (which: 'server' | 'preview'): ApiHandler => {
    const resolved = config!;
    const fileEnv = loadEnv(resolved.mode, resolved.envDir || resolved.root, ['RUNCOMFY_', 'RUNNINGHUB_', 'WEFT_']);
    const api = createApiHandler({
      log: (line) => resolved.logger.info(line),
      ...options,
      env: options.env ?? { ...fileEnv, ...process.env },
      allowedHosts: allowedHostsOf(resolved, which),
    });
    for (const line of describeModes(api.status())) resolved.logger.info(`  ${line}`);
    return api;
  };
  return {
    name: 'weft-server',
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      // Vitest starts a Vite server too (mode "test"); it has no page to serve.
      if (server.config.mode === 'test') return;
      const api = create('server');
      mount(server.middlewares, api);
      server.httpServer?.once('close', () => void api.close());
    },
    configurePreviewServer(server) {
      const api = create('preview');
      mount(server.middlewares, api);
      server.httpServer.once('close', () => void api.close());
    },
  };
}
