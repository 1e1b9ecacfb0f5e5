import type { Graph } from '../../store/documentTypes.ts';
import { getIncomingPorts, getNode } from '../../store/lookups.ts';
import { peekTemplate } from '../catalog.ts';

const SEP_PORT = '\u0001';
const SEP_ENTRY = '\u0002';

/**
 * A node's wired inputs as one string ("port → where from"), so a node can subscribe to it and
 * re-render only when its own wiring (or a source's title) changes.
 */
export function wiredKey(doc: Graph, nodeId: string): string {
  const ports = getIncomingPorts(doc.edges, nodeId);
  if (ports.size === 0) return '';
  const parts: string[] = [];
  for (const [port, edges] of ports) {
    const labels = edges.map((e) => {
      const source = getNode(doc.nodes, e.from.node);
      const title = source ? (source.title ?? peekTemplate(source.type)?.title ?? source.type) : '?';
      return `${title} › ${e.from.port}`;
    });
    parts.push(`${port}${SEP_PORT}${labels.join(', ')}`);
  }
  return parts.join(SEP_ENTRY);
}

/** Parses `wiredKey` back into port → label. */
export function parseWiredKey(key: string): Map<string, string> {
  const map = new Map<string, string>();
  if (key === '') return map;
  for (const part of key.split(SEP_ENTRY)) {
    const i = part.indexOf(SEP_PORT);
    map.set(part.slice(0, i), part.slice(i + 1));
  }
  return map;
}
