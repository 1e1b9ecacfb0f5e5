import type { Provider } from '../core/providers/types.ts';
import type { KnownProviderId, ProviderConfig } from './config.ts';
import { createProvider } from './index.ts';

/**
 * Adapters as the page uses them: every call goes to the local server's `/api/<provider>` route on the
 * page's own origin, which injects the key (from the environment, or the one the user saved in this
 * browser's settings, sent in `X-Weft-Api-Key`) or answers from the simulator when there is none.
 */
export function browserProviderConfig(id: KnownProviderId, origin: string, apiKey?: string): ProviderConfig {
  const base = new URL(`/api/${id}`, origin);
  return { baseUrl: base.href, keyTransport: 'proxy', ...(apiKey ? { apiKey } : {}) };
}

export function createBrowserProvider(id: KnownProviderId, origin: string, apiKey?: string): Provider {
  return createProvider(id, browserProviderConfig(id, origin, apiKey));
}
