import type { ExecutorEvent, NodeError, NodeRunState } from '../../core/executor/types.ts';
import type { JobCost } from '../../core/providers/types.ts';
import { formatCost, formatSeconds } from './format.ts';

/** What the end-of-run table shows per node, gathered from the executor's events. */
export interface NodeLine {
  nodeId: string;
  state: NodeRunState;
  elapsedMs?: number;
  cost?: JobCost;
  files: string[];
  error?: NodeError;
  jobId?: string;
  /** Submitted by this run (paid now), or followed: a job an earlier run submitted. */
  submitted?: 'new' | 'followed';
}

/** Collects per-node facts from events; `lines(order)` gives them in plan order. */
export class NodeLog {
  private readonly nodes = new Map<string, NodeLine>();

  private line(nodeId: string): NodeLine {
    let line = this.nodes.get(nodeId);
    if (!line) this.nodes.set(nodeId, (line = { nodeId, state: 'waiting', files: [] }));
    return line;
  }

  add(event: ExecutorEvent): void {
    if (event.type === 'nodeState') this.line(event.nodeId).state = event.state;
    else if (event.type === 'nodeDone') Object.assign(this.line(event.nodeId), { elapsedMs: event.elapsedMs, ...(event.cost ? { cost: event.cost } : {}), ...(event.jobId ? { jobId: event.jobId } : {}) });
    else if (event.type === 'nodeFailed') Object.assign(this.line(event.nodeId), { state: event.state, elapsedMs: event.elapsedMs, error: event.error, ...(event.jobId ? { jobId: event.jobId } : {}) });
    else if (event.type === 'nodeSaved') this.line(event.nodeId).files.push(...event.files.filter((f) => !f.endsWith('.weft.json')));
    else if (event.type === 'nodeSubmitted') Object.assign(this.line(event.nodeId), { jobId: event.jobId, submitted: event.resumed ? 'followed' : 'new' });
  }

  lines(order: readonly string[]): NodeLine[] {
    return order.map((id) => this.line(id));
  }

  get(nodeId: string): NodeLine | undefined {
    return this.nodes.get(nodeId);
  }
}

/** Columns padded to their widest cell, two spaces apart. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length))));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), ...rows.map(fmt)].join('\n');
}

/** The end-of-run table (node, state, time, cost, output files), then each failure's reason. */
export function summaryTable(lines: readonly NodeLine[], label: (id: string) => string, shownPath: (file: string) => string): string {
  const rows = lines.map((l) => [label(l.nodeId), l.state, l.state === 'cached' ? '-' : formatSeconds(l.elapsedMs), formatCost(l.cost), l.files.map(shownPath).join(', ') || '-']);
  const reasons = lines.filter((l) => l.error && l.state !== 'skipped').map((l) => `${label(l.nodeId)}: ${l.state}: ${l.error!.message}`);
  return [formatTable(['node', 'state', 'time', 'cost', 'output files'], rows), ...(reasons.length ? ['', ...reasons] : [])].join('\n');
}

/** A dry run's table: what each node would do. */
export function dryRunTable(lines: readonly NodeLine[], label: (id: string) => string, roleOf: (id: string) => string): string {
  const rows = lines.map((l) => {
    const code = l.error?.code ?? '';
    const what =
      l.state === 'cached' ? 'cached: nothing to submit'
      : code === 'dry-run:submit' ? l.error!.message.replace(/^Dry run: /, '').replace(/\.$/, '')
      : code === 'dry-run:resume' ? `would follow job ${l.jobId ?? ''} (no new submit)`.replace('  ', ' ')
      : code === 'dry-run:unknown' ? 'unknown: an earlier submit lost its answer (not resubmitted)'
      : code === 'dry-run:save' ? l.error!.message.replace(/^Dry run: /, '').replace(/\.$/, '')
      : l.state === 'skipped' ? (roleOf(l.nodeId) === 'job' ? 'would run after its inputs (cache checked then)' : 'after its inputs')
      : l.state === 'done' ? 'ready'
      : `${l.state}${l.error ? `: ${l.error.message}` : ''}`;
    return [label(l.nodeId), roleOf(l.nodeId), what];
  });
  return formatTable(['node', 'kind', 'dry run'], rows);
}
