import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDocStore } from '../store/documentStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import { ModeBadge } from './ModeBadge.tsx';
import { liveInBrowser } from './run/liveInBrowser.ts';
import { useSettings } from './settings/settingsStore.ts';

const TOAST_MS = 8000;

function Counts() {
  const nodes = useDocStore((s) => s.doc.nodes.length);
  const edges = useDocStore((s) => s.doc.edges.length);
  return (
    <span className="weft-status__counts">
      {nodes} {nodes === 1 ? 'node' : 'nodes'} · {edges} {edges === 1 ? 'wire' : 'wires'}
    </span>
  );
}

/** The line at the bottom: the latest message (why a wire was refused…), a hint when idle, the simulator badge, counts. */
export function StatusBar() {
  const toast = useUiStore((s) => s.toast);
  const clearToast = useUiStore((s) => s.clearToast);
  const live = useSettings(useShallow((s) => liveInBrowser(s.providers)));

  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(() => clearToast(toast.id), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [toast, clearToast]);

  return (
    <footer className="weft-status">
      <div role="status" aria-live="polite" className={`weft-status__message${toast ? ` is-${toast.tone}` : ''}`}>
        {toast ? toast.message : null}
      </div>
      {toast ? null : <span className="weft-status__hint">Double-click the canvas to add a node · drag from a port to wire · Delete removes the selection</span>}
      <ModeBadge liveInBrowser={live} />
      <Counts />
    </footer>
  );
}
