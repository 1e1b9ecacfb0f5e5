import { useEffect, useState } from 'react';
import { fetchServerStatus, type ProviderModeInfo } from './serverStatus.ts';

/**
 * Says, on screen, which providers run on the built-in simulator ("RunComfy, RunningHub: Simulator — no
 * credits spent"), so nobody mistakes a simulated result for a paid one or the other way round. Shows
 * nothing when every provider is live or the server has no `/api/`.
 *
 * `/api/status` only knows the server's environment: a provider for which this browser holds its own
 * key (sent in `X-Weft-Api-Key`) runs live whatever the server says, so pass its id in `liveInBrowser`.
 */
export function ModeBadge({ liveInBrowser = [] }: { liveInBrowser?: readonly string[] }) {
  const [providers, setProviders] = useState<ProviderModeInfo[]>([]);
  useEffect(() => {
    let mounted = true;
    void fetchServerStatus().then((list) => {
      if (mounted) setProviders(list);
    });
    return () => {
      mounted = false;
    };
  }, []);

  const isLive = (p: ProviderModeInfo) => p.mode === 'live' || liveInBrowser.includes(p.id);
  const simulated = providers.filter((p) => !isLive(p)).map((p) => p.title);
  const live = providers.filter(isLive).map((p) => p.title);
  // Live with this browser's own key: say so plainly (it spends money), whatever the server's mode.
  const liveHere = providers.filter((p) => liveInBrowser.includes(p.id)).map((p) => p.title);
  const liveBadge = liveHere.length ? (
    <span className="weft-mode-badge is-live" role="note" aria-label={`${liveHere.join(', ')}: Live — spends credits`} title="Jobs run at the provider with the API key saved in this browser and are billed to it." data-mode="live">
      <span className="weft-mode-badge__dot" aria-hidden="true" />
      {liveHere.join(', ')}: Live — spends credits
    </span>
  ) : null;
  if (simulated.length === 0) return liveBadge;
  const names = simulated.join(', ');
  const detail = `${names} ${simulated.length === 1 ? 'runs' : 'run'} on Weft's built-in simulator: jobs finish with sample media and cost nothing.${
    live.length ? ` ${live.join(', ')} ${live.length === 1 ? 'is' : 'are'} live.` : ''
  } Set an API key on the server (e.g. RUNCOMFY_API_KEY) to run for real.`;
  return (
    <>
    {liveBadge}
    <span className="weft-mode-badge" role="note" aria-label={`${names}: Simulator — no credits spent`} title={detail} data-mode="simulator">
      <span className="weft-mode-badge__dot" aria-hidden="true" />
      {names}: Simulator — no credits spent
    </span>
    </>
  );
}
