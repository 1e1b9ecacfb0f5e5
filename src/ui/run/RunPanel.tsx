import { useReactFlow } from '@xyflow/react';
import { memo, useCallback } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { peekTemplate } from '../catalog.ts';
import { formatCost, formatElapsed, OUTCOME_LABEL, providerName, STATE_LABEL } from './format.ts';
import { isActive, useNodeRun, useRunStore, type LogEntry } from './runStore.ts';
import { useNow } from './useNow.ts';
import './run.css';

/** Selects a node and brings it to the middle of the view. */
function useFocusNode(): (id: string) => void {
  const flow = useReactFlow();
  return useCallback(
    (id: string) => {
      const node = getNode(useDocStore.getState().doc.nodes, id);
      if (!node) return;
      const ui = useUiStore.getState();
      ui.clearSelection();
      ui.select('nodes', id, true);
      const size = ui.measured[id] ?? { width: 320, height: 200 };
      void flow.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, { zoom: flow.getZoom(), duration: 300 });
    },
    [flow],
  );
}

const JobRow = memo(function JobRow({ id, onFocus }: { id: string; onFocus: (id: string) => void }) {
  const run = useNodeRun(id);
  const node = useDocStore((s) => getNode(s.doc.nodes, id));
  const template = node ? peekTemplate(node.type) : undefined;
  const ticking = run !== undefined && isActive(run.state) && run.startedAt !== undefined;
  const now = useNow(ticking, 1000);
  if (!run) return null;
  const title = node?.title ?? template?.title ?? id;
  const ms = run.elapsedMs ?? (run.startedAt !== undefined ? now - run.startedAt : undefined);
  return (
    <tr className="weft-jobs__row" data-run-state={run.state} data-node={id}>
      <td>
        <button type="button" className="weft-jobs__title" title={`Show "${title}" on the canvas`} onClick={() => onFocus(id)}>
          <span className="weft-run__dot" aria-hidden="true" />
          {title}
        </button>
        <div className="weft-jobs__sub">{providerName(run.provider ?? template?.provider)}</div>
        {run.jobId ? (
          <div className="weft-jobs__sub weft-jobs__id" title="Provider job id (quote it to the provider's support)">
            {run.jobId}
          </div>
        ) : null}
      </td>
      <td className="weft-jobs__state">
        {STATE_LABEL[run.state]}
        {run.cached ? <span className="weft-run__chip">cached</span> : null}
      </td>
      <td className="weft-jobs__num">{ms !== undefined && ms > 0 ? formatElapsed(ms) : '—'}</td>
      <td className="weft-jobs__num">{run.cost ? formatCost(run.cost) : '—'}</td>
    </tr>
  );
});

function clock(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
}

function LogLine({ entry, onFocus }: { entry: LogEntry; onFocus: (id: string) => void }) {
  return (
    <li className={`weft-log__line is-${entry.tone}`}>
      <time className="weft-log__time">{clock(entry.at)}</time>
      {entry.nodeId ? (
        <button type="button" className="weft-log__text weft-log__link" onClick={() => onFocus(entry.nodeId!)}>
          {entry.text}
        </button>
      ) : (
        <span className="weft-log__text">{entry.text}</span>
      )}
    </li>
  );
}

function Summary() {
  const status = useRunStore((s) => s.status);
  const resumed = useRunStore((s) => s.resumed);
  const runId = useRunStore((s) => s.runId);
  const startedAt = useRunStore((s) => s.startedAt);
  const finishedAt = useRunStore((s) => s.finishedAt);
  const outcome = useRunStore((s) => s.outcome);
  const now = useNow(status === 'running', 1000);
  if (status === 'idle') return <p className="weft-run-panel__empty">No run yet. Press Run (Ctrl+Enter), or select a node for “Run to here” and “Run from here”.</p>;
  return (
    <div className="weft-run-panel__summary">
      <span className={`weft-run-panel__status is-${status === 'running' ? 'running' : (outcome ?? 'finished')}`} data-outcome={outcome}>
        {status === 'running' ? (resumed ? 'Running (resumed)' : 'Running') : outcome ? OUTCOME_LABEL[outcome] : 'Finished'}
      </span>
      {startedAt ? <span>{formatElapsed((finishedAt ?? now) - startedAt)}</span> : null}
      <span className="weft-jobs__id" title="Run id">{runId}</span>
    </div>
  );
}

/** The run panel: jobs of the current/last run, their provider ids and events. */
export function RunPanel() {
  const open = useRunStore((s) => s.panelOpen);
  const order = useRunStore((s) => s.order);
  const log = useRunStore((s) => s.log);
  const durable = useRunStore((s) => s.durable);
  const jobIds = useDocStore((s) => order.filter((id) => {
    const node = getNode(s.doc.nodes, id);
    const provider = node ? peekTemplate(node.type)?.provider : undefined;
    return provider !== undefined && provider !== 'weft';
  }).join('\u0000'));
  const focus = useFocusNode();
  if (!open) return null;
  const jobs = jobIds ? jobIds.split('\u0000') : [];
  return (
    <aside className="weft-run-panel" aria-label="Run panel">
      <header className="weft-run-panel__head">
        <h2>Run</h2>
        <button type="button" className="weft-icon-button" aria-label="Close the run panel" onClick={() => useRunStore.getState().togglePanel(false)}>
          ✕
        </button>
      </header>
      {durable === false ? <p className="weft-run-panel__warning" role="note">Browser storage is unavailable: jobs and results are kept in memory and a reload loses them.</p> : null}
      <Summary />
      <section className="weft-run-panel__section" aria-label="Jobs">
        <h3>Jobs</h3>
        {jobs.length ? (
          <table className="weft-jobs">
            <thead>
              <tr>
                <th scope="col">Node · provider · job id</th>
                <th scope="col">State</th>
                <th scope="col">Time</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((id) => (
                <JobRow key={id} id={id} onFocus={focus} />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="weft-run-panel__empty">No provider jobs in this run.</p>
        )}
      </section>
      <section className="weft-run-panel__section weft-run-panel__section--log" aria-label="Events">
        <h3>Events</h3>
        <ol className="weft-log nowheel">
          {log.map((entry) => (
            <LogLine key={entry.seq} entry={entry} onFocus={focus} />
          ))}
        </ol>
      </section>
    </aside>
  );
}
