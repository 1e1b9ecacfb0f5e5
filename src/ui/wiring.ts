import type { Connection, FinalConnectionState, OnConnectStartParams } from '@xyflow/react';
import { canConnect, checkWire, type ConnectResult } from '../core/graph/canConnect.ts';
import { orderListEdges } from '../core/graph/graphIndex.ts';
import { acceptedKinds } from '../core/graph/kinds.ts';
import { fieldOf, inputsOf } from '../core/templates/inputsOf.ts';
import type { PortRef } from '../store/documentTypes.ts';
import { useDocStore } from '../store/documentStore.ts';
import { portKey } from '../core/graph/graphIndex.ts';
import { useUiStore, type DroppedWire } from '../store/uiStore.ts';
import { peekTemplate } from './catalog.ts';
import { parseHandleId } from './nodes/slots.ts';

/**
 * Glue between React Flow's connection events and the one connection rule (`canConnect` in core).
 * Nothing here decides what may connect: it asks, acts on the answer, and tells the user why not.
 */

type Ends = { source: string; target: string; sourceHandle?: string | null; targetHandle?: string | null };

function check(from: PortRef, to: PortRef): ConnectResult {
  return canConnect(useDocStore.getState().doc, peekTemplate, from, to);
}

/** The ports a React Flow connection names, and the list slot it ends on (0 for plain inputs). */
function ends(c: Ends): { from: PortRef; to: PortRef; slot: number } | undefined {
  if (!c.sourceHandle || !c.targetHandle) return undefined;
  const { port, slot } = parseHandleId(c.targetHandle);
  return { from: { node: c.source, port: c.sourceHandle }, to: { node: c.target, port }, slot };
}

/**
 * The rule's verdict for a wire ending on a list slot: a slot that already holds a wire swaps it for
 * the new one (checked as if the old wire were gone, so a full list can still be re-wired).
 */
function checkSlot(from: PortRef, to: PortRef, slot: number): ConnectResult {
  const doc = useDocStore.getState().doc;
  const occupied = slot > 0 || isList(to) ? orderListEdges(doc.edges.filter((e) => e.to.node === to.node && e.to.port === to.port))[slot] : undefined;
  if (!occupied) return check(from, to);
  const verdict = canConnect({ ...doc, edges: doc.edges.filter((e) => e !== occupied) }, peekTemplate, from, to);
  return verdict.ok ? { ok: true, replaces: occupied.id } : verdict;
}

function isList(to: PortRef): boolean {
  const node = useDocStore.getState().doc.nodes.find((n) => n.id === to.node);
  const template = node && peekTemplate(node.type);
  return !!(node && template && fieldOf(template, node.values, to.port)?.list);
}

/** React Flow's `isValidConnection`: asked while a wire hovers a port. */
export function isValidConnection(c: Ends): boolean {
  const e = ends(c);
  return e !== undefined && checkSlot(e.from, e.to, e.slot).ok;
}

/** React Flow's `onConnect`: adds the wire if the rule allows it (replacing the wire a single input had). */
export function connect(c: Connection): void {
  const e = ends(c);
  if (!e) return;
  const verdict = checkSlot(e.from, e.to, e.slot);
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
  const { nodeId, handleType } = params;
  if (!nodeId || !params.handleId || !handleType) return;
  const handleId = handleType === 'target' ? parseHandleId(params.handleId).port : params.handleId;
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
      if ((fromSource ? checkWire(here, there) : checkWire(there, here)).ok) ports[portKey({ node: node.id, port })] = true;
    }
  }
  const kind = fromSource
    ? originTemplate.outputs.find((o) => o.name === handleId)?.kind
    : fieldOf(originTemplate, origin.values, handleId)?.kind;
  useUiStore.getState().setConnectable(ports, kind);
}

/**
 * React Flow's `onConnectEnd`: a wire dropped on empty canvas opens the node search, offering only
 * nodes that can take it (ComfyUI-style); a wire dropped on a port that refused it says why.
 */
export function endConnecting(event: MouseEvent | TouchEvent, state: FinalConnectionState, toFlow: (p: { x: number; y: number }) => { x: number; y: number }): void {
  const kind = useUiStore.getState().draggingKind;
  useUiStore.getState().setConnectable(null);
  const { fromHandle, toHandle } = state;
  const droppedOn = event.target instanceof Element ? event.target : null;
  if (!toHandle && fromHandle?.id && droppedOn?.classList.contains('react-flow__pane')) {
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    if (!point) return;
    const screen = { x: point.clientX, y: point.clientY };
    const fromOutput = fromHandle.type === 'source';
    const port = fromOutput ? fromHandle.id : parseHandleId(fromHandle.id).port;
    const kinds = fromOutput ? (kind ? [kind] : []) : acceptedKindsOf(fromHandle.nodeId, port);
    if (!kinds.length) return;
    useUiStore.getState().openPopup({ screen, flow: toFlow(screen), wire: { node: fromHandle.nodeId, port, fromOutput, kinds } });
    return;
  }
  if (state.isValid !== false || !fromHandle?.id || !toHandle?.id) return;
  if (fromHandle.type === toHandle.type) {
    const what = fromHandle.type === 'source' ? 'an output to an input, not to another output' : 'an input to an output, not to another input';
    useUiStore.getState().showToast(`Connect ${what}.`, 'error');
    return;
  }
  const [source, target] = fromHandle.type === 'source' ? [fromHandle, toHandle] : [toHandle, fromHandle];
  const { port, slot } = parseHandleId(target.id ?? '');
  const verdict = checkSlot({ node: source.nodeId, port: source.id ?? '' }, { node: target.nodeId, port }, slot);
  if (!verdict.ok) useUiStore.getState().showToast(capitalise(verdict.reason), 'error');
}

function acceptedKindsOf(nodeId: string, port: string): string[] {
  const node = useDocStore.getState().doc.nodes.find((n) => n.id === nodeId);
  const template = node && peekTemplate(node.type);
  const field = node && template ? fieldOf(template, node.values, port) : undefined;
  return field ? acceptedKinds(field) : [];
}

/** Connects a node just added from the search to the wire that was dropped: the first port that takes it. */
export function connectDroppedWire(wire: DroppedWire, newNode: string): void {
  const { doc } = useDocStore.getState();
  const node = doc.nodes.find((n) => n.id === newNode);
  const template = node && peekTemplate(node.type);
  if (!node || !template) return;
  const ports = wire.fromOutput ? inputsOf(template, node.values).filter((f) => f.connectable).map((f) => f.name) : template.outputs.map((o) => o.name);
  for (const port of ports) {
    const [from, to] = wire.fromOutput ? [{ node: wire.node, port: wire.port }, { node: newNode, port }] : [{ node: newNode, port }, { node: wire.node, port: wire.port }];
    const verdict = check(from, to);
    if (!verdict.ok) continue;
    const store = useDocStore.getState();
    store.dispatch({ type: 'connect', edge: { id: store.newId('e'), from, to }, replaces: verdict.replaces });
    return;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
