import { NodeToolbar, Position } from '@xyflow/react';
import { startRun } from './runActions.ts';
import { useIsRunning } from './runStore.ts';

/** Over a selected node: run the graph up to it, or from it (it and what depends on it re-run). */
export function NodeRunToolbar({ id }: { id: string }) {
  const running = useIsRunning();
  return (
    <NodeToolbar position={Position.Top} align="end" className="weft-node-toolbar">
      <button type="button" className="weft-button" disabled={running} title="Run this node and what it needs (inputs come from the cache when unchanged)" onClick={() => void startRun({ mode: 'upTo', target: id })}>
        <span aria-hidden="true">▸</span> Run to here
      </button>
      <button type="button" className="weft-button" disabled={running} title="Run this node again and everything after it (upstream results come from the cache)" onClick={() => void startRun({ mode: 'from', target: id })}>
        Run from here <span aria-hidden="true">▸▸</span>
      </button>
    </NodeToolbar>
  );
}
