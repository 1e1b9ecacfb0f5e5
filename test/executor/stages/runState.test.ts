import { describe, expect, it } from 'vitest';
import { runSave, runStatic, type BuiltinContext } from '../../../src/core/executor/builtinNodes.ts';
import { planRun } from '../../../src/core/executor/plan.ts';
import { RunState } from '../../../src/core/executor/runState.ts';
import { schedule } from '../../../src/core/executor/schedule.ts';
import { SignalFanOut } from '../../../src/core/executor/signalFanOut.ts';
import type { ExecutorEvent, SaveRequest } from '../../../src/core/executor/types.ts';
import { sha256Hex } from '../../../src/core/sha256.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { TEMPLATES, graph, node, wire } from '../support/fakeRig.ts';
import { VirtualClock } from '../virtualClock.ts';

/** Run state and events, the schedule, the built-in nodes and the signal fan-out, each alone. */

describe('RunState', () => {
  it('emits a state event once per change, a listener that throws breaks nothing, and allFinal waits for every planned node', async () => {
    const events: ExecutorEvent[] = [];
    const state = new RunState('run-1', new VirtualClock(), (e) => {
      events.push(e);
      throw new Error('listener bug');
    });
    state.plan(['a', 'b']);
    state.set('a', 'queued');
    state.set('a', 'queued');
    state.done('a', { text: [{ kind: 'text', text: 'x' }] }, 5);
    let final = false;
    void state.allFinal.then(() => (final = true));
    await Promise.resolve();
    expect(final).toBe(false);
    state.fail('b', 'failed', { class: 'unknown', message: 'no' }, 0);
    await Promise.resolve();
    expect(final).toBe(true);
    expect(events.map((e) => (e.type === 'nodeState' ? `${e.nodeId}:${e.state}` : e.type))).toEqual(['a:queued', 'a:done', 'nodeDone', 'b:failed', 'nodeFailed']);
  });
});

describe('schedule', () => {
  const plan = () => planRun(graph([node('t', 'weft/text', { text: 'x' }), node('a', 'fake/text-to-image', { seed: 1 }), node('b', 'fake/image-to-video')], [wire('t', 'text', 'a', 'prompt'), wire('a', 'image', 'b', 'image')]), (id) => TEMPLATES.get(id));

  it('runs a node once its inputs are final, and skips it (naming the input) when one did not finish', async () => {
    const state = new RunState('r', new VirtualClock(), () => {});
    const ran: string[] = [];
    await schedule(plan(), state, new AbortController().signal, async (p) => {
      ran.push(p.node.id);
      if (p.node.id === 'a') state.fail('a', 'failed', { class: 'moderation', message: 'refused' }, 0);
      else state.done(p.node.id, {}, 0);
    }, () => 0);
    expect(ran).toEqual(['t', 'a']);
    expect(state.states.b).toBe('skipped');
    expect(state.errors.b?.message).toBe('Not run: its input "fake/text-to-image" did not finish (failed).');
  });

  it('a node whose task throws is failed, not the run; once cancelled nothing new starts', async () => {
    const state = new RunState('r', new VirtualClock(), () => {});
    const controller = new AbortController();
    await schedule(plan(), state, controller.signal, async (p) => {
      if (p.node.id === 't') {
        controller.abort();
        throw new Error('boom');
      }
      state.done(p.node.id, {}, 0);
    }, () => 0);
    expect(state.states).toMatchObject({ t: 'cancelled', a: 'cancelled', b: 'cancelled' });
    expect(state.errors.a?.message).toBe('The run was cancelled before this node started.');
  });
});

describe('built-in nodes', () => {
  it('a static node computes its outputs; a save node hands its items with their bytes and provenance to the host', async () => {
    const clock = new VirtualClock();
    const storage = createMemoryStorage();
    const state = new RunState('r', clock, () => {});
    const saved: SaveRequest[] = [];
    const ctx: BuiltinContext = { state, clock, blobs: storage.blobs, inputs: { blobs: storage.blobs, hash: sha256Hex, dryRun: false }, runId: 'r', graphName: 'G', dryRun: false, save: async (r) => (saved.push(r), ['out/a.png']) };
    const p = planRun(graph([node('t', 'weft/text', { text: 'hello' }), node('s', 'weft/save')], [wire('t', 'text', 's', 'media')]), (id) => TEMPLATES.get(id));
    runStatic(ctx, p.nodes.get('t')!, {});
    expect(state.outputs.t).toEqual({ text: [{ kind: 'text', text: 'hello' }] });
    const blob = await storage.blobs.put(new Uint8Array([9]), 'image/png');
    const from = { nodeId: 'g', provider: 'fake', endpoint: 'e', jobId: 'j' };
    await runSave(ctx, p.nodes.get('s')!, { media: [{ kind: 'image', blob, from }] }, 0);
    expect(saved[0]).toMatchObject({ nodeId: 's', graphName: 'G', items: [{ index: 0, bytes: new Uint8Array([9]), mimeType: 'image/png', provenance: from }] });
    expect(state.states.s).toBe('done');
  });
});

describe('SignalFanOut', () => {
  it('children abort with the parent, which carries one listener however many children', () => {
    const parent = new AbortController();
    let listeners = 0;
    const add = parent.signal.addEventListener.bind(parent.signal);
    parent.signal.addEventListener = ((...args: Parameters<typeof add>) => (listeners++, add(...args))) as typeof add;
    const fan = new SignalFanOut(parent.signal);
    const children = Array.from({ length: 50 }, () => fan.child());
    children[0]!.dispose();
    parent.abort(new Error('stop'));
    expect(listeners).toBe(1);
    expect(children.slice(1).every((c) => c.signal.aborted)).toBe(true);
    expect(fan.child().signal.aborted).toBe(true);
  });
});
