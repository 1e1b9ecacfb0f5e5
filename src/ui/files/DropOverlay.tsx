import { useEffect } from 'react';
import { useUiStore } from '../../store/uiStore.ts';
import { useFileState } from './fileState.ts';
import { openGraphFile } from './openActions.ts';

const carriesFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;

/** Drag-and-drop of a graph file anywhere on the window opens it; an overlay shows while a file is over the window. */
export function DropOverlay() {
  const dropping = useFileState((s) => s.dropping);
  useEffect(() => {
    const { setDropping } = useFileState.getState();
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setDropping(true);
    };
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDropping(false);
    };
    const onDrop = (e: DragEvent) => {
      depth = 0;
      setDropping(false);
      // A widget that takes dropped files (an image field) handles its own drop first.
      if (!carriesFiles(e) || e.defaultPrevented) return;
      e.preventDefault();
      const files = [...(e.dataTransfer?.files ?? [])];
      const file = files.find((f) => /\.json$/i.test(f.name) || f.type === 'application/json') ?? files[0];
      if (!file) return;
      if (!/\.json$/i.test(file.name) && file.type !== 'application/json' && file.type !== '') {
        useUiStore.getState().showToast(`"${file.name}" is not a graph file: drop a .weft.json file to open it.`, 'error');
        return;
      }
      void openGraphFile(file);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  if (!dropping) return null;
  return (
    <div className="weft-drop" aria-hidden="true">
      <div className="weft-drop__card">
        <span className="weft-drop__icon">⤓</span>
        <strong>Drop a .weft.json file to open it</strong>
        <span className="weft-muted">Unsaved changes to the open graph go to Recent first.</span>
      </div>
    </div>
  );
}
