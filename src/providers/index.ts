import type { Provider } from '../core/providers/types.ts';
import type { KnownProviderId, ProviderConfig } from './config.ts';
import { createRunComfy } from './runcomfy.ts';
import { createRunningHub } from './runninghub.ts';

export { PROVIDERS, PROVIDER_IDS, configFromEnv, isKnownProvider, isAllowedMediaUrl, type ProviderConfig, type KnownProviderId } from './config.ts';
export { createRunComfy } from './runcomfy.ts';
export { createRunningHub } from './runninghub.ts';

/** The adapter for a provider id. */
export function createProvider(id: KnownProviderId, config: ProviderConfig): Provider {
  return id === 'runcomfy' ? createRunComfy(config) : createRunningHub(config);
}
