import type { ReactFlowInstance } from '@xyflow/react';
import type { TemplateFlowNode } from '../nodes/TemplateNode.tsx';

/**
 * The canvas's React Flow instance and the last pointer position over it, for commands that run
 * outside React (keyboard shortcuts, paste): where to paste, how to fit the view.
 */
let api: ReactFlowInstance<TemplateFlowNode> | undefined;
let pointer: { x: number; y: number } | undefined;

export function setFlowApi(instance: ReactFlowInstance<TemplateFlowNode> | undefined): void {
  api = instance;
}

export function getFlowApi(): ReactFlowInstance<TemplateFlowNode> | undefined {
  return api;
}

/** Remembers the pointer's client position while it is over the canvas (undefined when it leaves). */
export function setPointer(point: { x: number; y: number } | undefined): void {
  pointer = point;
}

/** Where the pointer is on the canvas, in flow coordinates, if it is over the canvas. */
export function pointerInFlow(): { x: number; y: number } | undefined {
  return pointer && api ? api.screenToFlowPosition(pointer) : undefined;
}
