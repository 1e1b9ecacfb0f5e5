/** New, Open, Save, Save as, Share, Examples, recent graphs, drag-and-drop of a graph file, autosave and recovery. */
export function FileControls() {
  return null;
}
