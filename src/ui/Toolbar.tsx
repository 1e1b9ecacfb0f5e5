import { useDocStore } from '../store/documentStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import { FileControls } from './files/FileControls.tsx';
import { RunControls } from './run/RunControls.tsx';
import { SettingsControls } from './settings/SettingsControls.tsx';

function GraphName() {
  const name = useDocStore((s) => s.doc.name);
  return (
    <input
      className="weft-toolbar__name"
      aria-label="Graph name"
      value={name}
      maxLength={200}
      spellCheck={false}
      onChange={(e) => useDocStore.getState().dispatch({ type: 'setName', name: e.target.value })}
    />
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

/** The bar along the top: files, the graph's name, undo/redo, run controls, settings. */
export function Toolbar() {
  return (
    <header className="weft-toolbar" role="toolbar" aria-label="Weft">
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
