import { useReactFlow } from '@xyflow/react';
import { useUiStore } from '../../store/uiStore.ts';
import { addNodeOfType } from '../nodeFactory.ts';
import { newNodePoint } from '../viewport.ts';
import { Palette } from './Palette.tsx';
import type { PaletteEntry } from '../catalogEntry.ts';

/** The palette docked on the left: a pick adds the node in the middle of the current view. */
export function PalettePanel() {
  const { screenToFlowPosition } = useReactFlow();
  const close = useUiStore((s) => s.togglePalette);
  const onPick = (entry: PaletteEntry) => {
    const at = screenToFlowPosition(newNodePoint());
    void addNodeOfType(entry.id, { x: at.x, y: at.y - 160 });
  };
  return (
    <aside className="weft-side" aria-label="Node palette">
      <div className="weft-side__head">
        <span className="weft-brand">Weft</span>
        <button type="button" className="weft-icon-button" title="Hide the palette" aria-label="Hide the palette" onClick={() => close(false)}>
          ⟨
        </button>
      </div>
      <Palette variant="side" onPick={onPick} />
    </aside>
  );
}
