import { useCallback, useMemo, type MouseEvent as ReactMouseEvent } from 'react';
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
import type { GraphEdge, GraphNode, Position } from '../store/documentTypes.ts';
import { dispatch, useDocStore } from '../store/documentStore.ts';
import { getNode } from '../store/lookups.ts';
import { useUiStore } from '../store/uiStore.ts';
import { peekTemplate, useCatalogVersion } from './catalog.ts';
import { kindColor } from './kindColors.ts';
import { TemplateNode, type TemplateFlowNode } from './nodes/TemplateNode.tsx';
import { connect, endConnecting, isValidConnection, startConnecting } from './wiring.ts';
import { setCanvasElement } from './viewport.ts';

const nodeTypes = { template: TemplateNode };

type Size = { width: number; height: number };

// React Flow wants node objects that keep their identity while unchanged (so only the node that moved
// re-renders). These caches hand back the same object for the same document node + view state.
const nodeCache = new WeakMap<GraphNode, { selected: boolean; measured: Size | undefined; rf: TemplateFlowNode }>();
const dataCache = new Map<string, { type: string }>();
const edgeCache = new WeakMap<GraphEdge, { selected: boolean; color: string; rf: Edge }>();

function flowNode(doc: GraphNode, selected: boolean, measured: Size | undefined): TemplateFlowNode {
  const hit = nodeCache.get(doc);
  if (hit && hit.selected === selected && hit.measured === measured) return hit.rf;
  let data = dataCache.get(doc.type);
  if (!data) dataCache.set(doc.type, (data = { type: doc.type }));
  const rf: TemplateFlowNode = { id: doc.id, type: 'template', position: doc.position, data, selected, measured };
  nodeCache.set(doc, { selected, measured, rf });
  return rf;
}

function wireColor(nodes: readonly GraphNode[], edge: GraphEdge): string {
  const source = getNode(nodes, edge.from.node);
  const out = source && peekTemplate(source.type)?.outputs.find((o) => o.name === edge.from.port);
  return kindColor(out?.kind);
}

function flowEdge(doc: GraphEdge, selected: boolean, color: string): Edge {
  const hit = edgeCache.get(doc);
  if (hit && hit.selected === selected && hit.color === color) return hit.rf;
  const rf: Edge = {
    id: doc.id,
    source: doc.from.node,
    sourceHandle: doc.from.port,
    target: doc.to.node,
    targetHandle: doc.to.port,
    selected,
    style: { stroke: color },
  };
  edgeCache.set(doc, { selected, color, rf });
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

function minimapColor(node: Node): string {
  const type = (node.data as { type?: string }).type;
  return kindColor(type ? peekTemplate(type)?.outputs[0]?.kind : undefined);
}

/** The React Flow canvas, wired to the document store (the one component that sees every node). */
export function Canvas() {
  const docNodes = useDocStore((s) => s.doc.nodes);
  const docEdges = useDocStore((s) => s.doc.edges);
  const selectedNodes = useUiStore((s) => s.selectedNodes);
  const selectedEdges = useUiStore((s) => s.selectedEdges);
  const measured = useUiStore((s) => s.measured);
  const catalogVersion = useCatalogVersion();
  const draggingKind = useUiStore((s) => s.draggingKind);
  const connectionLineStyle = useMemo(() => (draggingKind ? { stroke: kindColor(draggingKind) } : undefined), [draggingKind]);
  const { screenToFlowPosition } = useReactFlow();

  const nodes = useMemo(
    () => docNodes.map((n) => flowNode(n, selectedNodes[n.id] === true, measured[n.id])),
    [docNodes, selectedNodes, measured],
  );
  const edges = useMemo(
    () => {
      void catalogVersion; // wire colours come from templates, which load lazily
      return sameOrNew(docEdges.map((e) => flowEdge(e, selectedEdges[e.id] === true, wireColor(docNodes, e))));
    },
    [docEdges, docNodes, selectedEdges, catalogVersion],
  );

  const onNodesChange = useCallback((changes: NodeChange<TemplateFlowNode>[]) => {
    const ui = useUiStore.getState();
    const moves: { id: string; position: Position }[] = [];
    let final = false;
    for (const change of changes) {
      if (change.type === 'position') {
        if (change.position) moves.push({ id: change.id, position: change.position });
        if (!change.dragging) final = true;
      } else if (change.type === 'dimensions' && change.dimensions) {
        ui.setMeasured(change.id, change.dimensions);
      } else if (change.type === 'select') {
        ui.select('nodes', change.id, change.selected);
      }
      // 'remove' is handled once, for nodes and edges together, by onDelete.
    }
    if (moves.length) dispatch({ type: 'moveNodes', moves, final });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const ui = useUiStore.getState();
    for (const change of changes) if (change.type === 'select') ui.select('edges', change.id, change.selected);
  }, []);

  const onDelete: OnDelete = useCallback(({ nodes: gone, edges: cut }) => {
    const nodeIds = gone.map((n) => n.id);
    const edgeIds = cut.map((e) => e.id);
    dispatch({ type: 'remove', nodes: nodeIds, edges: edgeIds });
    useUiStore.getState().forget(nodeIds, edgeIds);
  }, []);

  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      const target = event.target as Element;
      if (!target.classList.contains('react-flow__pane')) return;
      const screen = { x: event.clientX, y: event.clientY };
      useUiStore.getState().openPopup({ screen, flow: screenToFlowPosition(screen) });
    },
    [screenToFlowPosition],
  );

  const onPaneClick = useCallback(() => {
    if (useUiStore.getState().palettePopup) useUiStore.getState().closePopup();
  }, []);

  return (
    <div className="weft-canvas" ref={setCanvasElement}>
      <ReactFlow<TemplateFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={connect}
        isValidConnection={isValidConnection}
        onConnectStart={(_, params) => startConnecting(params)}
        onConnectEnd={(_, state) => endConnecting(state)}
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
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1.4} />
        <Controls position="bottom-right" />
        <MiniMap position="top-right" pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} />
      </ReactFlow>
      {nodes.length === 0 ? (
        <div className="weft-empty" aria-hidden="true">
          <div className="weft-empty__title">An empty graph</div>
          <div>Pick a node in the palette, or double-click anywhere here to search for one.</div>
        </div>
      ) : null}
    </div>
  );
}
