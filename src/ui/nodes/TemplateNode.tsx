import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useUpdateNodeInternals, type Node, type NodeProps } from '@xyflow/react';
import type { Field, NodeTemplate, Problem } from '../../core/model/template.ts';
import { inputsOf } from '../../core/templates/inputsOf.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useTemplate } from '../catalog.ts';
import { NodeResult } from '../run/NodeResult.tsx';
import { NodeRunStatus } from '../run/NodeRunStatus.tsx';
import { kindColor } from '../kindColors.ts';
import { providerLabel } from '../catalogEntry.ts';
import { FieldRow } from './FieldRow.tsx';
import { NodeShell } from './NodeShell.tsx';
import { PortHandle } from './PortHandle.tsx';
import { setFieldValue } from './setFieldValue.ts';
import { parseWiredKey, wiredKey } from './wiredSources.ts';
import { useDrawnInFull } from './useDrawnInFull.ts';

export type TemplateFlowNode = Node<{ type: string }, 'template'>;

const NO_VALUES: Record<string, unknown> = {};

function isUnset(value: unknown): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The payload the validator sees: set values only (an empty box is "not set", not an empty string). */
function payloadOf(values: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (!isUnset(v)) payload[k] = v;
  return payload;
}

function Header({ id, title, template }: { id: string; title: string; template: NodeTemplate | undefined }) {
  const out = template?.outputs[0];
  return (
    <>
    <div className="weft-node__header">
      <span className="weft-node__title" title={template?.description || title}>
        {title}
      </span>
      {template ? <span className={`weft-badge weft-badge--${template.provider}`}>{providerLabel(template.provider)}</span> : null}
      {out ? (
        <span className="weft-badge weft-badge--kind" style={{ color: kindColor(out.kind), borderColor: kindColor(out.kind) }}>
          {out.kind}
          {out.list ? '[]' : ''}
        </span>
      ) : null}
    </div>
    <NodeRunStatus id={id} />
    </>
  );
}

/**
 * Tells React Flow to measure the node's handles again when its input ports change (a text template's
 * placeholders), so wires can end on a new port even when the node keeps its size.
 */
function useRemeasureOnNewPorts(id: string, inputs: readonly Field[]): void {
  const updateNodeInternals = useUpdateNodeInternals();
  const ports = inputs.filter((f) => f.connectable).map((f) => f.name).join('\u0000');
  const measured = useRef(ports);
  useEffect(() => {
    if (measured.current === ports) return;
    measured.current = ports;
    updateNodeInternals(id);
  }, [id, ports, updateNodeInternals]);
}

function Body({ id, template, title }: { id: string; template: NodeTemplate; title: string }) {
  const values = useDocStore((s) => getNode(s.doc.nodes, id)?.values ?? NO_VALUES);
  const wired = useDocStore((s) => wiredKey(s.doc, id));
  const wiredFrom = useMemo(() => parseWiredKey(wired), [wired]);
  const inputs = useMemo(() => inputsOf(template, values), [template, values]);
  useRemeasureOnNewPorts(id, inputs);

  const problems = useMemo(() => {
    const byField = new Map<string, Problem[]>();
    let list: Problem[];
    try {
      list = template.validate(payloadOf(values));
    } catch (error) {
      list = [{ field: '', code: 'validator-crashed', message: `Validator failed: ${error instanceof Error ? error.message : String(error)}` }];
    }
    for (const p of list) {
      if (wiredFrom.has(p.field)) continue; // a wire supplies this value; the widget's is not used
      const key = inputs.some((f) => f.name === p.field) ? p.field : '';
      const bucket = byField.get(key);
      if (bucket) bucket.push(p);
      else byField.set(key, [p]);
    }
    return byField;
  }, [template, inputs, values, wiredFrom]);

  const onChange = useCallback((field: string, value: unknown) => setFieldValue(template, id, field, value), [template, id]);
  const general = problems.get('');

  return (
    <>
      <Header id={id} title={title} template={template} />
      {template.outputs.length ? (
        <div className="weft-node__outputs">
          {template.outputs.map((o) => (
            <div key={o.name} className="weft-output" data-output={o.name}>
              <span className="weft-output__label">
                {o.name}
                {o.list ? <span className="weft-output__list"> (list)</span> : null}
              </span>
              <PortHandle nodeId={id} port={o.name} type="source" kind={o.kind} label={o.name} />
            </div>
          ))}
        </div>
      ) : null}
      <div className="weft-node__fields">
        {inputs.map((f) => (
          <FieldRow
            key={f.name}
            nodeId={id}
            field={f}
            value={f.name in values ? values[f.name] : f.default}
            problems={problems.get(f.name)}
            wiredFrom={wiredFrom.get(f.name) ?? ''}
            onChange={onChange}
          />
        ))}
      </div>
      {general ? (
        <div className="weft-node__problems">
          {general.map((p, i) => (
            <div key={i} className="weft-problem" data-code={p.code}>
              {p.message}
            </div>
          ))}
        </div>
      ) : null}
      <NodeResult id={id} template={template} />
    </>
  );
}

/** `npm run bench` counts node renders per drag frame; nothing happens unless the page set `__weftBench`. */
function countRender(): void {
  const g = globalThis as { __weftBench?: boolean; __weftRenders?: number };
  if (g.__weftBench) g.__weftRenders = (g.__weftRenders ?? 0) + 1;
}

/** The one node component: draws any template — title bar, output ports, one row per input field. */
export const TemplateNode = memo(function TemplateNode({ id, data, selected }: NodeProps<TemplateFlowNode>) {
  countRender();
  const template = useTemplate(data.type);
  const customTitle = useDocStore((s) => getNode(s.doc.nodes, id)?.title);
  const loaded = template && !(template instanceof Error) ? template : undefined;
  const title = customTitle ?? loaded?.title ?? data.type;
  // Outside the view (React Flow's measuring mount): a cheap shell until the node is in view.
  const full = useDrawnInFull(id);
  return (
    <div className={`weft-node${selected ? ' is-selected' : ''}`} data-type={data.type} data-node-id={id}>
      {loaded && !full ? (
        <NodeShell id={id} template={loaded} title={title} />
      ) : loaded ? (
        <Body id={id} template={loaded} title={title} />
      ) : (
        <>
          <Header id={id} title={title} template={undefined} />
          <div className={template instanceof Error ? 'weft-node__error' : 'weft-node__loading'}>
            {template instanceof Error ? template.message : 'Loading…'}
          </div>
        </>
      )}
    </div>
  );
});
