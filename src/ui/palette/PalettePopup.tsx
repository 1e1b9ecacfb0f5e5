import { useEffect, useRef } from 'react';
import { useUiStore } from '../../store/uiStore.ts';
import { addNodeOfType } from '../nodeFactory.ts';
import { connectDroppedWire } from '../wiring.ts';
import { Palette } from './Palette.tsx';
import type { PaletteEntry } from '../catalogEntry.ts';

const WIDTH = 340;
const HEIGHT = 420;
/** Keep clear of the status line at the bottom. */
const BOTTOM_MARGIN = 38;

/** The palette as a popup where the canvas was double-clicked; a pick adds the node right there. */
export function PalettePopup() {
  const popup = useUiStore((s) => s.palettePopup);
  const close = useUiStore((s) => s.closePopup);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!popup) return;
    const onPointerDown = (e: PointerEvent) => {
      if (ref.current && !ref.current.contains(e.target as globalThis.Node)) close();
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [popup, close]);

  if (!popup) return null;
  const left = Math.max(8, Math.min(popup.screen.x, window.innerWidth - WIDTH - 8));
  const top = Math.max(8, Math.min(popup.screen.y, window.innerHeight - HEIGHT - BOTTOM_MARGIN));
  const wire = popup.wire;
  const onPick = (entry: PaletteEntry) => {
    close();
    void addNodeOfType(entry.id, popup.flow).then((id) => {
      if (id && wire) connectDroppedWire(wire, id);
    });
  };
  const filter = wire ? (wire.fromOutput ? { output: wire.kinds[0] ?? '' } : { input: wire.kinds }) : undefined;
  return (
    <div ref={ref} className="weft-popup" role="dialog" aria-label={wire ? 'Add a node for this wire' : 'Add a node'} style={{ left, top, width: WIDTH, height: HEIGHT }}>
      <Palette key={`${popup.screen.x},${popup.screen.y}`} variant="popup" onPick={onPick} onClose={close} autoFocus wire={filter} />
    </div>
  );
}
