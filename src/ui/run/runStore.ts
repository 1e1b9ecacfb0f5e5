import { create } from 'zustand';
import { immer } from 'zustand/middleware/immer';
import type { ExecutorEvent, NodeError, NodeOutputs, NodeRunState } from '../../core/executor/types.ts';
import type { JobCost } from '../../core/providers/types.ts';
import { queueText, statusWords, type RunOutcome } from './format.ts';

/**
 * The current (or last) run as the UI shows it, keyed by node id. Immer keeps an unchanged node's
 * entry the same object, so `useNodeRun(id)` re-renders a node only when its own entry changes.
 */

/** One node's part in the run. Times are this page's clock (ms). */
export interface NodeRun {
  state: NodeRunState;
  /** When the node started working (left `waiting`); for the ticking elapsed time. */
  startedAt?: number;
  /** How long it took, once final. */
  elapsedMs?: number;
  queuePosition?: number;
  progress?: number;
  providerStatus?: string;
  provider?: string;
  jobId?: string;
  /** The job was picked up from the journal (after a reload), not submitted by this page. */
  resumed?: boolean;
  cost?: JobCost;
  cached?: boolean;
  error?: NodeError;
  outputs?: NodeOutputs;
  /** Files a save node offered for download. */
  saved?: string[];
}

export interface LogEntry {
  seq: number;
  at: number;
  nodeId?: string;
  text: string;
  tone: 'info' | 'warn' | 'error';
}

export type RunStatus = 'idle' | 'running' | 'finished';

export interface RunStoreState {
  runId?: string;
  status: RunStatus;
  /** Started because the page found unfinished jobs after a reload. */
  resumed: boolean;
  cancelRequested: boolean;
  startedAt?: number;
  finishedAt?: number;
  /** How it ended (set by `finish`). */
  outcome?: RunOutcome;
  /** When each node started, carried over from before a reload so elapsed times go on, not restart. */
  since?: Record<string, number>;
  /** The run's nodes in plan order. */
  order: string[];
  nodes: Record<string, NodeRun>;
  log: LogEntry[];
  panelOpen: boolean;
  /** Whether jobs survive a reload here (IndexedDB); undefined until storage opened. */
  durable?: boolean;

  /** Starts showing a run; `since` gives the run's and its nodes' start times from before a reload. */
  begin(runId: string, resumed: boolean, since?: { run?: number; nodes?: Record<string, number> }): void;
  apply(event: ExecutorEvent, titleOf: (nodeId: string) => string): void;
  note(text: string, tone?: LogEntry['tone'], nodeId?: string): void;
  markCancelRequested(): void;
  finish(outcome?: RunOutcome): void;
  togglePanel(open?: boolean): void;
  setDurable(durable: boolean): void;
}

const MAX_LOG = 400;
const ACTIVE: readonly NodeRunState[] = ['queued', 'uploading', 'submitting', 'submitted', 'running', 'downloading', 'cancelling'];

/** States in which a node is doing something (its elapsed time ticks). */
export function isActive(state: NodeRunState | undefined): boolean {
  return state !== undefined && ACTIVE.includes(state);
}

function describeEvent(e: ExecutorEvent, title: (id: string) => string): { text: string; tone: LogEntry['tone'] } | undefined {
  switch (e.type) {
    case 'runStarted':
      return { text: `Run started (${e.nodes.length} nodes)`, tone: 'info' };
    case 'nodeSubmitted':
      return { text: `${title(e.nodeId)}: ${e.resumed ? 'resumed' : 'submitted'} ${e.provider} job ${e.jobId}`, tone: 'info' };
    case 'nodeProgress':
      return { text: `${title(e.nodeId)}: ${statusWords(e.providerStatus)}${e.queuePosition !== undefined ? ` (${queueText(e.queuePosition)})` : ''}${e.progress !== undefined ? ` ${Math.round(e.progress * 100)}%` : ''}`, tone: 'info' };
    case 'nodeCached':
      return { text: `${title(e.nodeId)}: from the cache (nothing submitted)`, tone: 'info' };
    case 'nodeDone':
      return e.jobId ? { text: `${title(e.nodeId)}: done in ${(e.elapsedMs / 1000).toFixed(1)} s`, tone: 'info' } : undefined;
    case 'nodeFailed':
      return { text: `${title(e.nodeId)}: ${e.state} — ${e.error.message}`, tone: e.state === 'skipped' || e.state === 'cancelled' ? 'warn' : 'error' };
    case 'nodeSaved':
      return { text: `${title(e.nodeId)}: offered ${e.files.length} file${e.files.length === 1 ? '' : 's'} for download${e.files.length ? ` (${e.files.join(', ')})` : ''}`, tone: 'info' };
    case 'warning':
      return { text: `${e.nodeId ? `${title(e.nodeId)}: ` : ''}${e.message}`, tone: 'warn' };
    case 'runFinished': {
      const states = Object.values(e.summary.states);
      const bad = states.filter((s) => s !== 'done' && s !== 'cached').length;
      return { text: `Run finished: ${states.length - bad} of ${states.length} nodes done, ${e.summary.submits} submit${e.summary.submits === 1 ? '' : 's'}${e.summary.cancelled ? ' (cancelled)' : ''}`, tone: bad ? 'warn' : 'info' };
    }
    default:
      return undefined;
  }
}

