import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useFileState } from './fileState.ts';

/** After a graph is opened (file, link, example, recovery), frames the whole graph in the view once its nodes are measured (clear of the minimap on the right). */
export function FitOnOpen() {
  const opened = useFileState((s) => s.opened);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (opened === 0) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => void fitView({ padding: { top: '48px', bottom: '48px', left: '48px', right: '220px' }, maxZoom: 1 }));
    });
    return () => cancelAnimationFrame(frame);
  }, [opened, fitView]);
  return null;
}
