import type { Graph } from '../model/graph.ts';
import { findSecrets, type SecretFinding, type SecretScanOptions } from './findSecrets.ts';
import { saveGraph } from './saveGraph.ts';

export type ExportResult = { ok: true; text: string } | { ok: false; findings: SecretFinding[] };

/**
 * The text of a graph for leaving this machine (a shared file, a share link, an export): refused
 * with findings when anything in it looks like a key (RELIABILITY promise 9). Local saves use
 * `saveGraph` directly.
 */
export function exportGraph(graph: Graph, options: SecretScanOptions = {}): ExportResult {
  const findings = findSecrets(graph, options);
  return findings.length > 0 ? { ok: false, findings } : { ok: true, text: saveGraph(graph) };
}
