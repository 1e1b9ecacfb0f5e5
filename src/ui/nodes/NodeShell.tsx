import { memo } from 'react';
import type { Field, NodeTemplate } from '../../core/model/template.ts';
import { inputsOf } from '../../core/templates/inputsOf.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getIncomingPorts, getNode } from '../../store/lookups.ts';
import { ListSlots } from './FieldRow.tsx';
import { PortHandle } from './PortHandle.tsx';
import { slotCount } from './slots.ts';
import './nodeShell.css';

const NO_VALUES: Record<string, unknown> = {};

/** A field's port(s) and label, with a plain block where its widget goes (about the widget's height). */
const ShellField = memo(function ShellField({ nodeId, field }: { nodeId: string; field: Field }) {
  const wires = useDocStore((s) => (field.list ? (getIncomingPorts(s.doc.edges, nodeId).get(field.name)?.length ?? 0) : 0));
  return (
    <div className={`weft-field weft-field--${field.kind}`} data-field={field.name}>
      {field.connectable && field.list ? (
        <ListSlots nodeId={nodeId} field={field} wires={wires} slots={slotCount(wires, field.list.max)} />
      ) : field.connectable ? (
        <PortHandle nodeId={nodeId} port={field.name} type="target" kind={field.kind} label={field.title} />
      ) : null}
      <div className="weft-field__head">
        <span className="weft-field__label">{field.title}</span>
      </div>
      {field.portOnly || field.secret ? null : <div className={`weft-shell__widget weft-shell__widget--${field.kind}`} />}
    </div>
  );
});

/**
 * The cheap drawing of a node mounted outside the view (see `useDrawnInFull`): the same header, output
 * ports and input ports, no widgets, no validation, no run status. Never seen in practice: React Flow
 * measures it and unmounts it, or it becomes the full node as soon as it scrolls into view.
 */
export const NodeShell = memo(function NodeShell({ id, template, title }: { id: string; template: NodeTemplate; title: string }) {
  const values = useDocStore((s) => getNode(s.doc.nodes, id)?.values ?? NO_VALUES);
  const inputs = inputsOf(template, values);
  return (
    <>
      <div className="weft-node__header">
        <span className="weft-node__title">{title}</span>
      </div>
      <div className="weft-node__outputs">
        {template.outputs.map((o) => (
          <div key={o.name} className="weft-output" data-output={o.name}>
            <span className="weft-output__label">{o.name}</span>
            <PortHandle nodeId={id} port={o.name} type="source" kind={o.kind} label={o.name} />
          </div>
        ))}
      </div>
      <div className="weft-node__fields">
        {inputs.map((f) => (
          <ShellField key={f.name} nodeId={id} field={f} />
        ))}
      </div>
    </>
  );
});
