import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getBuiltinTemplate } from '../../src/core/templates/builtins.ts';
import { useDocStore } from '../../src/store/documentStore.ts';
import { emptyGraph } from '../../src/store/documentTypes.ts';
import { setFieldValue } from '../../src/ui/nodes/setFieldValue.ts';
import { compileTemplate } from '../../src/core/templates/compile.ts';

const textTemplate = getBuiltinTemplate('weft/template')!;
const plainText = getBuiltinTemplate('weft/text')!;

describe('setFieldValue (a widget edit)', () => {
  beforeEach(() => {
    const doc = emptyGraph();
    doc.nodes.push(
      { id: 'src', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'fox' } },
      { id: 't', type: 'weft/template', position: { x: 0, y: 0 }, values: { template: 'A {animal} in {place}', animal: 'cat', place: 'snow' } },
    );
    doc.edges.push({ id: 'e1', from: { node: 'src', port: 'text' }, to: { node: 't', port: 'animal' } });
    useDocStore.setState({ doc });
  });

  it('removing a placeholder drops its wire and its value in one dispatched action', () => {
    const dispatch = vi.spyOn(useDocStore.getState(), 'dispatch');
    setFieldValue(textTemplate, 't', 'template', 'A creature in {place}');
    expect(dispatch).toHaveBeenCalledTimes(1);
    dispatch.mockRestore();
    const { doc } = useDocStore.getState();
    expect(doc.edges).toEqual([]);
    expect(doc.nodes[1]!.values).toEqual({ template: 'A creature in {place}', place: 'snow' });
  });

  it('adding or keeping placeholders leaves wires and values alone', () => {
    setFieldValue(textTemplate, 't', 'template', 'A {animal} in {place} with {friend}');
    const { doc } = useDocStore.getState();
    expect(doc.edges.map((e) => e.id)).toEqual(['e1']);
    expect(doc.nodes[1]!.values).toMatchObject({ animal: 'cat', place: 'snow' });
  });

  it('sets an ordinary field as before', () => {
    setFieldValue(plainText, 'src', 'text', 'wolf');
    expect(useDocStore.getState().doc.nodes[0]!.values).toEqual({ text: 'wolf' });
  });

  it('switching a request\'s variant drops the wires of the inputs it hides, keeps their values, and undoes as one step', () => {
    const variants = compileTemplate({ title: 'By source', oneOf: [
      { type: 'object', title: 'From an image', properties: { image_url: { type: 'string', format: 'uri' }, prompt: { type: 'string' } } },
      { type: 'object', title: 'From text', properties: { prompt: { type: 'string' } } },
    ] });
    const doc = emptyGraph();
    doc.nodes.push(
      { id: 'img', type: 'weft/image', position: { x: 0, y: 0 }, values: { url: 'https://x.test/a.png' } },
      { id: 'txt', type: 'weft/text', position: { x: 0, y: 0 }, values: { text: 'fox' } },
      { id: 'v', type: variants.id, position: { x: 0, y: 0 }, values: { variant: 'From an image', image_url: 'https://x.test/kept.png' } },
    );
    doc.edges.push(
      { id: 'e1', from: { node: 'img', port: 'image' }, to: { node: 'v', port: 'image_url' } },
      { id: 'e2', from: { node: 'txt', port: 'text' }, to: { node: 'v', port: 'prompt' } },
    );
    useDocStore.setState({ doc });
    setFieldValue(variants, 'v', 'variant', 'From text');
    const after = useDocStore.getState().doc;
    expect(after.edges.map((e) => e.id)).toEqual(['e2']); // prompt is in both variants: its wire stays
    expect(after.nodes[2]!.values).toEqual({ variant: 'From text', image_url: 'https://x.test/kept.png' });
    useDocStore.getState().undo();
    expect(useDocStore.getState().doc.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});
