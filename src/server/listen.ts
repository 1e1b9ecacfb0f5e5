import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How every Weft server binds (the app, its API, the simulator): loopback by default, the bound host
 * added to the names requests may be addressed to, a URL people can open, and a close that also ends
 * kept-alive connections.
 */

const WILDCARDS = ['0.0.0.0', '::'];
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

/** The host names to trust: the given ones, plus `host` when it is a specific non-loopback address. */
export function trustedHosts(host: string, extra: readonly string[] = []): string[] {
  return [...extra, ...([...WILDCARDS, ...LOOPBACK].includes(host) ? [] : [host])];
}

export interface Listening {
  server: Server;
  port: number;
  /** `http://host:port`, without a trailing slash; a wildcard bind shows as 127.0.0.1. */
  origin: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (`port` 0 picks a free one). */
export function listen(server: Server, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : WILDCARDS.includes(host) ? '127.0.0.1' : host;
      resolve({
        server,
        port: bound,
        origin: `http://${shown}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
