import type { FieldValue, GetTemplate, Graph, GraphNode } from '../model/graph.ts';
import type { NodeTemplate } from '../model/template.ts';
import { inputsOf, knownInputNames } from '../templates/inputsOf.ts';

/** One node's values migrated by field name to its current template, stamped with the template's hash. */
function acceptNode(node: GraphNode, template: NodeTemplate): GraphNode {
  const fields = new Map(inputsOf(template, node.values).map((field) => [field.name, field]));
  const known = knownInputNames(template, node.values);
  const values: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(node.values)) {
    const field = fields.get(name);
    if (!field) {
      if (known.has(name)) values[name] = value; // a field of a variant not chosen: kept for a switch back
      continue;
    }
    if (field.kind === 'enum' && field.options && !field.options.some((option) => option.value === value)) continue;
    values[name] = value;
  }
  return { ...node, schemaHash: template.schemaHash, values };
}

/**
 * The user's "accept changes" after schema drift: for the given nodes (default: every installed node
 * whose `schemaHash` is absent or differs from its template's), drops values of fields the template no
 * longer has and enum values it no longer allows (so defaults apply), and stamps the current hash.
 * Placeholders and up-to-date nodes are returned as they are (same objects).
 */
export function acceptSchemaChanges(graph: Graph, getTemplate: GetTemplate, nodeIds?: readonly string[]): Graph {
  const only = nodeIds ? new Set(nodeIds) : undefined;
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const template = getTemplate(node.type);
    if (!template || (only ? !only.has(node.id) : node.schemaHash === template.schemaHash)) return node;
    changed = true;
    return acceptNode(node, template);
  });
  return changed ? { ...graph, nodes } : graph;
}
