/** Where the canvas is on screen, so the palette can drop a node in the middle of the view. */
let canvasElement: HTMLElement | null = null;

export function setCanvasElement(element: HTMLElement | null): void {
  canvasElement = element;
}

/** The centre of the visible canvas in client pixels (the window centre before the canvas mounts). */
export function canvasCenter(): { x: number; y: number } {
  const r = canvasElement?.getBoundingClientRect();
  if (!r) return { x: window.innerWidth / 2, y: window.innerHeight / 2 };
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}
