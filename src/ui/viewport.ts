/** Where the canvas is on screen, so the palette can drop a node in the middle of the view. */
let canvasElement: HTMLElement | null = null;

export function setCanvasElement(element: HTMLElement | null): void {
  canvasElement = element;
}

/**
 * Where a node picked from the docked palette lands, in client pixels: centred horizontally and a
 * fifth of the way down, so a tall generated node (a dozen widgets) is in view from its title down.
 */
export function newNodePoint(): { x: number; y: number } {
  const r = canvasElement?.getBoundingClientRect();
  if (!r) return { x: window.innerWidth / 2, y: window.innerHeight / 5 };
  return { x: r.left + r.width / 2, y: r.top + r.height / 5 };
}
