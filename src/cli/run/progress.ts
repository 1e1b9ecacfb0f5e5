import type { ExecutorEvent } from '../../core/executor/types.ts';
import type { CliIo } from '../command.ts';
import { jsonText } from '../terminalText.ts';
import { formatCost, formatSeconds } from './format.ts';
import { LiveBlock } from './liveBlock.ts';

/**
 * Progress while `weft run` works: on a terminal, a live block that fits the screen (see LiveBlock);
 * elsewhere (CI, pipes, `TERM=dumb`) one line per step; with `--json`, every executor event as a JSON line
 * on stdout (with its batch row), plus `notice` lines. A notice said once is not said again.
 */

export interface Reporter {
  /** How many runs there will be (batch rows, or 1), once known. */
  begin(total: number, batch: boolean): void;
  /** `row` is the batch row number (undefined for a single run). */
  event(event: ExecutorEvent, row?: number): void;
  notice(message: string): void;
  /** Stops redrawing and removes the live block; the summary follows. */
  stop(): void;
}

export { formatCost, formatSeconds };

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

export interface ReporterOptions {
  json: boolean;
  io: CliIo;
  /** A node's name for people. */
  label: (id: string) => string;
  /** A file path as shown (relative to the working folder when inside it). */
  shown?: (file: string) => string;
}

const prefix = (row?: number) => (row === undefined ? '' : `row ${row} · `);

/** The reporter for this invocation: JSON lines, a live block on a terminal, or plain lines. */
export function createReporter({ json, io, label, shown = (f) => f }: ReporterOptions): Reporter {
  const said = new Set<string>();
  const once = (message: string, say: (m: string) => void) => {
    if (said.has(message)) return;
    said.add(message);
    say(message);
  };
  if (json) {
    return {
      begin: () => {},
      event: (event, row) => io.out(jsonText(row === undefined ? event : { ...event, row })),
      notice: (message) => once(message, (m) => io.out(jsonText({ type: 'notice', message: m }))),
      stop: () => {},
    };
  }
  if (!io.terminal) {
    return {
      begin: () => {},
      event: (event, row) => {
        const line = describe(event, label, shown);
        if (line) io.err(line.split('\n').map((l) => `${prefix(row)}${l}`).join('\n'));
      },
      notice: (message) => once(message, io.err),
      stop: () => {},
    };
  }
  const block = new LiveBlock(io.terminal);
  return {
    begin: (total, batch) => block.begin(total, batch),
    event: (event, row) => {
      if (event.type === 'warning' && !event.nodeId) return once(event.message, (m) => block.above(m));
      const nodeId = 'nodeId' in event ? event.nodeId : undefined;
      const line = describe(event, label, shown)?.split('\n').at(-1) ?? (event.type === 'nodeState' && nodeId ? `${label(nodeId)}: ${event.state}` : undefined);
      if (event.type === 'warning' && line) return once(`${prefix(row)}${line}`, (m) => block.above(m));
      block.event(event, `${row ?? ''}:${nodeId ?? ''}`, line === undefined ? undefined : `${prefix(row)}${line}`);
    },
    notice: (message) => once(message, (m) => block.above(m)),
    stop: () => block.stop(),
  };
}
