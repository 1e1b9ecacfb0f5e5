import { useEffect, useLayoutEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { fitWhole } from '../editing/commands.ts';
import { useFileState } from './fileState.ts';

/** How long after opening the view keeps re-framing the graph as its nodes are measured. */
const SETTLE_MS = 1500;

/**
 * After a graph is opened (file, link, example, recovery): shows the view the file saved (`viewport`),
 * as the user left it; a file without one (every example) is framed whole. Nodes drawn for the first
 * time come out taller than their estimate, so the frame is taken again each time measurements arrive,
 * for a moment after opening, until the user pans or zooms. Restoring the saved view also keeps a
 * large graph cheap to open: only the nodes in that view are drawn.
 */
export function FitOnOpen() {
  const opened = useFileState((s) => s.opened);
  const { setViewport } = useReactFlow();
  const saved = opened === 0 ? undefined : useDocStore.getState().doc.viewport;
  // Before paint, so the nodes of the default view are never drawn first.
  useLayoutEffect(() => {
    if (saved) void setViewport(saved);
  }, [opened, saved, setViewport]);
  useEffect(() => {
    if (opened === 0 || saved) return;
    let frame = 0;
    const fit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => fitWhole(0));
      });
    };
    fit();
    const unsubscribe = useUiStore.subscribe((s, old) => {
      if (s.measured !== old.measured) fit();
    });
    const stop = () => {
      unsubscribe();
      window.clearTimeout(timer);
      cancelAnimationFrame(frame);
      window.removeEventListener('wheel', stop, true);
      window.removeEventListener('pointerdown', stop, true);
      window.removeEventListener('keydown', stop, true);
    };
    const timer = window.setTimeout(() => {
      unsubscribe();
      window.removeEventListener('wheel', stop, true);
      window.removeEventListener('pointerdown', stop, true);
      window.removeEventListener('keydown', stop, true);
    }, SETTLE_MS);
    // The user taking the view over ends the re-framing at once.
    window.addEventListener('wheel', stop, true);
    window.addEventListener('pointerdown', stop, true);
    window.addEventListener('keydown', stop, true);
    return stop;
  }, [opened, saved]);
  return null;
}
