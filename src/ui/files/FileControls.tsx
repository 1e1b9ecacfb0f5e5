import './files.css';
import { useEffect, useRef, useState } from 'react';
import { Menu, type MenuEntry } from '../editing/Menu.tsx';
import { DropOverlay } from './DropOverlay.tsx';
import { FileDialogs } from './FileDialogs.tsx';
import { FitOnOpen } from './FitOnOpen.tsx';
import { useFileState, useUnsaved } from './fileState.ts';
import { newGraph, openGraphFile } from './openActions.ts';
import { saveOpenGraph } from './saveActions.ts';
import { shareOpenGraph } from './shareActions.ts';

/** "● Unsaved" (beside the graph's name) when the graph changed since it was saved or opened; its space is kept either way, so nothing shifts. */
export function UnsavedMark() {
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

/**
 * The File menu in the toolbar (New, Open…, Recent…, Examples…, Save, Save as…, Share link…), with
 * Ctrl+O / Ctrl+S / Ctrl+Shift+S, drag-and-drop and the file dialogs. One menu button instead of seven
 * buttons keeps the toolbar one row high at any width. Examples also has its own button: new users
 * look for it first.
 */
export function FileControls() {
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const openDialog = useFileState((s) => s.openDialog);
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);

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

  const openMenu = () => {
    const r = button.current?.getBoundingClientRect();
    setMenuAt(r ? { x: r.left, y: r.bottom + 4 } : { x: 8, y: 44 });
  };
  const items: MenuEntry[] = [
    { label: 'New', hint: 'your unsaved changes go to Recent', onSelect: () => void newGraph() },
    { label: 'Open…', shortcut: 'Ctrl+O', hint: 'a .weft.json file (or drop one on the window)', onSelect: () => input.current?.click() },
    { label: 'Recent…', hint: 'graphs opened, saved or set aside here', onSelect: () => openDialog({ kind: 'recent' }) },
    { label: 'Examples…', onSelect: () => openDialog({ kind: 'examples' }) },
    'separator',
    { label: 'Save', shortcut: 'Ctrl+S', hint: 'download as <name>.weft.json', onSelect: () => void saveOpenGraph() },
    { label: 'Save as…', shortcut: 'Ctrl+Shift+S', onSelect: () => openDialog({ kind: 'saveAs' }) },
    { label: 'Share link…', hint: 'copy a link that opens this graph', onSelect: () => void shareOpenGraph() },
  ];

  return (
    <div className="weft-toolbar__group weft-files" role="group" aria-label="File">
      <button
        ref={button}
        type="button"
        className={`weft-button${menuAt ? ' is-on' : ''}`}
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        title="New, open, save, share"
        onClick={() => (menuAt ? setMenuAt(null) : openMenu())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            openMenu();
          }
        }}
      >
        File <span aria-hidden="true">▾</span>
      </button>
      {menuAt ? <Menu label="File" at={menuAt} items={items} onClose={() => setMenuAt(null)} returnFocus={button.current} /> : null}
      <button type="button" className="weft-button weft-toolbar__words" title="Example pipelines" onClick={() => openDialog({ kind: 'examples' })}>
        Examples
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
      <FileDialogs />
      <DropOverlay />
      <FitOnOpen />
    </div>
  );
}
