import { memo, type CSSProperties } from 'react';
import { Handle, Position } from '@xyflow/react';
import { portKey } from '../../core/graph/graphIndex.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { kindColor } from '../kindColors.ts';

interface Props {
  nodeId: string;
  port: string;
  type: 'source' | 'target';
  kind: string;
  /** A list port: takes several wires (drawn as a rounded bar instead of a dot). */
  list?: boolean;
  /** A list's free slot (where the next wire goes), drawn hollow. */
  free?: boolean;
  /** The handle's id when it differs from the port (a list's slot k). */
  handleId?: string;
  /** Pixels below the field's first handle (a list's later slots). */
  offset?: number;
  label: string;
}

/**
 * A typed, coloured handle. While a wire is dragged it lights up if the rule says the wire may end here
 * and dims otherwise; it subscribes to that one boolean, so a drag re-renders each handle at most twice.
 */
export const PortHandle = memo(function PortHandle({ nodeId, port, type, kind, list, free, handleId, offset, label }: Props) {
  const state = useUiStore((s) => (s.connectable === null ? 'idle' : s.connectable[portKey({ node: nodeId, port })] ? 'can' : 'cannot'));
  const className = ['weft-handle', list ? 'weft-handle--list' : '', free ? 'weft-handle--free' : '', state !== 'idle' ? `weft-handle--${state}` : '']
    .filter(Boolean)
    .join(' ');
  const style = { '--kind': kindColor(kind), ...(offset ? { top: `calc(14px + ${offset}px)` } : {}) } as CSSProperties;
  return (
    <Handle
      type={type}
      position={type === 'target' ? Position.Left : Position.Right}
      id={handleId ?? port}
      className={className}
      style={style}
      data-kind={kind}
      title={`${label} · ${kind}${list ? ' (list: several wires)' : ''}`}
    />
  );
});
