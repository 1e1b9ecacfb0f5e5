import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { orderListEdges } from '../core/graph/graphIndex.ts';
import type { GraphEdge, GraphNode, Group, Position } from '../store/documentTypes.ts';
import { dispatch, useDocStore } from '../store/documentStore.ts';
import { getNode } from '../store/lookups.ts';
import { useUiStore } from '../store/uiStore.ts';
import { peekTemplate, useCatalogVersion } from './catalog.ts';
import { kindColor } from './kindColors.ts';
import { FrameNode, type FrameFlowNode } from './editing/FrameNode.tsx';
import { setFlowApi, setPointer } from './editing/flowApi.ts';
import { frameFlowId, groupIdOf, moveFrame, splitFlowIds } from './editing/frames.ts';
import { settlePlaced } from './editing/boxes.ts';
import { pushAsideGrown } from './editing/pushOnGrow.ts';
import { FirstRun } from './files/FirstRun.tsx';
import { addNodeOfType } from './nodeFactory.ts';
import { estimateLayout } from './nodes/estimateLayout.ts';
import { slotHandleId } from './nodes/slots.ts';
import { TemplateNode, type TemplateFlowNode } from './nodes/TemplateNode.tsx';
import { NODE_DRAG_TYPE } from './palette/Palette.tsx';
import { connect, endConnecting, isValidConnection, startConnecting } from './wiring.ts';
import { setCanvasElement } from './viewport.ts';
import './editing/canvas.css';

const nodeTypes = { template: TemplateNode, frame: FrameNode };
type FlowNode = TemplateFlowNode | FrameFlowNode;

/** Frames sit far below nodes, even when selected (React Flow lifts a selected node by 1000). */
const FRAME_Z = -2000;

type Size = { width: number; height: number };

// React Flow wants node objects that keep their identity while unchanged (so only the node that moved
// re-renders). These caches hand back the same object for the same document node + view state.
const nodeCache = new WeakMap<GraphNode, { selected: boolean; measured: Size | undefined; label: string; template: unknown; rf: TemplateFlowNode }>();
const dataCache = new Map<string, { type: string }>();
const edgeCache = new WeakMap<GraphEdge, { selected: boolean; color: string; slot: number; rf: Edge }>();

function flowNode(doc: GraphNode, selected: boolean, measured: Size | undefined): TemplateFlowNode {
  const template = peekTemplate(doc.type);
  // The accessible name (what a screen reader says when Tab reaches the node) is its title.
  const label = doc.title ?? template?.title ?? doc.type;
  const hit = nodeCache.get(doc);
  if (hit && hit.selected === selected && hit.measured === measured && hit.label === label && hit.template === template) return hit.rf;
  let data = dataCache.get(doc.type);
  if (!data) dataCache.set(doc.type, (data = { type: doc.type }));
  const rf: TemplateFlowNode = {
    id: doc.id,
    type: 'template',
    position: doc.position,
    data,
    selected,
    measured,
    ariaLabel: `${label} node${doc.bypass ? ' (bypassed)' : ''}`,
    ...(doc.bypass ? { className: 'is-bypassed' } : {}),
  };
  if (!measured && template) {
    // Not measured yet: an estimated size and handles, so React Flow need not render the node outside
    // the view just to measure it (see estimateLayout). Once measured, React Flow keeps its own.
    const { width, height, handles } = estimateLayout(template, doc.values);
    rf.measured = { width, height };
    rf.handles = handles;
  }
  nodeCache.set(doc, { selected, measured, label, template, rf });
  return rf;
}

const frameCache = new WeakMap<Group, { selected: boolean; rf: FrameFlowNode }>();

function flowFrame(group: Group, selected: boolean): FrameFlowNode {
  const hit = frameCache.get(group);
  if (hit && hit.selected === selected) return hit.rf;
  const { x, y, width, height } = group.rect;
  const rf: FrameFlowNode = {
    id: frameFlowId(group.id),
    type: 'frame',
    position: { x, y },
    width,
    height,
    zIndex: FRAME_Z,
    data: { group: group.id },
    selected,
    dragHandle: '.weft-frame__bar',
    ariaLabel: `Frame ${group.title}`,
  };
  frameCache.set(group, { selected, rf });
  return rf;
}

function wireColor(nodes: readonly GraphNode[], edge: GraphEdge): string {
  const source = getNode(nodes, edge.from.node);
  const out = source && peekTemplate(source.type)?.outputs.find((o) => o.name === edge.from.port);
  return kindColor(out?.kind);
}

