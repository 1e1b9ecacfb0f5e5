import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlow, applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type Node, type NodeChange, type Viewport } from '@xyflow/react';
import '@xyflow/react/dist/style.css';

/**
 * The benchmark's baseline: a bare React Flow page (same React and @xyflow/react as Weft) with default
 * nodes and edges, opened from a file through a hidden input like Weft's Open button. Nothing else.
 */

interface BaselineFile {
  viewport: Viewport;
  nodes: Node[];
  edges: Edge[];
}

let open: (file: BaselineFile) => void = () => {};

function Flow() {
  const [graph, setGraph] = useState<BaselineFile | undefined>();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  open = (file) => {
    setGraph(file);
    setNodes(file.nodes);
    setEdges(file.edges);
  };
  const onNodesChange = useCallback((changes: NodeChange[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);
  return (
    <>
      <input
        type="file"
        aria-label="Open graph file"
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void file.text().then((text) => open(JSON.parse(text) as BaselineFile));
        }}
      />
      <ReactFlow key={graph ? 'open' : 'empty'} nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} defaultViewport={graph?.viewport} minZoom={0.1} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Flow />
  </StrictMode>,
);
