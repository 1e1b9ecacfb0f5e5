import { memo, useId } from 'react';
import type { Field, Problem } from '../../core/model/template.ts';
import { kindColor } from '../kindColors.ts';
import { FieldWidget } from '../widgets/FieldWidget.tsx';
import { useDocStore } from '../../store/documentStore.ts';
import { getIncomingPorts } from '../../store/lookups.ts';
import { PortHandle } from './PortHandle.tsx';
import { slotCount, slotHandleId } from './slots.ts';

interface Props {
  nodeId: string;
  field: Field;
  value: unknown;
  problems: readonly Problem[] | undefined;
  /** Labels of the outputs wired into this field ("Text › text"); empty when nothing is. */
  wiredFrom: string;
  onChange(field: string, value: unknown): void;
}

const PLURAL: Record<string, string> = { image: 'images', video: 'videos', audio: 'audio clips' };

/** "1–10 images", "up to 4 videos", "1 or more inputs", "at least 2 images", "any number of images". */
export function listNote(field: Field): string | undefined {
  if (!field.list) return undefined;
  const things = field.accepts ? 'inputs' : PLURAL[field.kind] ?? `${field.kind} values`;
  const { min, max } = field.list;
  if (max !== undefined && min > 0) return min === max ? `${min} ${things}` : `${min}–${max} ${things}`;
  if (max !== undefined) return `up to ${max} ${things}`;
  if (min === 1) return `1 or more ${things}`;
  if (min > 1) return `at least ${min} ${things}`;
  return `any number of ${things}`;
}

function acceptNote(field: Field): string | undefined {
  const parts = [field.accept?.join(', '), field.maxSizeMb !== undefined ? `≤ ${field.maxSizeMb} MB` : undefined].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/** Spacing of a list field's slot handles, in pixels (the row grows to fit them). */
export const SLOT_GAP = 22;

/** A list field's handles: one per wire plus a free slot (until the field's maximum). */
export function ListSlots({ nodeId, field, wires, slots }: { nodeId: string; field: Field; wires: number; slots: number }) {
  return (
    <>
      {Array.from({ length: slots }, (_, k) => (
        <PortHandle
          key={k}
          nodeId={nodeId}
          port={field.name}
          handleId={slotHandleId(field.name, k)}
          type="target"
          kind={field.kind}
          list
          free={k >= wires}
          label={`${field.title} ${k + 1}`}
          offset={k * SLOT_GAP}
        />
      ))}
    </>
  );
}

/**
 * One input field: its port on the left edge, its label, and its widget — or, when a wire feeds it,
 * where the value comes from (the widget yields to the wire). Problems are listed under it in red.
 */
export const FieldRow = memo(function FieldRow({ nodeId, field, value, problems, wiredFrom, onChange }: Props) {
  const inputId = useId();
  const wired = wiredFrom !== '';
  const count = listNote(field);
  const accept = acceptNote(field);
  const invalid = (problems?.length ?? 0) > 0;
  const showWidget = !wired && !field.portOnly && !field.secret;
  const wires = useDocStore((s) => (field.list ? (getIncomingPorts(s.doc.edges, nodeId).get(field.name)?.length ?? 0) : 0));
  const slots = field.list ? slotCount(wires, field.list.max) : 1;
  // The row is tall enough for every slot handle (they stack down its left edge).
  const style = slots > 1 ? { minHeight: 30 + (slots - 1) * SLOT_GAP } : undefined;
  return (
    <div className={`weft-field weft-field--${field.kind}${wired ? ' is-wired' : ''}`} data-field={field.name} style={style}>
      {field.connectable && field.list ? (
        <ListSlots nodeId={nodeId} field={field} wires={wires} slots={slots} />
      ) : field.connectable ? (
        <PortHandle nodeId={nodeId} port={field.name} type="target" kind={field.kind} label={field.title} />
      ) : null}
      <div className="weft-field__head">
        <label htmlFor={showWidget ? inputId : undefined} className="weft-field__label" title={field.description || undefined}>
          <span className="weft-kind-dot" style={{ background: kindColor(field.kind) }} aria-hidden="true" />
          {field.title}
          {field.required ? (
            <span className="weft-required" title="Required">
              *
            </span>
          ) : null}
        </label>
        {count ? <span className="weft-field__count">{count}</span> : null}
      </div>
      {showWidget ? (
        <FieldWidget inputId={inputId} field={field} value={value} invalid={invalid} onChange={(v) => onChange(field.name, v)} />
      ) : wired ? (
        <div className="weft-field__wired">← {wiredFrom}</div>
      ) : null}
      {accept ? <div className="weft-field__note">{accept}</div> : null}
      {field.note ? <div className="weft-field__note">{field.note}</div> : null}
      {field.secret ? <div className="weft-field__note">A credential: filled in from your API key settings at run time, never saved in the graph.</div> : null}
      {problems?.map((p, i) => (
        <div key={i} className="weft-problem" data-code={p.code}>
          {p.message}
        </div>
      ))}
    </div>
  );
});