/** Each wire's slot among the wires into the same list input (absent: slot 0). */
function listSlots(edges: readonly GraphEdge[]): Map<GraphEdge, number> {
  const into = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const key = `${e.to.node}\u0000${e.to.port}`;
    const list = into.get(key);
    if (list) list.push(e);
    else into.set(key, [e]);
  }
  const slots = new Map<GraphEdge, number>();
  for (const list of into.values()) if (list.length > 1) orderListEdges(list).forEach((e, k) => slots.set(e, k));
  return slots;
}

function flowEdge(doc: GraphEdge, selected: boolean, color: string, slot: number): Edge {
  const hit = edgeCache.get(doc);
  if (hit && hit.selected === selected && hit.color === color && hit.slot === slot) return hit.rf;
  const rf: Edge = {
    id: doc.id,
    source: doc.from.node,
    sourceHandle: doc.from.port,
    target: doc.to.node,
    targetHandle: slotHandleId(doc.to.port, slot),
    selected,
    style: { stroke: color },
  };
  edgeCache.set(doc, { selected, color, slot, rf });
  return rf;
}

let lastEdges: Edge[] = [];
/**
 * The previous edge list when every edge is the same object as before, so moving a node (which makes a
 * new node list) does not hand React Flow a new edge list to re-index on every pointer move.
 */
function sameOrNew(next: Edge[]): Edge[] {
  if (next.length !== lastEdges.length || next.some((e, i) => e !== lastEdges[i])) lastEdges = next;
  return lastEdges;
}

/** React Flow's supported way to leave its attribution off the canvas corner (its licence is MIT). */
const PRO_OPTIONS = { hideAttribution: true };

/** No node is being dragged. */
const NOT_DRAGGING: ReadonlyMap<string, Position> = new Map();

function minimapColor(node: Node): string {
  if (node.type === 'frame') return 'rgba(91, 140, 255, 0.12)';
  const type = (node.data as { type?: string }).type;
  return kindColor(type ? peekTemplate(type)?.outputs[0]?.kind : undefined);
}

