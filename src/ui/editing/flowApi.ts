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

/**
 * Pans (never zooms) so the box's header is in view, when it is not: a node just added or placed clear of
 * others may have landed past the edge of the screen, where the user would not see it arrive.
 */
export function revealBox(box: { x: number; y: number; width: number; height: number }): void {
  const pane = typeof document === 'undefined' ? null : document.querySelector('.react-flow');
  if (!api || !pane) return;
  const rect = pane.getBoundingClientRect();
  const topLeft = api.screenToFlowPosition({ x: rect.left, y: rect.top });
  const bottomRight = api.screenToFlowPosition({ x: rect.right, y: rect.bottom });
  // Its header in view is enough to see it arrive; only a node wholly or mostly off screen pans the view.
  const head = 40;
  const seen = box.x + box.width / 2 >= topLeft.x && box.x + box.width / 2 <= bottomRight.x && box.y + head >= topLeft.y && box.y <= bottomRight.y - head;
  if (seen) return;
  const { zoom } = api.getViewport();
  void api.setCenter(box.x + box.width / 2, box.y + Math.min(box.height, (bottomRight.y - topLeft.y) * 0.8) / 2, { zoom, duration: 200 });
}
