import { useEffect } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { newNodePoint } from '../viewport.ts';
import { arrange } from './arrange.ts';
import { copySelection, cutSelection, duplicateSelection, fitView, pasteText, selectAll } from './commands.ts';
import { getFlowApi } from './flowApi.ts';
import { frameSelection } from './frames.ts';
import { useMenuStore } from './menuStore.ts';
import { selectedNodeIds, toggleBypass, toggleCollapsed } from './nodeCommands.ts';

/** Whether a key event belongs to a text field (then the field's own editing keys win). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'range', 'file', 'submit'].includes(type);
}

/** Whether focus is inside a dialog (its keys are its own). */
function inDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[role="dialog"]') !== null;
}

/** Opens the node search where the pointer is (or in the middle of the canvas). */
function openSearch(): void {
  const screen = newNodePoint();
  const api = getFlowApi();
  useUiStore.getState().openPopup({ screen, flow: api ? api.screenToFlowPosition(screen) : screen });
}

/** Shift+F10 or the menu key: the selected node's menu beside it, else the canvas menu mid-canvas. */
function openMenuFromKeyboard(): void {
  const ids = selectedNodeIds();
  const id = ids.length ? ids[ids.length - 1]! : undefined;
  const el = id ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`) : null;
  if (id && el) {
    const r = el.getBoundingClientRect();
    useMenuStore.getState().open({ kind: 'node', at: { x: r.left + 24, y: r.top + 28 }, nodeId: id, targets: ids });
    return;
  }
  useMenuStore.getState().open({ kind: 'canvas', at: newNodePoint() });
}

/** F2: rename the one selected node. */
function renameSelected(): void {
  const ids = selectedNodeIds();
  if (ids.length === 1) useMenuStore.getState().rename(ids[0]!);
  else useUiStore.getState().showToast('Select one node to rename.', 'info');
}

/**
 * The editor's keyboard shortcuts (listed in the shortcuts dialog, `?`). Text fields keep their own
 * keys: Ctrl+Z in a prompt box undoes typing, not the last canvas edit.
 */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'Ctrl+Z', does: 'Undo' },
  { keys: 'Ctrl+Shift+Z · Ctrl+Y', does: 'Redo' },
  { keys: 'Ctrl+C · Ctrl+X · Ctrl+V', does: 'Copy, cut, paste nodes (also between tabs)' },
  { keys: 'Ctrl+D', does: 'Duplicate the selection' },
  { keys: 'Ctrl+B', does: 'Bypass the selection (skipped when running, input passed on)' },
  { keys: 'Alt+C', does: 'Collapse or expand the selection' },
  { keys: 'F2', does: 'Rename the selected node' },
  { keys: 'L', does: 'Arrange the graph (or the selection) left to right' },
  { keys: 'Shift+F10 · right-click', does: 'Open the menu of the selected node or the canvas' },
  { keys: 'Ctrl+A', does: 'Select every node' },
  { keys: 'Delete · Backspace', does: 'Delete the selection' },
  { keys: 'Ctrl+G', does: 'Put a frame around the selection' },
  { keys: 'Shift+click · Shift+drag', does: 'Add to the selection · select with a box' },
  { keys: '/ · double-click', does: 'Search for a node to add' },
  { keys: 'F', does: 'Fit the view (to the selection, if any)' },
  { keys: 'Escape', does: 'Clear the selection, close the search' },
  { keys: 'Ctrl+Enter', does: 'Run the graph' },
  { keys: 'Ctrl+S · Ctrl+O', does: 'Save · open a graph file' },
  { keys: '?', does: 'Show these shortcuts' },
];

export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || inDialog(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const doc = useDocStore.getState();
      const run = (action: () => void) => {
        e.preventDefault();
        action();
      };
      if (mod && !e.altKey) {
        if (key === 'z' && !e.shiftKey) run(() => doc.undo());
        else if ((key === 'z' && e.shiftKey) || key === 'y') run(() => doc.redo());
        else if (key === 'd') run(duplicateSelection);
        else if (key === 'a') run(selectAll);
        else if (key === 'g') run(frameSelection);
        else if (key === 'b') run(() => toggleBypass());
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyC') return run(() => toggleCollapsed());
      if ((e.shiftKey && e.key === 'F10') || e.key === 'ContextMenu') return run(openMenuFromKeyboard);
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'F2') run(renameSelected);
      else if (key === 'f') run(fitView);
      else if (key === 'l') run(() => void arrange());
      else if (e.key === '/') run(openSearch);
      else if (e.key === '?') run(() => useUiStore.getState().showShortcuts(true));
      else if (e.key === 'Escape') {
        useUiStore.getState().closePopup();
        useUiStore.getState().clearSelection();
      }
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || inDialog(e.target) || hasTextSelection()) return;
      const text = e.type === 'cut' ? cutSelection() : copySelection();
      if (text !== undefined) {
        e.clipboardData?.setData('text/plain', text);
        e.preventDefault();
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target) || inDialog(e.target)) return;
      const text = e.clipboardData?.getData('text/plain');
      e.preventDefault();
      void pasteText(text);
    };
    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, []);
}

/** Text the user selected on the page (a node's description, an error) copies as text, not as nodes. */
function hasTextSelection(): boolean {
  const s = window.getSelection();
  return s !== null && !s.isCollapsed && s.toString().trim() !== '';
}
