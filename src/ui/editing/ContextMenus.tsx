import { useEffect } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { peekTemplate } from '../catalog.ts';
import { startRun } from '../run/runActions.ts';
import { useRunStore, type NodeRun } from '../run/runStore.ts';
import { arrange } from './arrange.ts';
import { copyToClipboard, deleteSelection, duplicateSelection, fitView, pasteFromClipboard, selectAll } from './commands.ts';
import { getFlowApi } from './flowApi.ts';
import { Menu, type MenuEntry } from './Menu.tsx';
import { useMenuStore, type OpenMenu } from './menuStore.ts';
import { allFlagged, targetsOf, toggleBypass, toggleCollapsed } from './nodeCommands.ts';
import { RenameDialog } from './RenameDialog.tsx';

/** Node states "Retry" is offered for: the job ended without a result (an `unknown` job needs Resubmit: it may charge twice). */
const RETRYABLE = new Set<NodeRun['state']>(['failed', 'lost', 'unreachable', 'timeout', 'cancelled']);

function nodeItems(nodeId: string, ids: readonly string[], running: boolean): MenuEntry[] {
  const node = getNode(useDocStore.getState().doc.nodes, nodeId);
  if (!node) return [];
  const several = ids.length > 1 ? ` ${ids.length} nodes` : '';
  const note = node.type === 'weft/note';
  const state = useRunStore.getState().nodes[nodeId]?.state;
  const busy = running ? 'a run is going on' : undefined;
  const bypassed = node.bypass === true;
  const offRun = note ? 'notes are not run' : bypassed ? 'this node is bypassed' : busy;
  return [
    { label: 'Rename…', shortcut: 'F2', onSelect: () => useMenuStore.getState().rename(nodeId) },
    { label: `Duplicate${several}`, shortcut: 'Ctrl+D', onSelect: duplicateSelection },
    { label: `Copy${several}`, shortcut: 'Ctrl+C', onSelect: () => void copyToClipboard() },
    'separator',
    { label: `Bypass${several}`, shortcut: 'Ctrl+B', hint: 'skip when running; pass its input on', checked: allFlagged(ids, 'bypass'), disabled: note, onSelect: () => toggleBypass(ids) },
    { label: `Collapse${several}`, shortcut: 'Alt+C', checked: allFlagged(ids, 'collapsed'), onSelect: () => toggleCollapsed(ids) },
    'separator',
    { label: 'Run to here', hint: offRun ?? 'this node and what it needs', disabled: offRun !== undefined, onSelect: () => void startRun({ mode: 'upTo', target: nodeId }) },
    { label: 'Run from here', hint: offRun ?? 'this node and everything after it', disabled: offRun !== undefined, onSelect: () => void startRun({ mode: 'from', target: nodeId }) },
    ...(state && RETRYABLE.has(state)
      ? [{ label: 'Retry', hint: busy ?? 'run this failed node again, and what depends on it', disabled: running, onSelect: () => void startRun({ mode: 'from', target: nodeId }) }]
      : []),
    'separator',
    { label: `Delete${several}`, shortcut: 'Delete', danger: true, onSelect: deleteSelection },
  ];
}

function canvasItems(menu: OpenMenu): MenuEntry[] {
  const api = getFlowApi();
  const flow = api ? api.screenToFlowPosition(menu.at) : menu.at;
  const empty = useDocStore.getState().doc.nodes.length === 0;
  return [
    { label: 'Add node…', shortcut: '/ · double-click', onSelect: () => useUiStore.getState().openPopup({ screen: menu.at, flow }) },
    { label: 'Paste', shortcut: 'Ctrl+V', onSelect: () => void pasteFromClipboard(flow) },
    'separator',
    { label: 'Arrange', shortcut: 'L', hint: 'lay the graph (or the selection) out left to right', disabled: empty, onSelect: () => void arrange() },
    { label: 'Fit view', shortcut: 'F', disabled: empty, onSelect: fitView },
    { label: 'Select all', shortcut: 'Ctrl+A', disabled: empty, onSelect: selectAll },
  ];
}

/** The node under a context-menu event (not a frame, not a placeholder being loaded), if any. */
function nodeAt(target: EventTarget | null): string | undefined {
  const el = target instanceof Element ? target.closest('.react-flow__node') : null;
  const id = el?.getAttribute('data-id');
  return id && getNode(useDocStore.getState().doc.nodes, id) ? id : undefined;
}

/**
 * Right-click menus: on a node (Rename, Duplicate, Copy, Bypass, Collapse, Run to / from here, Retry,
 * Delete) and on empty canvas (Add node, Paste, Arrange, Fit view, Select all). Text fields keep the
 * browser's own menu (spelling, paste). Shift+F10 or the menu key opens the selected node's menu.
 */
export function ContextMenus() {
  const menu = useMenuStore((s) => s.menu);
  const renaming = useMenuStore((s) => s.renaming);
  const running = useRunStore((s) => s.status === 'running');

  useEffect(() => {
    const onContext = (e: MouseEvent) => {
      const target = e.target as Element | null;
      if (!target?.closest?.('.weft-canvas') || target.closest('input, textarea, select, [contenteditable="true"]')) return;
      const nodeId = nodeAt(target);
      if (nodeId) {
        e.preventDefault();
        useMenuStore.getState().open({ kind: 'node', at: { x: e.clientX, y: e.clientY }, nodeId, targets: targetsOf(nodeId) });
      } else if (target.closest('.react-flow__pane, .weft-empty')) {
        e.preventDefault();
        useMenuStore.getState().open({ kind: 'canvas', at: { x: e.clientX, y: e.clientY } });
      }
    };
    document.addEventListener('contextmenu', onContext);
    return () => document.removeEventListener('contextmenu', onContext);
  }, []);

  const close = useMenuStore.getState().close;
  return (
    <>
      {menu ? (
        <Menu
          key={`${menu.kind}-${menu.nodeId ?? ''}-${menu.at.x},${menu.at.y}`}
          label={menu.kind === 'node' ? `Node: ${nodeTitle(menu.nodeId)}` : 'Canvas'}
          at={menu.at}
          items={menu.kind === 'node' && menu.nodeId ? nodeItems(menu.nodeId, menu.targets ?? [menu.nodeId], running) : canvasItems(menu)}
          onClose={close}
        />
      ) : null}
      {renaming ? <RenameDialog nodeId={renaming} onClose={() => useMenuStore.getState().rename(null)} /> : null}
    </>
  );
}

function nodeTitle(id: string | undefined): string {
  const node = id ? getNode(useDocStore.getState().doc.nodes, id) : undefined;
  return node ? (node.title ?? peekTemplate(node.type)?.title ?? node.type) : '';
}