export function createRunStore() {
  let seq = 0;
  return create<RunStoreState>()(
    immer((set) => ({
      status: 'idle',
      resumed: false,
      cancelRequested: false,
      order: [],
      nodes: {},
      log: [],
      panelOpen: false,

      begin: (runId, resumed, since) =>
        set((s) => {
          s.runId = runId;
          s.status = 'running';
          s.resumed = resumed;
          s.cancelRequested = false;
          s.startedAt = since?.run ?? Date.now();
          s.finishedAt = undefined;
          s.outcome = undefined;
          s.since = since?.nodes;
          s.order = [];
          s.nodes = {};
          s.log = [];
        }),

      apply: (e, titleOf) =>
        set((s) => {
          if (e.runId !== s.runId) return;
          const now = Date.now();
          const line = describeEvent(e, titleOf);
          if (line) {
            s.log.push({ seq: ++seq, at: e.at, ...(e.type !== 'runStarted' && e.type !== 'runFinished' && e.nodeId ? { nodeId: e.nodeId } : {}), ...line });
            if (s.log.length > MAX_LOG) s.log.splice(0, s.log.length - MAX_LOG);
          }
          if (e.type === 'runStarted') {
            s.order = e.nodes;
            for (const id of e.nodes) s.nodes[id] = { state: 'waiting' };
            return;
          }
          if (e.type === 'runFinished') return;
          if (!e.nodeId) return;
          const n = (s.nodes[e.nodeId] ??= { state: 'waiting' });
          switch (e.type) {
            case 'nodeState':
              n.state = e.state;
              if (isActive(e.state) && n.startedAt === undefined) n.startedAt = Math.min(now, s.since?.[e.nodeId] ?? now);
              if (!isActive(e.state) && e.state !== 'waiting' && n.elapsedMs === undefined && n.startedAt !== undefined) n.elapsedMs = now - n.startedAt;
              if (e.state === 'cached') n.cached = true;
              break;
            case 'nodeSubmitted':
              n.provider = e.provider;
              n.jobId = e.jobId;
              n.resumed = e.resumed;
              break;
            case 'nodeProgress':
              n.providerStatus = e.providerStatus;
              n.queuePosition = e.queuePosition;
              n.progress = e.progress;
              break;
            case 'nodeCached':
              n.cached = true;
              n.outputs = e.outputs;
              n.elapsedMs = 0;
              break;
            case 'nodeDone':
              n.outputs = e.outputs;
              if (e.cost) n.cost = e.cost;
              if (e.jobId) n.jobId = e.jobId;
              if (n.startedAt !== undefined || e.elapsedMs) n.elapsedMs = n.startedAt !== undefined ? Math.max(e.elapsedMs, now - n.startedAt) : e.elapsedMs;
              break;
            case 'nodeFailed':
              n.error = e.error;
              if (e.jobId) n.jobId = e.jobId;
              n.elapsedMs = n.startedAt !== undefined ? now - n.startedAt : e.elapsedMs;
              break;
            case 'nodeSaved':
              n.saved = e.files;
              break;
            default:
              break;
          }
        }),

      note: (text, tone = 'info', nodeId) =>
        set((s) => {
          s.log.push({ seq: ++seq, at: Date.now(), text, tone, ...(nodeId ? { nodeId } : {}) });
          if (s.log.length > MAX_LOG) s.log.splice(0, s.log.length - MAX_LOG);
        }),
      markCancelRequested: () => set((s) => { s.cancelRequested = true; }),
      finish: (outcome) =>
        set((s) => {
          s.status = 'finished';
          s.finishedAt = Date.now();
          s.outcome = outcome;
        }),
      togglePanel: (open) => set((s) => { s.panelOpen = open ?? !s.panelOpen; }),
      setDurable: (durable) => set((s) => { s.durable = durable; }),
    })),
  );
}

export const useRunStore = createRunStore();

/** One node's run entry (re-renders only when that entry changes). */
export function useNodeRun(id: string): NodeRun | undefined {
  return useRunStore((s) => s.nodes[id]);
}

/** True while a run is going on. */
export function useIsRunning(): boolean {
  return useRunStore((s) => s.status === 'running');
}
