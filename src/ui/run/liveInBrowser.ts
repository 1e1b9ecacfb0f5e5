import { PROVIDER_IDS, type KnownProviderId } from '../../providers/config.ts';

/** Providers that run live because this browser holds their key and their simulator switch is off. */
export function liveInBrowser(providers: Record<KnownProviderId, { apiKey: string; simulator: boolean }>): KnownProviderId[] {
  return PROVIDER_IDS.filter((id) => providers[id].apiKey !== '' && !providers[id].simulator);
}
