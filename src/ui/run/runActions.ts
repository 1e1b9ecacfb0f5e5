import type { RunHandle } from '../../core/executor/executor.ts';
import { newRunId as makeRunId } from '../../core/executor/runId.ts';
import type { RunOptions } from '../../core/executor/types.ts';
import type { Graph } from '../../core/model/graph.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { peekTemplate } from '../catalog.ts';
import { useRunStore } from './runStore.ts';

/**
 * Starting, cancelling and resuming runs. The run in progress is remembered in localStorage (its id and
 * mode) so that after a reload the same run is started again: the executor finds its jobs in the
 * journal and follows them instead of submitting (RELIABILITY promise 3).
 */

export const ACTIVE_RUN_KEY = 'weft.run.active.v1';

type Mode = NonNullable<RunOptions['mode']>;
interface ActiveRun {
  runId: string;
  mode: Mode;
  target?: string;
}

let handle: RunHandle | undefined;
let starting = false;
let lastOptions: { mode: Mode; target?: string } = { mode: 'all' };

/** The executor and the provider adapters load with the first run, not with the page. */
async function createBrowserExecutor(graph: Graph) {
  const host = await import('./browserExecutor.ts');
  return host.createBrowserExecutor(graph);
}

function titleOf(graph: Graph): (id: string) => string {
  return (id) => {
    const node = getNode(graph.nodes, id);
    return node?.title ?? (node ? peekTemplate(node.type)?.title : undefined) ?? id;
  };
}

function readActive(): ActiveRun | undefined {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(ACTIVE_RUN_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { runId, mode, target } = raw as Record<string, unknown>;
    if (typeof runId !== 'string' || !/^run-[a-z0-9-]{1,60}$/.test(runId)) return undefined;
    if (mode !== 'all' && mode !== 'upTo' && mode !== 'from') return undefined;
    return { runId, mode, ...(typeof target === 'string' ? { target } : {}) };
  } catch {
    return undefined;
  }
}

function writeActive(active: ActiveRun | undefined): void {
  try {
    if (active) localStorage.setItem(ACTIVE_RUN_KEY, JSON.stringify(active));
    else localStorage.removeItem(ACTIVE_RUN_KEY);
  } catch {
    // storage disabled: a reload will not resume this run by itself (pressing Run still picks the jobs up)
  }
}

const newRunId = () => makeRunId('run', Date.now(), Math.random);

export interface StartOptions {
  mode?: Mode;
  target?: string;
  resubmit?: string[];
  /** Resume this run (after a reload): same id, so its journaled jobs are followed, not resubmitted. */
  resumeRunId?: string;
}

/** Runs the open graph (all, up to a node, or from a node). Does nothing while a run is going on. */
export async function startRun(options: StartOptions = {}): Promise<void> {
  if (handle || starting) return;
  starting = true;
  const store = useRunStore.getState();
  const toast = useUiStore.getState().showToast;
  const graph = useDocStore.getState().doc;
  const mode = options.mode ?? 'all';
  const target = options.target;
  let active: ActiveRun | undefined;
  try {
    const executor = await createBrowserExecutor(graph);
    const runOptions: RunOptions = { mode, ...(target ? { target } : {}), ...(options.resubmit ? { resubmit: options.resubmit } : {}), ...(graph.name ? { graphName: graph.name } : {}) };
    const plan = executor.plan(graph, runOptions);
    if (plan.problems.length > 0) {
      const title = titleOf(graph);
      store.begin(newRunId(), false);
      const runId = useRunStore.getState().runId!;
      for (const p of plan.problems) {
        const message = `${p.field ? `${p.field}: ` : ''}${p.message}`;
        useRunStore.getState().apply({ type: 'nodeFailed', runId, at: Date.now(), nodeId: p.nodeId, state: 'failed', error: { class: 'plan', message }, elapsedMs: 0 }, title);
      }
      store.finish();
      const first = plan.problems[0]!;
      toast(`Nothing was submitted: ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} to fix first. ${title(first.nodeId)}: ${first.message}`, 'error');
      useRunStore.getState().togglePanel(true);
      return;
    }
    const runId = options.resumeRunId ?? newRunId();
    active = { runId, mode, ...(target ? { target } : {}) };
    writeActive(active);
    lastOptions = { mode, ...(target ? { target } : {}) };
    store.begin(runId, Boolean(options.resumeRunId));
    if (options.resumeRunId) store.note('Resumed after a reload: jobs already submitted are followed, not submitted again.');
    const title = titleOf(graph);
    handle = executor.run(plan, { ...runOptions, runId }, (event) => useRunStore.getState().apply(event, title));
  } catch (error) {
    toast(`Could not start the run: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return;
  } finally {
    starting = false;
  }
  try {
    const summary = await handle.done;
    const states = Object.values(summary.states);
    const bad = states.filter((s) => s !== 'done' && s !== 'cached').length;
    if (summary.cancelled) toast('Run cancelled.');
    else if (bad) toast(`Run finished: ${bad} node${bad === 1 ? '' : 's'} did not finish; see the run panel.`, 'error');
    else toast(`Run finished: ${states.length} nodes done, ${summary.submits} job${summary.submits === 1 ? '' : 's'} submitted.`);
  } catch (error) {
    toast(`The run stopped: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    handle = undefined;
    if (readActive()?.runId === active.runId) writeActive(undefined);
    useRunStore.getState().finish();
  }
}

/** Cancels the run in progress (queued jobs are cancelled at the provider; running ones may still bill). */
export function cancelRun(): void {
  if (!handle) return;
  useRunStore.getState().markCancelRequested();
  handle.cancel();
}

/** Runs again with a node's `unknown` job resubmitted (the user accepted it may charge again). */
export function resubmitNode(nodeId: string): Promise<void> {
  return startRun({ ...lastOptions, resubmit: [nodeId] });
}

/**
 * On page load, after the autosaved graph is back: when the journal holds unfinished jobs and this
 * page was running a run, start that run again (same id and mode), so its jobs are followed to the end.
 */
export async function resumeUnfinishedRun(): Promise<void> {
  const active = readActive();
  const graph = useDocStore.getState().doc;
  if (!active || graph.nodes.length === 0) return;
  const executor = await createBrowserExecutor(graph);
  const unfinished = await executor.unfinished();
  if (unfinished.length === 0) {
    writeActive(undefined);
    return;
  }
  await startRun({ mode: active.mode, ...(active.target ? { target: active.target } : {}), resumeRunId: active.runId });
}
