import { ReactFlowProvider } from '@xyflow/react';
import { lazy, Suspense } from 'react';
import { useUiStore } from '../store/uiStore.ts';
import { Canvas } from './Canvas.tsx';
import { ContextMenus } from './editing/ContextMenus.tsx';
import { useShortcuts } from './editing/useShortcuts.ts';
import { PalettePanel } from './palette/PalettePanel.tsx';
import { PalettePopup } from './palette/PalettePopup.tsx';
import { RunPanel } from './run/RunPanel.tsx';
import { StatusBar } from './StatusBar.tsx';
import { Toolbar } from './Toolbar.tsx';

/** Loads when first opened (first-load JS is a speed target). */
const ShortcutsDialog = lazy(() => import('./editing/ShortcutsDialog.tsx').then((m) => ({ default: m.ShortcutsDialog })));

/** The editor: palette on the left; toolbar on top; the canvas (and the run panel) in the middle; a status line along the bottom. */
export function App() {
  const paletteOpen = useUiStore((s) => s.paletteOpen);
  const togglePalette = useUiStore((s) => s.togglePalette);
  const help = useUiStore((s) => s.shortcutsOpen);
  useShortcuts();
  return (
    <ReactFlowProvider>
      <div className={`weft-app${paletteOpen ? '' : ' is-palette-closed'}`}>
        {paletteOpen ? <PalettePanel /> : null}
        <main className="weft-main">
          <Toolbar />
          {paletteOpen ? null : (
            <button type="button" className="weft-icon-button weft-show-palette" title="Show the palette" onClick={() => togglePalette(true)}>
              ☰ Nodes
            </button>
          )}
          <div className="weft-workspace">
            <Canvas />
            <RunPanel />
          </div>
          <StatusBar />
        </main>
        <PalettePopup />
        <ContextMenus />
        {help ? (
          <Suspense fallback={null}>
            <ShortcutsDialog onClose={() => useUiStore.getState().showShortcuts(false)} />
          </Suspense>
        ) : null}
      </div>
    </ReactFlowProvider>
  );
}
