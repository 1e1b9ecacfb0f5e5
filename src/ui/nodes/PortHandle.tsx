import { memo, type CSSProperties } from 'react';
import { Handle, Position } from '@xyflow/react';
import { portKey, useUiStore } from '../../store/uiStore.ts';
import { kindColor } from '../kindColors.ts';

interface Props {
  nodeId: string;
  port: string;
  type: 'source' | 'target';
  kind: string;
  /** A list port: takes several wires (drawn as a rounded bar instead of a dot). */
  list?: boolean;
  label: string;
}

/**
 * A typed, coloured handle. While a wire is dragged it lights up if the rule says the wire may end here
 * and dims otherwise; it subscribes to that one boolean, so a drag re-renders each handle at most twice.
 */
export const PortHandle = memo(function PortHandle({ nodeId, port, type, kind, list, label }: Props) {
  const state = useUiStore((s) => (s.connectable === null ? 'idle' : s.connectable[portKey(nodeId, port)] ? 'can' : 'cannot'));
  const className = ['weft-handle', list ? 'weft-handle--list' : '', state !== 'idle' ? `weft-handle--${state}` : ''].filter(Boolean).join(' ');
  return (
    <Handle
      type={type}
      position={type === 'target' ? Position.Left : Position.Right}
      id={port}
      className={className}
      style={{ '--kind': kindColor(kind) } as CSSProperties}
      data-kind={kind}
      title={`${label} · ${kind}${list ? ' (list: several wires)' : ''}`}
    />
  );
});
