import { useEffect } from 'react';
import { cancelRun, startRun } from './runActions.ts';
import { useRunStore } from './runStore.ts';
import './run.css';

/** Run, Cancel (and the run panel toggle) in the toolbar. Ctrl+Enter (⌘+Enter) runs. */
export function RunControls() {
  const status = useRunStore((s) => s.status);
  const cancelRequested = useRunStore((s) => s.cancelRequested);
  const panelOpen = useRunStore((s) => s.panelOpen);
  const running = status === 'running';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        void startRun();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="weft-toolbar__group weft-run-controls" role="group" aria-label="Run">
      <button type="button" className="weft-button weft-button--primary" disabled={running} aria-label={running ? 'Running…' : 'Run'} title="Run the graph (Ctrl+Enter)" aria-keyshortcuts="Control+Enter" onClick={() => void startRun()}>
        {running ? <span className="weft-spinner" aria-hidden="true" /> : <span aria-hidden="true">▶</span>} <span className="weft-toolbar__words">{running ? 'Running…' : 'Run'}</span>
      </button>
      <button type="button" className="weft-button weft-button--danger" disabled={!running || cancelRequested} title="Cancel the run: queued jobs are cancelled at the provider; running ones may still be billed" onClick={cancelRun}>
        {cancelRequested && running ? 'Cancelling…' : 'Cancel'}
      </button>
      <button type="button" className={`weft-button${panelOpen ? ' is-on' : ''}`} aria-label="Run panel" aria-pressed={panelOpen} title="Show or hide the run panel (jobs and events)" onClick={() => useRunStore.getState().togglePanel()}>
        <span aria-hidden="true">▤</span> <span className="weft-toolbar__words">Run panel</span>
      </button>
    </div>
  );
}
