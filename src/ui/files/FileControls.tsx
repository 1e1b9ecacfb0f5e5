import './files.css';
import { useEffect, useRef } from 'react';
import { DropOverlay } from './DropOverlay.tsx';
import { FileDialogs } from './FileDialogs.tsx';
import { FitOnOpen } from './FitOnOpen.tsx';
import { useFileState, useUnsaved } from './fileState.ts';
import { newGraph, openGraphFile } from './openActions.ts';
import { saveOpenGraph } from './saveActions.ts';
import { shareOpenGraph } from './shareActions.ts';

/** "● Unsaved" when the graph changed since it was saved or opened; its space is kept either way, so nothing shifts. */
function UnsavedMark() {
  const unsaved = useUnsaved();
  return (
    <span
      className={`weft-files__unsaved${unsaved ? '' : ' is-clean'}`}
      aria-hidden={!unsaved}
      title="Changes since the last save or open. They are autosaved in this browser; Save downloads a file."
    >
      ● Unsaved
    </span>
  );
}

/** New, Open, Save, Save as, Share, Examples and Recent in the toolbar, with Ctrl+O / Ctrl+S / Ctrl+Shift+S, drag-and-drop and the file dialogs. */
export function FileControls() {
  const input = useRef<HTMLInputElement>(null);
  const openDialog = useFileState((s) => s.openDialog);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'o' && !e.shiftKey) {
        e.preventDefault();
        input.current?.click();
      } else if (key === 's') {
        e.preventDefault();
        if (e.shiftKey) useFileState.getState().openDialog({ kind: 'saveAs' });
        else void saveOpenGraph();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="weft-toolbar__group weft-files" role="group" aria-label="File">
      <button type="button" className="weft-button" title="New graph (your unsaved changes go to Recent)" onClick={() => void newGraph()}>
        New
      </button>
      <button type="button" className="weft-button" title="Open a .weft.json file (Ctrl+O), or drop one on the window" onClick={() => input.current?.click()}>
        Open…
      </button>
      <input
        ref={input}
        type="file"
        aria-label="Open graph file"
        accept=".json,.weft.json,application/json"
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void openGraphFile(file);
        }}
      />
      <button type="button" className="weft-button" title="Download as <name>.weft.json (Ctrl+S)" onClick={() => void saveOpenGraph()}>
        Save
      </button>
      <button type="button" className="weft-button" title="Save under a new name (Ctrl+Shift+S)" onClick={() => openDialog({ kind: 'saveAs' })}>
        Save as…
      </button>
      <button type="button" className="weft-button" title="Copy a link that opens this graph" onClick={() => void shareOpenGraph()}>
        Share
      </button>
      <button type="button" className="weft-button" title="Example pipelines" onClick={() => openDialog({ kind: 'examples' })}>
        Examples
      </button>
      <button type="button" className="weft-button" title="Graphs recently opened, saved or set aside in this browser" onClick={() => openDialog({ kind: 'recent' })}>
        Recent
      </button>
      <UnsavedMark />
      <FileDialogs />
      <DropOverlay />
      <FitOnOpen />
    </div>
  );
}