/** The React Flow canvas, wired to the document store (the one component that sees every node). */
export function Canvas() {
  const docNodes = useDocStore((s) => s.doc.nodes);
  const docEdges = useDocStore((s) => s.doc.edges);
  const docGroups = useDocStore((s) => s.doc.groups);
  const selectedNodes = useUiStore((s) => s.selectedNodes);
  const selectedEdges = useUiStore((s) => s.selectedEdges);
  const measured = useUiStore((s) => s.measured);
  const catalogVersion = useCatalogVersion();
  const draggingKind = useUiStore((s) => s.draggingKind);
  const connectionLineStyle = useMemo(() => (draggingKind ? { stroke: kindColor(draggingKind) } : undefined), [draggingKind]);
  const flow = useReactFlow<FlowNode>();
  const { screenToFlowPosition } = flow;
  useEffect(() => {
    setFlowApi(flow as never);
    return () => setFlowApi(undefined);
  }, [flow]);

  // Performance: a node being dragged lives here, not in the document, until the drag ends. A document
  // change on every pointer move re-ran every mounted node's store selectors (3.5 node renders and
  // 2× the bare React Flow page's time per move at N = 1,000); now a move re-renders the canvas and
  // the dragged node only, and the document gets the final position as one undo step at the drop.
  const [dragged, setDragged] = useState(NOT_DRAGGING);
  const draggedRef = useRef(dragged);
  draggedRef.current = dragged;

  const nodes = useMemo(() => {
    const frames = (docGroups ?? []).map((g) => flowFrame(g, selectedNodes[frameFlowId(g.id)] === true));
    void catalogVersion; // node names come from templates, which load lazily
    const list: FlowNode[] = docNodes.map((n) => {
      const rf = flowNode(n, selectedNodes[n.id] === true, measured[n.id]);
      const at = dragged.get(n.id);
      return at ? { ...rf, position: at } : rf;
    });
    return frames.length ? [...frames, ...list] : list;
  }, [docNodes, docGroups, selectedNodes, measured, catalogVersion, dragged]);
  const edges = useMemo(
    () => {
      void catalogVersion; // wire colours come from templates, which load lazily
      const slots = listSlots(docEdges);
      return sameOrNew(docEdges.map((e) => flowEdge(e, selectedEdges[e.id] === true, wireColor(docNodes, e), slots.get(e) ?? 0)));
    },
    [docEdges, docNodes, selectedEdges, catalogVersion],
  );

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const ui = useUiStore.getState();
    const moves: { id: string; position: Position }[] = [];
    let final = false;
    let live: Map<string, Position> | undefined;
    const sizes: { id: string; size: Size; resizing?: boolean }[] = [];
    for (const change of changes) {
      const group = change.type !== 'add' ? groupIdOf(change.id) : undefined;
      if (group !== undefined) {
        // Frames: moved here (carrying their nodes), resized by their own resizer, selected like nodes.
        if (change.type === 'position') moveFrame(group, change.position, !change.dragging);
        else if (change.type === 'select') ui.select('nodes', change.id, change.selected);
        continue;
      }
      if (change.type === 'position') {
        if (change.dragging && change.position) (live ??= new Map(draggedRef.current)).set(change.id, change.position);
        else if (change.position) moves.push({ id: change.id, position: change.position });
        if (!change.dragging) final = true;
      } else if (change.type === 'dimensions' && change.dimensions) {
        sizes.push({ id: change.id, size: change.dimensions, ...(change.resizing ? { resizing: true } : {}) });
      } else if (change.type === 'select') {
        ui.select('nodes', change.id, change.selected);
      }
      // 'remove' is handled once, for nodes and edges together, by onDelete.
    }
    if (sizes.length) {
      pushAsideGrown(sizes);
      ui.setMeasuredMany(sizes);
      settlePlaced(sizes);
    }
    if (live) {
      draggedRef.current = live;
      setDragged(live);
    }
    if (!final) return;
    // The drop (which may carry no position) or a keyboard nudge: the positions go to the document
    // as one undo step, and the dragged nodes are the document's again.
    const held = draggedRef.current;
    for (const [id, position] of held) if (!moves.some((m) => m.id === id)) moves.push({ id, position });
    if (held.size) {
      draggedRef.current = NOT_DRAGGING;
      setDragged(NOT_DRAGGING);
    }
    dispatch({ type: 'moveNodes', moves, final: true });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const ui = useUiStore.getState();
    for (const change of changes) if (change.type === 'select') ui.select('edges', change.id, change.selected);
  }, []);

  const onDelete: OnDelete<FlowNode> = useCallback(({ nodes: gone, edges: cut }) => {
    const { nodes: nodeIds, groups } = splitFlowIds(gone.map((n) => n.id));
    const edgeIds = cut.map((e) => e.id);
    dispatch({ type: 'remove', nodes: nodeIds, edges: edgeIds, groups });
    useUiStore.getState().forget([...nodeIds, ...groups.map(frameFlowId)], edgeIds);
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      void addNodeOfType(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [screenToFlowPosition],
  );

  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      const target = event.target as Element;
      if (!target.classList.contains('react-flow__pane')) return;
      const screen = { x: event.clientX, y: event.clientY };
      useUiStore.getState().openPopup({ screen, flow: screenToFlowPosition(screen) });
    },
    [screenToFlowPosition],
  );

  // Shift+drag on the canvas draws a selection box; the browser would also start selecting the page's
  // text under it (node titles, labels), so the press does not start a text selection.
  const onMouseDownCapture = useCallback((event: ReactMouseEvent) => {
    if (!event.shiftKey || !(event.target as Element).classList.contains('react-flow__pane')) return;
    event.preventDefault();
    window.getSelection()?.removeAllRanges();
  }, []);

  const onPaneClick = useCallback(() => {
    if (useUiStore.getState().palettePopup) useUiStore.getState().closePopup();
  }, []);

  return (
    <div
      className="weft-canvas"
      ref={setCanvasElement}
      onPointerMove={(e) => setPointer({ x: e.clientX, y: e.clientY })}
      onPointerLeave={() => setPointer(undefined)}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onMouseDownCapture={onMouseDownCapture}
    >
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={connect}
        isValidConnection={isValidConnection}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        onConnectStart={(_, params) => startConnecting(params)}
        onConnectEnd={(event, state) => endConnecting(event, state, screenToFlowPosition)}
        onDoubleClick={onDoubleClick}
        onPaneClick={onPaneClick}
        zoomOnDoubleClick={false}
        deleteKeyCode={['Delete', 'Backspace']}
        colorMode="dark"
        minZoom={0.1}
        maxZoom={2.5}
        connectionRadius={24}
        connectionLineStyle={connectionLineStyle}
        defaultEdgeOptions={{ type: 'default' }}
        onlyRenderVisibleElements
        proOptions={PRO_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1.4} />
        <Controls position="bottom-right" />
        {nodes.length ? <MiniMap position="top-right" pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} ariaLabel="Minimap" /> : null}
      </ReactFlow>
      {nodes.length === 0 ? <FirstRun /> : null}
    </div>
  );
}
