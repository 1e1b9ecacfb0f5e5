import type { Provider } from '../core/providers/types.ts';
import { configFromEnv, PROVIDER_IDS, type KnownProviderId, type ProviderConfig } from './config.ts';
import { createRunComfy } from './runcomfy.ts';
import { createRunningHub } from './runninghub.ts';

export { PROVIDERS, PROVIDER_IDS, configFromEnv, isKnownProvider, isAllowedMediaUrl, type ProviderConfig, type KnownProviderId } from './config.ts';
export { createRunComfy } from './runcomfy.ts';
export { createRunningHub } from './runninghub.ts';

/** The adapter for a provider id. */
export function createProvider(id: KnownProviderId, config: ProviderConfig): Provider {
  return id === 'runcomfy' ? createRunComfy(config) : createRunningHub(config);
}

/** Both adapters configured from environment variables (Node). Providers without a key are reported, not created. */
export function providersFromEnv(env: Readonly<Record<string, string | undefined>>): { providers: Map<KnownProviderId, Provider>; missingKeys: KnownProviderId[] } {
  const providers = new Map<KnownProviderId, Provider>();
  const missingKeys: KnownProviderId[] = [];
  for (const id of PROVIDER_IDS) {
    const config = configFromEnv(id, env);
    if (!config.apiKey) missingKeys.push(id);
    else providers.set(id, createProvider(id, config));
  }
  return { providers, missingKeys };
}
