import type { JobCost } from '../providers/types.ts';
import { FINAL_NODE_STATES, type Clock, type ExecutorEvent, type NodeError, type NodeOutputs, type NodeRunState, type RunSummary } from './types.ts';

/**
 * A run's state and its events: each node's state, outputs, error and job, and the typed event stream
 * the UI and the CLI follow. Every change goes through here, so an event is emitted exactly when a
 * state changes, a listener's bug cannot break the run, and `allFinal` resolves once every planned node
 * has a final state.
 */
export class RunState {
  readonly states: Record<string, NodeRunState> = {};
  readonly outputs: Record<string, NodeOutputs> = {};
  readonly errors: Record<string, NodeError> = {};
  readonly jobs: RunSummary['jobs'] = {};
  submits = 0;
  readonly allFinal: Promise<void>;
  private planned: readonly string[] | undefined;
  private resolveAllFinal = () => {};

  constructor(
    readonly runId: string,
    private readonly clock: Clock,
    private readonly listener: (event: ExecutorEvent) => void,
  ) {
    this.allFinal = new Promise<void>((resolve) => (this.resolveAllFinal = resolve));
  }

  emit(event: ExecutorEvent): void {
    try {
      this.listener(event);
    } catch {
      /* a listener's bug must not break the run */
    }
  }

  /** The nodes whose final states `allFinal` waits for. */
  plan(nodes: readonly string[]): void {
    this.planned = nodes;
    this.check();
  }

  isFinal(nodeId: string): boolean {
    return FINAL_NODE_STATES.includes(this.states[nodeId]!);
  }

  set(nodeId: string, state: NodeRunState): void {
    if (this.states[nodeId] === state) return;
    this.states[nodeId] = state;
    this.emit({ type: 'nodeState', runId: this.runId, at: this.clock.now(), nodeId, state });
    if (FINAL_NODE_STATES.includes(state)) this.check();
  }

  fail(nodeId: string, state: NodeRunState, error: NodeError, began: number, jobId?: string): void {
    this.errors[nodeId] = error;
    this.set(nodeId, state);
    this.emit({ type: 'nodeFailed', runId: this.runId, at: this.clock.now(), nodeId, state, error, elapsedMs: this.clock.now() - began, ...(jobId ? { jobId } : {}) });
  }

  done(nodeId: string, outputs: NodeOutputs, elapsedMs: number, job?: { provider: string; jobId: string; cost?: JobCost }): void {
    this.outputs[nodeId] = outputs;
    if (job) this.jobs[nodeId] = job;
    this.set(nodeId, 'done');
    this.emit({ type: 'nodeDone', runId: this.runId, at: this.clock.now(), nodeId, outputs, elapsedMs, ...(job?.cost ? { cost: job.cost } : {}), ...(job ? { jobId: job.jobId } : {}) });
  }

  cached(nodeId: string, outputs: NodeOutputs, job?: { provider: string; jobId: string; cost?: JobCost }): void {
    this.outputs[nodeId] = outputs;
    if (job) this.jobs[nodeId] = job;
    this.set(nodeId, 'cached');
    this.emit({ type: 'nodeCached', runId: this.runId, at: this.clock.now(), nodeId, outputs });
  }

  warn(message: string, nodeId?: string): void {
    this.emit({ type: 'warning', runId: this.runId, at: this.clock.now(), ...(nodeId ? { nodeId } : {}), message });
  }

  summary(startedAt: number, cancelled: boolean): RunSummary {
    return { runId: this.runId, states: this.states, outputs: this.outputs, errors: this.errors, jobs: this.jobs, submits: this.submits, cancelled, startedAt, finishedAt: this.clock.now() };
  }

  private check(): void {
    if (this.planned?.every((id) => this.isFinal(id))) this.resolveAllFinal();
  }
}
