import type { ExecutorEvent, NodeRunState } from '../../core/executor/types.ts';
import type { Terminal } from '../command.ts';
import { terminalText } from '../terminalText.ts';
import { fitColumns, formatSeconds, plural } from './format.ts';

/**
 * The live progress block on a terminal: a counter line, then the jobs in flight (at most as many lines
 * as fit, the rest counted), redrawn in place at most ten times a second. It never grows past the
 * terminal's height and no line wraps, so a 200-row batch leaves nothing in the scrollback but its
 * notices; finished work shows in the counter, and the summary after the run lists it.
 */

/** States of a node that is doing something worth a line, busiest first. */
const ACTIVE_ORDER: readonly NodeRunState[] = ['running', 'downloading', 'submitted', 'submitting', 'uploading', 'cancelling', 'queued'];
const FINAL: ReadonlySet<NodeRunState> = new Set(['done', 'cached', 'failed', 'unknown', 'lost', 'unreachable', 'timeout', 'cancelled', 'skipped']);
/** Lines of jobs in flight at most, whatever the terminal's height. */
const MAX_ACTIVE_LINES = 12;

interface Active {
  state: NodeRunState;
  line: string;
  since: number;
}

export class LiveBlock {
  private total = 1;
  private batch = false;
  private readonly active = new Map<string, Active>();
  private nodesPlanned = 0;
  private readonly finished = new Set<string>();
  private runsFinished = 0;
  private runsFailed = 0;
  private submitted = 0;
  private followed = 0;
  private cached = 0;
  private failedNodes = 0;
  private readonly startedAt = Date.now();
  private drawn = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly ticker: ReturnType<typeof setInterval>;
  private stopped = false;
  /** Nothing is drawn before the runs are known (a refusal before that prints alone). */
  private begun = false;

  constructor(private readonly terminal: Terminal) {
    this.ticker = setInterval(() => this.schedule(), 1000);
    this.ticker.unref?.();
  }

  /** How many runs there are (batch rows), once known. */
  begin(total: number, batch: boolean): void {
    this.total = Math.max(1, total);
    this.batch = batch;
    this.begun = true;
    this.schedule();
  }

  /** Takes one event; `line` is how the node reads now (already worded by the reporter). */
  event(event: ExecutorEvent, key: string, line: string | undefined): void {
    switch (event.type) {
      case 'runStarted':
        this.nodesPlanned += event.nodes.length;
        break;
      case 'runFinished':
        this.runsFinished++;
        if (Object.values(event.summary.states).some((s) => s !== 'done' && s !== 'cached')) this.runsFailed++;
        break;
      case 'nodeSubmitted':
        if (event.resumed) this.followed++;
        else this.submitted++;
        break;
      case 'nodeCached':
        this.cached++;
        break;
      case 'nodeFailed':
        if (event.state !== 'skipped' && !event.error.code?.startsWith('dry-run')) this.failedNodes++;
        break;
      case 'nodeState':
        if (FINAL.has(event.state)) {
          this.active.delete(key);
          this.finished.add(key);
        } else if (ACTIVE_ORDER.includes(event.state)) {
          const was = this.active.get(key);
          this.active.set(key, { state: event.state, line: line ?? was?.line ?? '', since: was?.since ?? Date.now() });
        }
        break;
      default:
        break;
    }
    const current = this.active.get(key);
    if (current && line && event.type !== 'nodeState') current.line = line;
    // A finished run or a failure shows at once; everything else at most ten times a second.
    if (event.type === 'runFinished' || event.type === 'nodeFailed') this.draw();
    else this.schedule();
  }

  /** Prints lines above the block (they stay in the scrollback); the block is drawn again below them. */
  above(text: string): void {
    if (this.stopped || this.drawn === 0) {
      this.terminal.write(`${terminalText(text)}\n`);
      this.schedule();
      return;
    }
    this.terminal.write(`${this.erase()}${terminalText(text)}\n`);
    this.draw();
  }

  /** Removes the block for good; what follows (the summary) starts where it was. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.ticker);
    if (this.timer) clearTimeout(this.timer);
    if (this.drawn > 0) this.terminal.write(this.erase());
  }

  private schedule(): void {
    if (this.stopped || !this.begun || this.timer) return;
    this.timer = setTimeout(() => this.draw(), 100);
    this.timer.unref?.();
  }

  /** Cursor back to the block's first line, everything from there down cleared. */
  private erase(): string {
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.drawn = 0;
    return `${up}\r\x1b[0J`;
  }

  private colour(code: string, text: string): string {
    return this.terminal.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private header(): string {
    const time = formatSeconds(Date.now() - this.startedAt);
    const jobs = `${this.submitted} submitted${this.followed ? `, ${this.followed} followed` : ''}, ${this.cached} cached`;
    const failed = this.batch ? this.runsFailed : this.failedNodes;
    const finished = this.batch ? `${this.runsFinished}/${plural(this.total, 'row')} finished` : `${this.finished.size}/${plural(this.nodesPlanned, 'node')} finished`;
    return [finished, failed ? `${failed} failed` : '', `${this.active.size} in flight`, time, jobs].filter(Boolean).join(' · ');
  }

  private lines(): string[] {
    const rows = Math.max(2, this.terminal.rows);
    const columns = Math.max(10, this.terminal.columns);
    // Header + job lines + "… more" must leave the bottom line free, so the block never scrolls itself.
    const room = Math.min(MAX_ACTIVE_LINES, rows - 2);
    const busy = [...this.active.values()].sort((a, b) => ACTIVE_ORDER.indexOf(a.state) - ACTIVE_ORDER.indexOf(b.state) || a.since - b.since);
    const shown = busy.length > room ? busy.slice(0, Math.max(0, room - 1)) : busy;
    const out = [fitColumns(terminalText(this.header()), columns - 1), ...shown.map((a) => fitColumns(`  ${terminalText(a.line)}`, columns - 1))];
    if (shown.length < busy.length && room > 0) out.push(`  … and ${busy.length - shown.length} more in flight`);
    return out.slice(0, rows - 1);
  }

  private draw(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || !this.begun) return;
    const lines = this.lines();
    lines[0] = lines[0]!.replace(/\d+ failed/, (failed) => this.colour('31', failed));
    this.terminal.write(`${this.erase()}${lines.map((l) => `${l}\n`).join('')}`);
    this.drawn = lines.length;
  }
}
