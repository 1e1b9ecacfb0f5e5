import { createServer, type Server } from 'node:http';
import { listen, trustedHosts } from '../listen.ts';
import { isAllowedHost } from '../authority.ts';
import { writeJson, json } from './http.ts';
import { createSimulator } from './simulator.ts';
import type { Simulator, SimulatorOptions } from './types.ts';

/**
 * The simulator alone on a port (`weft simulate`, tests): mounted at `/`, handing out URLs on the Host
 * the request was addressed to. Like `weft serve` it only answers requests addressed to this machine by
 * a loopback name (or the bound host), so a web page cannot reach it through DNS rebinding.
 */

export interface RunningSimulator {
  /** The base URL without a trailing slash, e.g. `http://127.0.0.1:8787` (what `*_BASE_URL` takes). */
  url: string;
  port: number;
  simulator: Simulator;
  server: Server;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions & { host?: string; port?: number } = {}): Promise<RunningSimulator> {
  const { host = '127.0.0.1', port = 0, ...simOptions } = options;
  const simulator = createSimulator(simOptions);
  const extra = trustedHosts(host);
  const server = createServer((req, res) => {
    const hostHeader = req.headers.host;
    if (!isAllowedHost(hostHeader, extra)) {
      writeJson(res, json(421, { error: 'misdirected_request', message: 'The simulator only answers requests addressed to localhost.' }));
      return;
    }
    void simulator.handle(req, res, req.url ?? '/', `http://${hostHeader ?? host}`);
  });
  const listening = await listen(server, host, port);
  return {
    url: listening.origin,
    port: listening.port,
    simulator,
    server,
    close: () => {
      simulator.close();
      return listening.close();
    },
  };
}
