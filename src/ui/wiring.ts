import type { Connection, FinalConnectionState, OnConnectStartParams } from '@xyflow/react';
import { canConnect, checkWire, type ConnectResult } from '../core/graph/canConnect.ts';
import { fieldOf, inputsOf } from '../core/templates/inputsOf.ts';
import type { PortRef } from '../store/documentTypes.ts';
import { useDocStore } from '../store/documentStore.ts';
import { portKey, useUiStore } from '../store/uiStore.ts';
import { peekTemplate } from './catalog.ts';

/**
 * Glue between React Flow's connection events and the one connection rule (`canConnect` in core).
 * Nothing here decides what may connect: it asks, acts on the answer, and tells the user why not.
 */

type Ends = { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null };

function check(from: PortRef, to: PortRef): ConnectResult {
  return canConnect(useDocStore.getState().doc, peekTemplate, from, to);
}

function ends(c: Ends): { from: PortRef; to: PortRef } | undefined {
  if (!c.sourceHandle || !c.targetHandle) return undefined;
  return { from: { node: c.source, port: c.sourceHandle }, to: { node: c.target, port: c.targetHandle } };
}

/** React Flow's `isValidConnection`: asked while a wire hovers a port. */
export function isValidConnection(c: Ends): boolean {
  const e = ends(c);
  return e !== undefined && check(e.from, e.to).ok;
}

/** React Flow's `onConnect`: adds the wire if the rule allows it (replacing the wire a single input had). */
export function connect(c: Connection): void {
  const e = ends(c);
  if (!e) return;
  const verdict = check(e.from, e.to);
  if (!verdict.ok) {
    useUiStore.getState().showToast(capitalise(verdict.reason), 'error');
    return;
  }
  const store = useDocStore.getState();
  store.dispatch({ type: 'connect', edge: { id: store.newId('e'), from: e.from, to: e.to }, replaces: verdict.replaces });
}

/**
 * While a wire is dragged, marks every port whose kind fits it, so those handles light up. This uses
 * the per-wire part of the rule (`checkWire`); the full rule (loops, duplicates, list limits) is asked
 * when the wire reaches a port.
 */
export function startConnecting(params: OnConnectStartParams): void {
  const { nodeId, handleId, handleType } = params;
  if (!nodeId || !handleId || !handleType) return;
  const { doc } = useDocStore.getState();
  const origin = doc.nodes.find((n) => n.id === nodeId);
  const originTemplate = origin && peekTemplate(origin.type);
  if (!origin || !originTemplate) return;
  const here = { node: origin, template: originTemplate, port: handleId };
  const ports: Record<string, true> = {};
  const fromSource = handleType === 'source';
  for (const node of doc.nodes) {
    if (node.id === nodeId) continue;
    const template = peekTemplate(node.type);
    if (!template) continue;
    const names = fromSource ? inputsOf(template, node.values).filter((f) => f.connectable).map((f) => f.name) : template.outputs.map((o) => o.name);
    for (const port of names) {
      const there = { node, template, port };
      if ((fromSource ? checkWire(here, there) : checkWire(there, here)).ok) ports[portKey(node.id, port)] = true;
    }
  }
  const kind = fromSource
    ? originTemplate.outputs.find((o) => o.name === handleId)?.kind
    : fieldOf(originTemplate, origin.values, handleId)?.kind;
  useUiStore.getState().setConnectable(ports, kind);
}

/** React Flow's `onConnectEnd`: when a wire was dropped on a port that refused it, says why. */
export function endConnecting(state: FinalConnectionState): void {
  useUiStore.getState().setConnectable(null);
  const { fromHandle, toHandle } = state;
  if (state.isValid !== false || !fromHandle?.id || !toHandle?.id) return;
  if (fromHandle.type === toHandle.type) {
    const what = fromHandle.type === 'source' ? 'an output to an input, not to another output' : 'an input to an output, not to another input';
    useUiStore.getState().showToast(`Connect ${what}.`, 'error');
    return;
  }
  const [source, target] = fromHandle.type === 'source' ? [fromHandle, toHandle] : [toHandle, fromHandle];
  const verdict = check({ node: source.nodeId, port: source.id ?? '' }, { node: target.nodeId, port: target.id ?? '' });
  if (!verdict.ok) useUiStore.getState().showToast(capitalise(verdict.reason), 'error');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
