import { describe, expect, it } from 'vitest';
import { describePlace, parsePath } from '../../../src/core/document/describePlace.ts';
import { formatPath } from '../../../src/core/document/paths.ts';
import { edge, getTemplate, graph, node } from '../../support/templateBuilder.ts';

const g = {
  ...graph(
    [node('p', 'weft/text', { title: 'Prompt' }), node('veo', 'runcomfy/google-deepmind/veo-3-1/reference-to-video'), node('ghost', 'acme/unknown')],
    [edge('e1', 'p.text', 'veo.prompt')],
    'My graph',
  ),
  groups: [{ id: 'g1', title: 'Refs', rect: { x: 0, y: 0, width: 10, height: 10 } }],
};

describe('describePlace', () => {
  it('names the node and the field instead of nodes[0].values.text', () => {
    expect(describePlace(g, 'nodes[0].values.text', getTemplate)).toBe('Prompt › Text');
    expect(describePlace(g, 'nodes[1].values.image_urls[2]', getTemplate)).toBe('Veo 3.1 › Images (2)');
    expect(describePlace(g, 'nodes[0].title', getTemplate)).toBe('Prompt › its title');
  });

  it('names the graph, frames, wires and unknown node types', () => {
    expect(describePlace(g, 'name', getTemplate)).toBe("the graph's name");
    expect(describePlace(g, 'groups[0].title', getTemplate)).toBe('frame “Refs” › title');
    expect(describePlace(g, 'edges[0]', getTemplate)).toBe('the wire Prompt › text → Veo 3.1 › prompt');
    expect(describePlace(g, 'nodes[2].values.secret', getTemplate)).toBe('acme/unknown › secret');
  });

  it('says nothing for a path that names nothing, or is not a path', () => {
    for (const path of ['nodes[9].values.text', '', 'format', 'nodes[x]', 'groups[4]']) expect(describePlace(g, path, getTemplate), path).toBeUndefined();
  });

  it('reads back every path formatPath writes, odd keys included', () => {
    for (const segments of [['nodes', 3, 'values', 'my key', 0], ['name'], ['customEndpoints', 0, 'inputSchema', 'a"b']]) {
      expect(parsePath(formatPath(segments))).toEqual(segments);
    }
  });
});
