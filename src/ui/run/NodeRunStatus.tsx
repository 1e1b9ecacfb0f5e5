import { memo } from 'react';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { KeptResult } from './KeptResult.tsx';
import { formatCost, formatElapsed, queueText, STATE_LABEL, statusWords } from './format.ts';
import { NodeRunToolbar } from './NodeRunToolbar.tsx';
import { resubmitNode } from './runActions.ts';
import { isActive, useIsRunning, useNodeRun, type NodeRun } from './runStore.ts';
import { useNow } from './useNow.ts';
import './run.css';

function Detail({ run }: { run: NodeRun }) {
  if (run.state === 'submitted' && run.queuePosition !== undefined) return <span className="weft-run__detail">{queueText(run.queuePosition)}</span>;
  if (run.state === 'running' && run.progress !== undefined) return <span className="weft-run__detail">{Math.round(run.progress * 100)}%</span>;
  if ((run.state === 'submitted' || run.state === 'running') && run.providerStatus) return <span className="weft-run__detail">{statusWords(run.providerStatus)}</span>;
  if (run.resumed && isActive(run.state)) return <span className="weft-run__detail">resumed</span>;
  return null;
}

function Elapsed({ run }: { run: NodeRun }) {
  const ticking = isActive(run.state) && run.startedAt !== undefined;
  const now = useNow(ticking);
  const ms = run.elapsedMs ?? (run.startedAt !== undefined ? now - run.startedAt : undefined);
  if (ms === undefined || (!ticking && ms < 100)) return null;
  return (
    <span className="weft-run__time" title="Elapsed time">
      {formatElapsed(ms)}
    </span>
  );
}

function Failure({ id, run }: { id: string; run: NodeRun }) {
  const running = useIsRunning();
  if (!run.error || run.state === 'done' || run.state === 'cached') return null;
  const { error } = run;
  const detail = error.providerMessage && !error.message.includes(error.providerMessage) ? error.providerMessage : undefined;
  return (
    <div className={`weft-run-error nodrag${run.state === 'skipped' || run.state === 'cancelled' ? ' is-quiet' : ''}`} role={run.state === 'failed' ? 'alert' : undefined}>
      <div className="weft-run-error__message">{error.message}</div>
      {detail || error.code ? (
        <div className="weft-run-error__detail">
          {detail}
          {error.code ? <span className="weft-run-error__code">code {error.code}</span> : null}
        </div>
      ) : null}
      {run.state === 'cancelled' && run.jobId ? <KeptResult nodeId={id} jobId={run.jobId} /> : null}
      {run.state === 'unknown' ? (
        <button
          type="button"
          className="weft-button weft-button--danger weft-run-error__action"
          disabled={running}
          title="The first submit may have reached the provider: submitting again may charge twice."
          onClick={() => void resubmitNode(id)}
        >
          Resubmit — may charge again
        </button>
      ) : null}
    </div>
  );
}

/** One node's run state in its title area: queued / running (queue position, progress, elapsed), cost, cached, error. */
export const NodeRunStatus = memo(function NodeRunStatus({ id }: { id: string }) {
  const run = useNodeRun(id);
  const type = useDocStore((s) => getNode(s.doc.nodes, id)?.type);
  if (type === 'weft/note') return null;
  const state = run?.state ?? 'idle';
  return (
    <>
      <NodeRunToolbar id={id} />
      <div className="weft-run" data-run-state={state}>
        <span className="weft-run__dot" aria-hidden="true" />
        <span className="weft-run__label">{run ? STATE_LABEL[state] : ''}</span>
        {run ? <Detail run={run} /> : null}
        <span className="weft-run__spacer" />
        {run?.cached ? <span className="weft-run__chip" title="Served from the cache: nothing was submitted or paid">cached</span> : null}
        {run?.cost ? <span className="weft-run__cost" title="Cost reported by the provider">{formatCost(run.cost)}</span> : null}
        {run ? <Elapsed run={run} /> : null}
        {run?.state === 'running' && run.progress !== undefined ? (
          <span className="weft-run__bar" style={{ width: `${Math.round(run.progress * 100)}%` }} aria-hidden="true" />
        ) : null}
      </div>
      {run ? <Failure id={id} run={run} /> : null}
    </>
  );
});
