import { useEffect, useRef, useState } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { startRun } from './runActions.ts';
import { useIsRunning } from './runStore.ts';

interface Open {
  nodeId: string;
  x: number;
  y: number;
}

/** Right-click on a node: "Run to here" and "Run from here" (arrow keys move, Escape closes). */
export function NodeContextMenu() {
  const [open, setOpen] = useState<Open | null>(null);
  const running = useIsRunning();
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onContext = (e: MouseEvent) => {
      const el = (e.target as Element | null)?.closest?.('.react-flow__node');
      const nodeId = el?.getAttribute('data-id');
      if (!nodeId) return;
      const node = getNode(useDocStore.getState().doc.nodes, nodeId);
      if (!node || node.type === 'weft/note') return;
      e.preventDefault();
      setOpen({ nodeId, x: Math.min(e.clientX, window.innerWidth - 200), y: Math.min(e.clientY, window.innerHeight - 100) });
    };
    document.addEventListener('contextmenu', onContext);
    return () => document.removeEventListener('contextmenu', onContext);
  }, []);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const close = (e: Event) => {
      if (e.type === 'keydown' && (e as KeyboardEvent).key !== 'Escape') return;
      if (e.type === 'pointerdown' && menu.current?.contains(e.target as Node)) return;
      setOpen(null);
    };
    document.addEventListener('pointerdown', close, true);
    document.addEventListener('keydown', close);
    window.addEventListener('blur', close);
    return () => {
      document.removeEventListener('pointerdown', close, true);
      document.removeEventListener('keydown', close);
      window.removeEventListener('blur', close);
    };
  }, [open]);

  if (!open) return null;
  const run = (mode: 'upTo' | 'from') => {
    setOpen(null);
    void startRun({ mode, target: open.nodeId });
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };
  return (
    <div ref={menu} className="weft-context-menu" role="menu" aria-label="Node" style={{ left: open.x, top: open.y }} onKeyDown={onKey}>
      <button type="button" role="menuitem" disabled={running} onClick={() => run('upTo')}>
        Run to here
        <span className="weft-context-menu__hint">this node and what it needs</span>
      </button>
      <button type="button" role="menuitem" disabled={running} onClick={() => run('from')}>
        Run from here
        <span className="weft-context-menu__hint">this node and everything after it</span>
      </button>
    </div>
  );
}
