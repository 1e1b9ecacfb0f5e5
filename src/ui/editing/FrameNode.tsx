import { memo } from 'react';
import { NodeResizer, type Node, type NodeProps } from '@xyflow/react';
import { useDocStore } from '../../store/documentStore.ts';

export type FrameFlowNode = Node<{ group: string }, 'frame'>;

const DEFAULT_COLOR = '#5b8cff';
const MIN = 120;

/** A titled frame behind nodes: drag its title bar to move it with its nodes, drag a corner to resize. */
export const FrameNode = memo(function FrameNode({ data, selected }: NodeProps<FrameFlowNode>) {
  const group = useDocStore((s) => s.doc.groups?.find((g) => g.id === data.group));
  if (!group) return null;
  const color = group.color ?? DEFAULT_COLOR;
  const resize = (final: boolean) => (_: unknown, p: { x: number; y: number; width: number; height: number }) =>
    useDocStore.getState().dispatch({ type: 'updateGroup', id: group.id, rect: { x: p.x, y: p.y, width: p.width, height: p.height }, final });
  return (
    <div className={`weft-frame${selected ? ' is-selected' : ''}`} style={{ ['--frame' as string]: color }} data-group-id={group.id}>
      <NodeResizer isVisible={selected} minWidth={MIN} minHeight={MIN} color={color} onResize={resize(false)} onResizeEnd={resize(true)} />
      <div className="weft-frame__bar">
        {/* A one-line title that wraps instead of being cut off when the frame is narrower than it. */}
        <textarea
          className="nodrag weft-frame__title"
          aria-label="Frame title"
          title={group.title}
          rows={1}
          value={group.title}
          maxLength={200}
          spellCheck={false}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              e.currentTarget.blur();
            }
          }}
          onChange={(e) => useDocStore.getState().dispatch({ type: 'updateGroup', id: group.id, title: e.target.value.replace(/[\r\n]+/g, ' ') })}
        />
      </div>
    </div>
  );
});
