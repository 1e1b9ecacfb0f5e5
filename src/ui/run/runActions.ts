import type { RunHandle } from '../../core/executor/executor.ts';
import { newRunId as makeRunId } from '../../core/executor/runId.ts';
import type { RunOptions } from '../../core/executor/types.ts';
import type { Graph } from '../../core/model/graph.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { peekTemplate } from '../catalog.ts';
import type { RunOutcome } from './format.ts';
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
  /** When the run and each of its nodes started (ms), so elapsed times go on after a reload. */
  startedAt?: number;
  nodes?: Record<string, number>;
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
    const { runId, mode, target, startedAt, nodes } = raw as Record<string, unknown>;
    if (typeof runId !== 'string' || !/^run-[a-z0-9-]{1,60}$/.test(runId)) return undefined;
    if (mode !== 'all' && mode !== 'upTo' && mode !== 'from') return undefined;
    return { runId, mode, ...(typeof target === 'string' ? { target } : {}), ...(isTime(startedAt) ? { startedAt } : {}), ...(isTime(nodes) || !nodes ? {} : { nodes: startTimes(nodes) }) };
  } catch {
    return undefined;
  }
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= Date.now() + 60_000;
}

/** Node start times from storage: only well-formed entries, at most a few thousand. */
function startTimes(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [id, at] of Object.entries(raw).slice(0, 5000)) if (id.length <= 200 && isTime(at)) out[id] = at;
  return out;
}

/** Keeps the running run's start times in its localStorage entry while it runs (each node once). */
function rememberStartTimes(active: ActiveRun): () => void {
  let written = '';
  return useRunStore.subscribe((s) => {
    if (s.runId !== active.runId) return;
    const nodes: Record<string, number> = {};
    for (const [id, n] of Object.entries(s.nodes)) if (n.startedAt !== undefined) nodes[id] = n.startedAt;
    const key = Object.keys(nodes).join('\u0000');
    if (key === written) return;
    written = key;
    writeActive({ ...active, ...(s.startedAt ? { startedAt: s.startedAt } : {}), nodes });
  });
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

/** The outcome of a finished run, from its node states. */
function outcomeOf(states: readonly string[], cancelled: boolean): RunOutcome {
  if (cancelled) return 'cancelled';
  return states.some((s) => s !== 'done' && s !== 'cached') ? 'failed' : 'done';
}

/**
 * Runs the open graph (all, up to a node, or from a node). While a run is going on it says so and
 * starts nothing. Bypassed nodes are taken out first (`applyBypass`): nothing is submitted for them.
 */
export async function startRun(options: StartOptions = {}): Promise<void> {
  const toast = useUiStore.getState().showToast;
  if (handle || starting) {
    if (!options.resumeRunId) toast('A run is going on: wait for it to finish, or Cancel it, before starting another.', 'info');
    return;
  }
  const doc = useDocStore.getState().doc;
  const mode = options.mode ?? 'all';
  const target = options.target;
  const targetNode = target ? getNode(doc.nodes, target) : undefined;
  if (targetNode?.bypass) {
    toast(`${titleOf(doc)(targetNode.id)} is bypassed: turn Bypass off (Ctrl+B) to run it.`, 'info');
    return;
  }
  if (!doc.nodes.some((n) => n.type !== 'weft/note' && !n.bypass)) {
    toast(doc.nodes.length ? 'Nothing to run: every node is a note or bypassed.' : 'Nothing to run: the graph is empty. Add nodes, or open an example.', 'info');
    return;
  }
  starting = true;
  const store = useRunStore.getState();
  let active: ActiveRun | undefined;
  let forget = () => {};
  try {
    const executor = await createBrowserExecutor(doc);
    const { applyBypass } = await import('../../core/graph/applyBypass.ts');
    const { graph, notes } = applyBypass(doc, peekTemplate);
    const title = titleOf(doc);
    const runOptions: RunOptions = { mode, ...(target ? { target } : {}), ...(options.resubmit ? { resubmit: options.resubmit } : {}), ...(graph.name ? { graphName: graph.name } : {}) };
    const plan = executor.plan(graph, runOptions);
    if (plan.problems.length > 0) {
      store.begin(newRunId(), false);
      const runId = useRunStore.getState().runId!;
      for (const n of notes) useRunStore.getState().note(n.message, 'warn', n.nodeId);
      for (const p of plan.problems) {
        const message = `${p.field ? `${p.field}: ` : ''}${p.message}`;
        useRunStore.getState().apply({ type: 'nodeFailed', runId, at: Date.now(), nodeId: p.nodeId, state: 'failed', error: { class: 'plan', message }, elapsedMs: 0 }, title);
      }
      store.finish('blocked');
      const first = plan.problems[0]!;
      toast(`Nothing was submitted: ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} to fix first. ${title(first.nodeId)}: ${first.message}`, 'error');
      useRunStore.getState().togglePanel(true);
      return;
    }
    const resumed = options.resumeRunId ? readActive() : undefined;
    const runId = options.resumeRunId ?? newRunId();
    active = { runId, mode, ...(target ? { target } : {}) };
    writeActive({ ...active, ...(resumed?.runId === runId ? { startedAt: resumed.startedAt, nodes: resumed.nodes } : {}) });
    lastOptions = { mode, ...(target ? { target } : {}) };
    store.begin(runId, Boolean(options.resumeRunId), resumed?.runId === runId ? { ...(resumed.startedAt ? { run: resumed.startedAt } : {}), ...(resumed.nodes ? { nodes: resumed.nodes } : {}) } : undefined);
    forget = rememberStartTimes(active);
    if (options.resumeRunId) store.note('Resumed after a reload: jobs already submitted are followed, not submitted again.');
    for (const n of notes) useRunStore.getState().note(n.message, 'warn', n.nodeId);
    handle = executor.run(plan, { ...runOptions, runId }, (event) => useRunStore.getState().apply(event, title));
  } catch (error) {
    forget();
    toast(`Could not start the run: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return;
  } finally {
    starting = false;
  }
  let outcome: RunOutcome = 'failed';
  try {
    const summary = await handle.done;
    const states = Object.values(summary.states);
    const bad = states.filter((s) => s !== 'done' && s !== 'cached').length;
    outcome = outcomeOf(states, summary.cancelled);
    if (summary.cancelled) toast('Run cancelled.');
    else if (bad) toast(`Run finished: ${bad} node${bad === 1 ? '' : 's'} did not finish; see the run panel.`, 'error');
    else toast(`Run finished: ${states.length} node${states.length === 1 ? '' : 's'} done, ${summary.submits} job${summary.submits === 1 ? '' : 's'} submitted.`);
  } catch (error) {
    toast(`The run stopped: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    forget();
    handle = undefined;
    if (readActive()?.runId === active.runId) writeActive(undefined);
    useRunStore.getState().finish(outcome);
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
