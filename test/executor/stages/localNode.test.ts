import { describe, expect, it } from 'vitest';
import type { LocalNode } from '../../../src/core/executor/localNode.ts';
import { field, output, template } from '../../support/templateBuilder.ts';
import { fakeWorld, graph, node, wire } from '../support/fakeRig.ts';

/** The local node stage (issue 18's plug point): local work with progress and cancel, cached by its inputs. */

const shout = template({ id: 'weft/shout', inputs: [field('text', 'text', { required: true })], outputs: [output('text', 'text')] });

function world() {
  let runs = 0;
  const w = fakeWorld({
    localNodes: {
      'weft/shout': {
        async run(inputs, io) {
          runs++;
          io.progress(0.5);
          await w.clock.sleep(10_000, io.signal);
          const text = inputs.text?.[0];
          return { text: [{ kind: 'text', text: text?.kind === 'text' ? text.text.toUpperCase() : '' }] };
        },
      } satisfies LocalNode,
    },
  }, { templates: [shout] });
  const g = (text: string) => graph([node('t', 'weft/text', { text }), node('s', 'weft/shout')], [wire('t', 'text', 's', 'text')]);
  return { w, g, runs: () => runs };
}

describe('local nodes', () => {
  it('do their work once per inputs, with progress; the same inputs are served from the cache', async () => {
    const { w, g, runs } = world();
    const first = await w.run(g('hello'));
    expect(first.outputs.s).toEqual({ text: [{ kind: 'text', text: 'HELLO' }] });
    expect(w.events.some((e) => e.type === 'nodeProgress' && e.nodeId === 's' && e.progress === 0.5)).toBe(true);
    expect((await w.run(g('hello'))).states.s).toBe('cached');
    expect((await w.run(g('other'))).outputs.s).toEqual({ text: [{ kind: 'text', text: 'OTHER' }] });
    expect(runs()).toBe(2);
  });

  it('a cancelled run stops the work; nothing is cached, so the next run does it', async () => {
    const { w, g, runs } = world();
    const handle = w.executor().run(g('hello'));
    await w.clock.advance(5_000);
    handle.cancel();
    expect((await w.clock.run(handle.done)).states.s).toBe('cancelled');
    expect((await w.run(g('hello'))).states.s).toBe('done');
    expect(runs()).toBe(2);
  });
});
