import { useEffect, useState } from 'react';
import { fetchServerStatus, effectiveModes, type EffectiveMode, type ProviderModeInfo } from './serverStatus.ts';
import { useSettings } from './settings/settingsStore.ts';
import './settings/settings.css';

const REASONS: Record<EffectiveMode['reason'], string> = {
  switch: '"Use simulator" is on',
  'no-key': 'no API key set',
  'browser-key': 'key saved in this browser',
  'server-key': "the server's key",
};

const join = (list: EffectiveMode[]) => list.map((p) => p.title).join(', ');

/**
 * Says, on screen, which providers run on the built-in simulator ("RunComfy, RunningHub: Simulator — no
 * credits spent") and which run live and spend credits, so nobody mistakes a simulated result for a
 * paid one or the other way round. Combines the server's `/api/status` with this browser's settings
 * (a key saved here → live; the simulator switch → simulated). Shows nothing when the server has
 * no `/api/`.
 */
export function ModeBadge() {
  const [server, setServer] = useState<ProviderModeInfo[]>([]);
  const browser = useSettings((s) => s.providers);
  useEffect(() => {
    let mounted = true;
    void fetchServerStatus().then((list) => {
      if (mounted) setServer(list);
    });
    return () => {
      mounted = false;
    };
  }, []);

  const modes = effectiveModes(server, browser);
  if (modes.length === 0) return null;
  const simulated = modes.filter((p) => p.mode === 'simulator');
  const live = modes.filter((p) => p.mode === 'live');
  const explain = (list: EffectiveMode[]) => list.map((p) => `${p.title}: ${REASONS[p.reason]}`).join('; ');
  const isAre = (list: EffectiveMode[]) => (list.length === 1 ? 'is' : 'are');
  return (
    <span className="weft-modes">
      {simulated.length > 0 ? (
        <span
          role="note"
          className="weft-mode weft-mode--simulator"
          data-mode="simulator"
          aria-label={`${join(simulated)}: Simulator — no credits spent`}
          title={`${join(simulated)} ${simulated.length === 1 ? 'runs' : 'run'} on Weft's built-in simulator (${explain(simulated)}): jobs finish with sample media and cost nothing.${
            live.length ? ` ${join(live)} ${isAre(live)} live.` : ''
          } Change it in Settings.`}
        >
          <span className="weft-mode__dot" aria-hidden="true" />
          {join(simulated)}: Simulator — no credits spent
        </span>
      ) : null}
      {live.length > 0 ? (
        <span
          role="note"
          className="weft-mode weft-mode--live"
          data-mode="live"
          aria-label={`${join(live)}: Live — spends credits`}
          title={`${join(live)} ${isAre(live)} live (${explain(live)}): each job is billed by the provider. Change it in Settings.`}
        >
          <span className="weft-mode__dot" aria-hidden="true" />
          {join(live)}: Live — spends credits
        </span>
      ) : null}
    </span>
  );
}
