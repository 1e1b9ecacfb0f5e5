import type { Provider } from '../core/providers/types.ts';
import type { KnownProviderId, ProviderConfig } from './config.ts';
import { createProvider } from './index.ts';

/** How the page reaches one provider: through the local server, live (with or without a browser key) or forced onto the simulator. */
export interface BrowserProviderOptions {
  /** A key the user saved in this browser's settings; sent to the local server in `X-Weft-Api-Key`, never stored elsewhere. */
  apiKey?: string;
  /** Force the built-in simulator (`/api/simulator`) even when a key exists. */
  simulator?: boolean;
}

/**
 * Adapters as the page uses them: every call goes to the local server's `/api/<provider>` route on the
 * page's own origin, which injects the key (from the environment, or the one the user saved in this
 * browser's settings, sent in `X-Weft-Api-Key`) or answers from the simulator when there is none.
 * With `simulator`, calls go to `/api/simulator`, which serves both providers' real paths.
 */
export function browserProviderConfig(id: KnownProviderId, origin: string, options: BrowserProviderOptions | string = {}): ProviderConfig {
  const opts = typeof options === 'string' ? { apiKey: options } : options;
  const base = new URL(opts.simulator ? '/api/simulator' : `/api/${id}`, origin);
  return { baseUrl: base.href, keyTransport: 'proxy', ...(opts.apiKey && !opts.simulator ? { apiKey: opts.apiKey } : {}) };
}

export function createBrowserProvider(id: KnownProviderId, origin: string, options: BrowserProviderOptions | string = {}): Provider {
  return createProvider(id, browserProviderConfig(id, origin, options));
}
