import { lazy, Suspense } from 'react';
import './customEndpointsSync.ts';
import { useSettingsDialog } from './settingsDialogState.ts';

/** Loads when first opened (first-load JS is a speed target). */
const SettingsDialog = lazy(() => import('./SettingsDialog.tsx').then((m) => ({ default: m.SettingsDialog })));

/** The Settings button and dialog: API keys, simulator switches, concurrency, custom endpoints. */
export function SettingsControls() {
  const open = useSettingsDialog((s) => s.settingsOpen);
  const openSettings = useSettingsDialog((s) => s.openSettings);
  return (
    <>
      <button type="button" className="weft-button" aria-label="Settings" aria-haspopup="dialog" title="Settings: API keys, simulator, custom endpoints" onClick={openSettings}>
        <span aria-hidden="true">⚙</span> <span className="weft-toolbar__words">Settings</span>
      </button>
      {open ? (
        <Suspense fallback={null}>
          <SettingsDialog />
        </Suspense>
      ) : null}
    </>
  );
}
