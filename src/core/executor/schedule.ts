import type { Plan, PlannedNode } from './plan.ts';
import type { RunState } from './runState.ts';

/**
 * The schedule stage: starts every node as soon as all its inputs are final — in plan order, so that
 * among nodes ready together the provider limiter (providerLimiter.ts) serves the one with the longest
 * remaining path first. A node whose input did not finish is `skipped` (with which input and why); once
 * the run is cancelled nothing new starts. Resolves when every planned node is final and its task has
 * settled. A node's task failing unexpectedly fails that node, never the run.
 */
export async function schedule(plan: Plan, state: RunState, signal: AbortSignal, runNode: (p: PlannedNode) => Promise<void>, began: () => number): Promise<void> {
  const tasks = new Map<string, Promise<void>>();
  const label = (id: string) => plan.nodes.get(id)?.node.title ?? plan.nodes.get(id)?.template.title ?? id;
  const startReady = (): void => {
    for (const id of plan.order) {
      if (tasks.has(id)) continue;
      const p = plan.nodes.get(id)!;
      if (!p.upstream.every((u) => state.isFinal(u))) continue;
      const failedUp = p.upstream.find((u) => state.states[u] !== 'done' && state.states[u] !== 'cached');
      let task: Promise<void>;
      if (signal.aborted) {
        task = Promise.resolve(state.fail(id, 'cancelled', { class: 'cancelled', message: 'The run was cancelled before this node started.' }, began()));
      } else if (failedUp) {
        task = Promise.resolve(state.fail(id, 'skipped', { class: 'upstream', message: `Not run: its input "${label(failedUp)}" did not finish (${state.states[failedUp]}).` }, began()));
      } else {
        task = runNode(p).catch((error: unknown) => {
          if (state.isFinal(id)) return;
          if (signal.aborted) state.fail(id, 'cancelled', { class: 'cancelled', message: 'Cancelled.' }, began());
          else state.fail(id, 'failed', { class: 'unknown', message: error instanceof Error ? error.message : String(error) }, began());
        });
      }
      tasks.set(
        id,
        task.then(() => startReady()),
      );
    }
  };
  startReady();
  state.plan(plan.order);
  await state.allFinal;
  await Promise.allSettled([...tasks.values()]);
}
