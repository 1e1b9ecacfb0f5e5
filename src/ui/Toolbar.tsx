import { useDocStore } from '../store/documentStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import { FileControls, UnsavedMark } from './files/FileControls.tsx';
import './toolbar.css';
import { RunControls } from './run/RunControls.tsx';
import { SettingsControls } from './settings/SettingsControls.tsx';

/** The graph's name, as wide as its text (up to the room the toolbar has), with the whole name as its tooltip. */
function GraphName() {
  const name = useDocStore((s) => s.doc.name);
  return (
    <div className="weft-toolbar__name-wrap">
      <input
        className="weft-toolbar__name"
        aria-label="Graph name"
        title={name}
        value={name}
        size={Math.max(8, Math.min(60, name.length + 1))}
        maxLength={200}
        spellCheck={false}
        onChange={(e) => useDocStore.getState().dispatch({ type: 'setName', name: e.target.value })}
      />
      <UnsavedMark />
    </div>
  );
}

function UndoRedo() {
  const canUndo = useDocStore((s) => s.canUndo);
  const canRedo = useDocStore((s) => s.canRedo);
  return (
    <div className="weft-toolbar__group" role="group" aria-label="History">
      <button type="button" className="weft-button" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={!canUndo} onClick={() => useDocStore.getState().undo()}>
        ↶
      </button>
      <button type="button" className="weft-button" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={!canRedo} onClick={() => useDocStore.getState().redo()}>
        ↷
      </button>
    </div>
  );
}

/**
 * The bar along the top, one row at any width (it never wraps, so the canvas never jumps): the File
 * menu and Examples, the graph's name, undo/redo, run controls, settings, help. At narrow widths the
 * buttons drop their words and keep their icons (toolbar.css).
 */
export function Toolbar() {
  return (
    <header className="weft-toolbar">
      <h1 className="weft-sr-only">Weft</h1>
      <FileControls />
      <GraphName />
      <UndoRedo />
      <span className="weft-toolbar__spacer" />
      <RunControls />
      <SettingsControls />
      <button type="button" className="weft-button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => useUiStore.getState().showShortcuts(true)}>
        ?
      </button>
    </header>
  );
}
