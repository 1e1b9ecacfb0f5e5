import { useEffect, useLayoutEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useDocStore } from '../../store/documentStore.ts';
import { useFileState } from './fileState.ts';

/**
 * After a graph is opened (file, link, example, recovery): shows the view the file saved (`viewport`),
 * as the user left it; a file without one is framed whole once its nodes are measured (clear of the
 * minimap on the right). Restoring the saved view also keeps a large graph cheap to open: only the
 * nodes in that view are drawn, where fitting 1,000 nodes would draw every one of them at 10 % zoom.
 */
export function FitOnOpen() {
  const opened = useFileState((s) => s.opened);
  const { fitView, setViewport } = useReactFlow();
  const saved = opened === 0 ? undefined : useDocStore.getState().doc.viewport;
  // Before paint, so the nodes of the default view are never drawn first.
  useLayoutEffect(() => {
    if (saved) void setViewport(saved);
  }, [opened, saved, setViewport]);
  useEffect(() => {
    if (opened === 0 || saved) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => void fitView({ padding: { top: '48px', bottom: '48px', left: '48px', right: '220px' }, maxZoom: 1 }));
    });
    return () => cancelAnimationFrame(frame);
  }, [opened, saved, fitView]);
  return null;
}
