import type { ExecutorEvent } from '../../core/executor/types.ts';
import type { JobCost } from '../../core/providers/types.ts';

/**
 * Progress while `weft run` works: on a terminal, a live block with one line per node (or per row in a
 * batch), redrawn in place; elsewhere (CI, pipes) one line per step; with `--json`, every executor event
 * as a JSON line on stdout (with its batch row), plus `notice` and `summary` lines.
 */

export interface Sink {
  write(text: string): void;
  isTTY?: boolean;
}

export interface Reporter {
  /** `row` is the batch row number (undefined for a single run). */
  event(event: ExecutorEvent, row?: number): void;
  notice(message: string): void;
  /** Stops redrawing; the block stays as last drawn. */
  stop(): void;
}

export function formatSeconds(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export function formatCost(cost: JobCost | undefined): string {
  if (!cost) return '-';
  const money = cost.currency === 'USD' ? `$${cost.amount.toFixed(2)}` : `${cost.amount}${cost.currency ? ` ${cost.currency}` : ''}`;
  return cost.coins !== undefined ? `${money} (${cost.coins} coins)` : money;
}

/** One short line for an event, or undefined when it says nothing a person needs. */
function describe(event: ExecutorEvent, label: (id: string) => string, shown: (file: string) => string): string | undefined {
  switch (event.type) {
    case 'nodeSubmitted':
      return `${label(event.nodeId)}: ${event.resumed ? 'resumed' : 'submitted'} job ${event.jobId} (${event.provider})`;
    case 'nodeProgress':
      if (event.jobState !== 'queued' && event.jobState !== 'running') return undefined;
      return `${label(event.nodeId)}: ${event.jobState}${event.queuePosition !== undefined ? ` (queue position ${event.queuePosition})` : ''}${event.progress !== undefined ? ` ${Math.round(event.progress * 100)}%` : ''}`;
    case 'nodeCached':
      return `${label(event.nodeId)}: cached (nothing submitted)`;
    case 'nodeDone':
      return event.jobId ? `${label(event.nodeId)}: done in ${formatSeconds(event.elapsedMs)}${event.cost ? `, ${formatCost(event.cost)}` : ''}` : undefined;
    case 'nodeFailed':
      return event.error.code?.startsWith('dry-run') || event.state === 'skipped' ? undefined : `${label(event.nodeId)}: ${event.state}: ${event.error.message}`;
    case 'nodeSaved':
      return event.files.filter((f) => !f.endsWith('.weft.json')).map((f) => `${label(event.nodeId)}: saved ${shown(f)}`).join('\n') || undefined;
    case 'warning':
      return `${event.nodeId ? `${label(event.nodeId)}: ` : ''}warning: ${event.message}`;
    default:
      return undefined;
  }
}

/** A reporter writing to `err` (progress) and `out` (JSON lines). `label` names a node for people. */
export function createReporter(mode: 'json' | 'tty' | 'plain', out: Sink, err: Sink, label: (id: string) => string, shown: (file: string) => string = (f) => f): Reporter {
  if (mode === 'json') {
    return {
      event: (event, row) => out.write(`${JSON.stringify(row === undefined ? event : { ...event, row })}\n`),
      notice: (message) => out.write(`${JSON.stringify({ type: 'notice', message })}\n`),
      stop: () => {},
    };
  }
  const prefix = (row?: number) => (row === undefined ? '' : `row ${row} · `);
  if (mode === 'plain') {
    return {
      event: (event, row) => {
        const line = describe(event, label, shown);
        if (line) err.write(`${line.split('\n').map((l) => `${prefix(row)}${l}`).join('\n')}\n`);
      },
      notice: (message) => err.write(`${message}\n`),
      stop: () => {},
    };
  }
  // Terminal: a block of live lines redrawn in place (at most 10 times a second).
  const lines = new Map<string, string>();
  let drawn = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    timer = undefined;
    const text = [...lines.values()].map((l) => (l.length > 118 ? `${l.slice(0, 117)}…` : l));
    err.write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}${text.map((l) => `\x1b[2K${l}\n`).join('')}`);
    drawn = text.length;
  };
  const schedule = () => {
    timer ??= setTimeout(draw, 100);
  };
  return {
    event: (event, row) => {
      if (!('nodeId' in event) || !event.nodeId) {
        if (event.type === 'warning') noticeAbove(event.message);
        return;
      }
      const key = `${prefix(row)}${event.nodeId}`;
      const line = describe(event, label, shown) ?? (event.type === 'nodeState' ? `${label(event.nodeId)}: ${event.state}` : undefined);
      if (line) lines.set(key, `${prefix(row)}${line.split('\n').at(-1)}`);
      schedule();
    },
    notice: noticeAbove,
    stop: () => {
      if (timer) clearTimeout(timer);
      if (lines.size > 0) draw();
    },
  };
  function noticeAbove(message: string) {
    // Printed above the live block: clear it, print, redraw below.
    err.write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : ''}${message}\n`);
    drawn = 0;
    if (lines.size > 0) schedule();
  }
}
