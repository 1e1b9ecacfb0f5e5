import { useEffect, useState } from 'react';
import { fetchServerStatus, effectiveModes, type EffectiveMode, type ProviderModeInfo } from './serverStatus.ts';
import { useSettingsDialog } from './settings/settingsDialogState.ts';
import { useSettings } from './settings/settingsStore.ts';
import './settings/settings.css';

const REASONS: Record<EffectiveMode['reason'], string> = {
  switch: 'the "Use simulator" switch is on in Settings',
  'no-key': 'no API key is set (in Settings or on the server)',
  'browser-key': 'with the key saved in this browser',
  'server-key': "with the server's key",
};

const join = (list: EffectiveMode[]) => list.map((p) => p.title).join(', ');

/**
 * Says, on screen, which providers run on the built-in simulator ("RunComfy, RunningHub: Simulator — no
 * credits spent") and which run live and spend credits, so nobody mistakes a simulated result for a
 * paid one or the other way round. Combines the server's `/api/status` with this browser's settings
 * (a key saved here → live; the simulator switch → simulated). Clicking it opens Settings. Shows
 * nothing when the server has no `/api/`.
 */
export function ModeBadge() {
  const [server, setServer] = useState<ProviderModeInfo[]>([]);
  const browser = useSettings((s) => s.providers);
  const openSettings = useSettingsDialog((s) => s.openSettings);
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
  return (
    <span className="weft-modes">
      {simulated.length > 0 ? (
        <button
          type="button"
          className="weft-mode weft-mode--simulator"
          data-mode="simulator"
          aria-label={`${join(simulated)}: Simulator — no credits spent. Open Settings`}
          title={`Simulated — ${explain(simulated)}. Jobs finish with sample media and cost nothing.`}
          onClick={openSettings}
        >
          <span className="weft-mode__dot" aria-hidden="true" />
          {join(simulated)}: Simulator — no credits spent
        </button>
      ) : null}
      {live.length > 0 ? (
        <button
          type="button"
          className="weft-mode weft-mode--live"
          data-mode="live"
          aria-label={`${join(live)}: Live — runs spend credits. Open Settings`}
          title={`Live — ${explain(live)}. Each job is billed by the provider.`}
          onClick={openSettings}
        >
          <span className="weft-mode__dot" aria-hidden="true" />
          {join(live)}: Live — spends credits
        </button>
      ) : null}
    </span>
  );
}
