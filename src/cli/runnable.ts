import { withEmbeddedTemplates } from '../core/document/customEndpoints.ts';
import type { PlanProblem } from '../core/executor/types.ts';
import type { GetTemplate, Graph, GraphNode } from '../core/model/graph.ts';
import { planRun } from '../core/executor/plan.ts';
import { inputsOf } from '../core/templates/inputsOf.ts';
import { checkLocalFile, LocalFileError, localPathOf, type LocalFileAccess } from '../node/localFile.ts';

/**
 * Why a loaded graph cannot run, in the words `weft run` refuses it with and `weft validate` reports: node
 * types this Weft lacks, plan problems (missing inputs, values the endpoint refuses, bad wires), and local
 * files that are missing, not media, or outside the graph's folder. One code path for both commands, so
 * `validate` says "cannot run" exactly when `run` would refuse.
 */

export interface RunProblem {
  /** `not-installed` (a node type this Weft lacks), `plan` (inputs, values, wires), `local-file`. */
  code: 'not-installed' | 'plan' | 'local-file';
  nodeId?: string;
  field?: string;
  message: string;
}

/** Templates for a graph: installed ones, then the custom endpoints the file carries (broken ones were reported by loading). */
export function templatesForGraph(graph: Graph, installed: GetTemplate): GetTemplate {
  return withEmbeddedTemplates(installed, graph.customEndpoints ?? [], () => {});
}

/** A node as people find it in a message: its id, and its title when it has one. */
export function nodeName(node: GraphNode | undefined, fallback: string): string {
  if (!node) return fallback;
  return node.title ? `${node.id} ("${node.title}")` : node.id;
}

/** Nodes whose type this Weft does not have: they would silently drop out of a run, so the graph cannot run as saved. */
/** Nodes whose type this Weft lacks (bypassed nodes never run, so they do not count). */
export function missingNodeTypes(graph: Graph, getTemplate: GetTemplate): RunProblem[] {
  return graph.nodes.filter((n) => !n.bypass && !getTemplate(n.type)).map((n) => ({ code: 'not-installed' as const, nodeId: n.id, message: `its type ${n.type} is not installed in this Weft (and the file carries no definition of it)` }));
}

/** A problem in one line: `node ("title").field: message`, with `where` (a batch row) before it. */
export function describeProblem(graph: Graph, problem: RunProblem | PlanProblem, where = ''): string {
  const node = problem.nodeId === undefined ? undefined : graph.nodes.find((n) => n.id === problem.nodeId);
  const name = problem.nodeId === undefined ? '' : nodeName(node, problem.nodeId);
  const place = `${name}${problem.field ? `.${problem.field}` : ''}`;
  return `${where}${place ? `${place}: ` : ''}${problem.message}`;
}

/** A local file a node's field names (a path or `file:` URL, not a web or data URL). */
export interface LocalRef {
  nodeId: string;
  field: string;
  ref: string;
}

const REMOTE = /^(https?:|data:)/i;

/** Every local file reference in the graph's media fields that a run would read (wired fields read their wires instead). */
export function localFileRefs(graph: Graph, getTemplate: GetTemplate): LocalRef[] {
  const wired = new Set(graph.edges.map((e) => `${e.to.node}\u0000${e.to.port}`));
  const refs: LocalRef[] = [];
  for (const node of graph.nodes) {
    const template = getTemplate(node.type);
    if (!template) continue;
    for (const field of inputsOf(template, node.values)) {
      if (field.kind !== 'image' && field.kind !== 'video' && field.kind !== 'audio') continue;
      if (wired.has(`${node.id}\u0000${field.name}`)) continue;
      const value: unknown = node.values[field.name];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'string' && item.trim() && !REMOTE.test(item.trim())) refs.push({ nodeId: node.id, field: field.name, ref: item });
      }
    }
  }
  return refs;
}

/**
 * The graph's own local files checked against `access` (its folder and `--allow-files`); `fromUser` refs
 * (values given with --set or a batch file) are checked to exist but may lie anywhere. Returns a problem
 * per refused file, naming node, field and path.
 */
export async function checkLocalFiles(refs: readonly LocalRef[], cwd: string, access: LocalFileAccess): Promise<RunProblem[]> {
  const problems: RunProblem[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    const key = `${r.nodeId}\u0000${r.field}\u0000${r.ref}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      await checkLocalFile(r.ref, cwd, access);
    } catch (error) {
      problems.push({ code: 'local-file', nodeId: r.nodeId, field: r.field, message: error instanceof LocalFileError ? error.message : String(error) });
    }
  }
  return problems;
}

/**
 * The local files in `runs` that came from the user (a --set value or a batch cell: not the value the
 * graph file holds in that field), as absolute paths: the run may read them wherever they are.
 */
export function userGivenFiles(base: Graph, runs: readonly Graph[], getTemplate: GetTemplate, cwd: string): Set<string> {
  const own = new Set(localFileRefs(base, getTemplate).map((r) => `${r.nodeId}\u0000${r.field}\u0000${r.ref}`));
  const given = new Set<string>();
  for (const graph of runs) {
    for (const r of localFileRefs(graph, getTemplate)) if (!own.has(`${r.nodeId}\u0000${r.field}\u0000${r.ref}`)) given.add(localPathOf(r.ref, cwd));
  }
  return given;
}

/**
 * Everything that stops the graph, as saved, from running: node types this Weft lacks, the executor's
 * plan problems (every provider counts as available: without a key it runs on the simulator), and local
 * files refused by `access`. What `weft validate` reports; `weft run` refuses with the same functions.
 */
export async function runProblems(graph: Graph, getTemplate: GetTemplate, cwd: string, access: LocalFileAccess): Promise<RunProblem[]> {
  const missing = missingNodeTypes(graph, getTemplate);
  const lacking = new Set(missing.map((p) => p.nodeId));
  const plan = planRun(graph, getTemplate, {}, () => true).problems.filter((p) => !lacking.has(p.nodeId)).map((p): RunProblem => ({ code: 'plan', ...p }));
  const files = await checkLocalFiles(localFileRefs(graph, getTemplate), cwd, access);
  return [...missing, ...plan, ...files];
}
