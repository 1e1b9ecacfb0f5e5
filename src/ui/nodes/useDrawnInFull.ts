import { useCallback, useLayoutEffect, useRef } from 'react';
import { useStore, useUpdateNodeInternals, type ReactFlowState } from '@xyflow/react';

/**
 * Performance (opening large graphs): React Flow mounts every node once to measure it, even with
 * `onlyRenderVisibleElements`, then unmounts the ones out of view. Building 1,000 full endpoint nodes
 * (widgets, validation) only to throw them away made opening a 1,000-node file 6× slower than a bare
 * React Flow page, so a node first mounted outside the view draws a cheap shell (title, ports) until it
 * is in view; once drawn in full it stays so while mounted. Since Canvas gives unmeasured nodes an
 * estimated layout (estimateLayout) React Flow rarely mounts them off-screen; this stays as the safety
 * net for the rest (a node whose template loaded after it was handed over, a node held while dragged).
 */

/** Until measured, a node is taken to be about this tall (its width is fixed by CSS). */
const GUESS = { width: 340, height: 420 };

const ALWAYS = () => true;

/** Node ids whose handles React Flow last measured on a shell (their full drawing must be re-measured). */
const measuredAsShell = new Set<string>();

/** Whether the node overlaps the visible pane (or the pane is not sized yet). */
function inViewSelector(id: string) {
  return (s: ReactFlowState): boolean => {
    const node = s.nodeLookup.get(id);
    if (!node || !s.width || !s.height) return true;
    const [tx, ty, zoom] = s.transform;
    const { x, y } = node.internals.positionAbsolute;
    const w = node.measured.width ?? GUESS.width;
    const h = node.measured.height ?? GUESS.height;
    const left = x * zoom + tx;
    const top = y * zoom + ty;
    return left < s.width && top < s.height && left + w * zoom > 0 && top + h * zoom > 0;
  };
}

/** True once the node has been in view while mounted: draw it in full; false: draw the shell. */
export function useDrawnInFull(id: string): boolean {
  const latched = useRef(false);
  const select = useCallback((s: ReactFlowState) => inViewSelector(id)(s), [id]);
  const inView = useStore(latched.current ? ALWAYS : select);
  if (inView) latched.current = true;
  const full = latched.current;
  const updateNodeInternals = useUpdateNodeInternals();
  useLayoutEffect(() => {
    if (!full) {
      measuredAsShell.add(id);
    } else if (measuredAsShell.delete(id)) {
      // The full drawing's handles sit elsewhere than the shell's, even when the size happens to match.
      updateNodeInternals(id);
    }
  }, [id, full, updateNodeInternals]);
  return full;
}
