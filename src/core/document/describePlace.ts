import { nodeLabel } from '../graph/canConnect.ts';
import type { GetTemplate, Graph } from '../model/graph.ts';
import type { PathSegment } from './paths.ts';

/** Reads back a path `formatPath` wrote (`nodes[0].values["my key"]`) into its segments; undefined if it is not one. */
export function parsePath(path: string): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  const token = /\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  while (token.lastIndex < path.length) {
    const m = token.exec(path);
    if (!m) return undefined;
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(JSON.parse(m[3]!) as string);
  }
  return segments;
}

/**
 * Where a path into a graph file is, in the words of the editor: `nodes[0].values.text` →
 * `Prompt › Text` (the node's title and the field's title), `groups[1].title` → `frame “Refs” › title`,
 * `name` → `the graph's name`. Undefined when the path names nothing in `graph` (then show the path).
 */
export function describePlace(graph: Graph, path: string, getTemplate: GetTemplate): string | undefined {
  const [list, index, key, field, ...rest] = parsePath(path) ?? [];
  if (list === 'name' && index === undefined) return "the graph's name";
  if (typeof index !== 'number') return undefined;
  const deeper = rest.length ? ` (${rest.map(String).join(' › ')})` : '';
  if (list === 'nodes') {
    const node = graph.nodes[index];
    if (!node) return undefined;
    const template = getTemplate(node.type);
    const label = nodeLabel(node, template);
    if (key === 'title') return `${label} › its title`;
    if (key === 'values' && typeof field === 'string') {
      const title = template?.inputs.find((f) => f.name === field)?.title ?? field;
      return `${label} › ${title}${deeper}`;
    }
    return key === undefined ? label : `${label} › ${String(key)}`;
  }
  if (list === 'groups') {
    const group = graph.groups?.[index];
    return group ? `frame “${group.title}”${key === undefined ? '' : ` › ${String(key)}`}` : undefined;
  }
  if (list === 'edges') {
    const edge = graph.edges[index];
    if (!edge) return undefined;
    const name = (id: string) => {
      const node = graph.nodes.find((n) => n.id === id);
      return node ? nodeLabel(node, getTemplate(node.type)) : id;
    };
    return `the wire ${name(edge.from.node)} › ${edge.from.port} → ${name(edge.to.node)} › ${edge.to.port}`;
  }
  if (list === 'customEndpoints') {
    const def = graph.customEndpoints?.[index];
    return def ? `custom node “${def.title}”${key === undefined ? '' : ` › ${String(key)}`}` : undefined;
  }
  return undefined;
}
