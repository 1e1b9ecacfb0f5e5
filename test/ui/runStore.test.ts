import { describe, expect, it } from 'vitest';
import type { ExecutorEvent } from '../../src/core/executor/types.ts';
import { createRunStore } from '../../src/ui/run/runStore.ts';

const title = (id: string) => `Node ${id}`;

function started() {
  const store = createRunStore();
  store.getState().begin('run-1', false);
  type Without<E> = E extends ExecutorEvent ? Omit<E, 'runId' | 'at'> : never;
  const apply = (e: Without<ExecutorEvent>) => store.getState().apply({ runId: 'run-1', at: 1, ...e } as ExecutorEvent, title);
  apply({ type: 'runStarted', nodes: ['a', 'b'] });
  return { store, apply };
}

describe('the run store', () => {
  it('keeps an untouched node’s entry identical, so only the node whose state changed re-renders', () => {
    const { store, apply } = started();
    const before = store.getState().nodes;
    apply({ type: 'nodeState', nodeId: 'a', state: 'queued' });
    const after = store.getState().nodes;
    expect(after.a).not.toBe(before.a);
    expect(after.b).toBe(before.b);
    expect(after.a!.state).toBe('queued');
    expect(after.a!.startedAt).toBeTypeOf('number');
  });

  it('follows a job from submit to done with its provider id, queue position, cost and elapsed time', () => {
    const { store, apply } = started();
    apply({ type: 'nodeState', nodeId: 'a', state: 'submitting' });
    apply({ type: 'nodeSubmitted', nodeId: 'a', provider: 'runcomfy', endpoint: 'x', jobId: 'job-42', resumed: false });
    apply({ type: 'nodeProgress', nodeId: 'a', jobState: 'queued', providerStatus: 'in_queue', queuePosition: 2 });
    expect(store.getState().nodes.a).toMatchObject({ jobId: 'job-42', provider: 'runcomfy', queuePosition: 2, providerStatus: 'in_queue' });
    apply({ type: 'nodeState', nodeId: 'a', state: 'done' });
    apply({ type: 'nodeDone', nodeId: 'a', outputs: { video: [{ kind: 'video', blob: 'f'.repeat(64) }] }, cost: { amount: 0.5, currency: 'USD' }, elapsedMs: 4000, jobId: 'job-42' });
    const a = store.getState().nodes.a!;
    expect(a.state).toBe('done');
    expect(a.cost).toEqual({ amount: 0.5, currency: 'USD' });
    expect(a.elapsedMs).toBeGreaterThanOrEqual(4000);
    expect(store.getState().log.map((l) => l.text)).toContain('Node a: submitted runcomfy job job-42');
    expect(store.getState().log.map((l) => l.text)).toContain('Node a: in queue (2 ahead in queue)');
  });

  it('marks cache hits and keeps a failure’s readable reason', () => {
    const { store, apply } = started();
    apply({ type: 'nodeState', nodeId: 'a', state: 'cached' });
    apply({ type: 'nodeCached', nodeId: 'a', outputs: {} });
    apply({ type: 'nodeFailed', nodeId: 'b', state: 'unknown', error: { class: 'transient', message: 'The answer was lost.' }, elapsedMs: 10 });
    expect(store.getState().nodes.a!.cached).toBe(true);
    expect(store.getState().nodes.b!.error!.message).toBe('The answer was lost.');
    expect(store.getState().log.at(-1)).toMatchObject({ tone: 'error', nodeId: 'b' });
  });

  it('ignores events of another run (a run that was replaced)', () => {
    const { store } = started();
    store.getState().apply({ type: 'nodeState', runId: 'run-0', at: 1, nodeId: 'a', state: 'failed' }, title);
    expect(store.getState().nodes.a!.state).toBe('waiting');
  });
});
