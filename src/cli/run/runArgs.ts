import type { Command as Commander } from 'commander';
import { optionParser, repeatable } from '../args.ts';
import { parseCommand } from '../program.ts';
import { UsageError } from '../usageError.ts';

/** The options of `weft run`, as typed. */
export interface RunArgs {
  graph?: string;
  /** `--set <node>.<field>=<value>`, in order (later ones win). */
  sets: string[];
  out: string;
  state: string;
  simulator: boolean;
  concurrency: Record<string, number>;
  /** Deadline for the whole command, ms. */
  timeoutMs?: number;
  noCache: boolean;
  dryRun: boolean;
  batch?: string;
  json: boolean;
  resume: boolean;
  /** `--allow-files <dir>`: folders outside the graph's own that its local file paths may name. */
  allowFiles: string[];
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `10m`, `1h30m`, `1500ms`; a bare number is seconds. Throws a message naming the text. */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new Error(`--timeout takes a duration like 90s, 10m or 1h30m, not "${text}"`);
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
  if (ms <= 0) throw new Error(`--timeout must be longer than zero, not "${text}"`);
  return Math.round(ms);
}

/** `runcomfy=2` → ['runcomfy', 2]. */
function parseConcurrency(text: string): [string, number] {
  const m = /^([a-z0-9-]+)=(\d+)$/i.exec(text.trim());
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--concurrency takes <provider>=<1-100>, e.g. runcomfy=2, not "${text}"`);
  return [m[1]!.toLowerCase(), n];
}

/** Declares `weft run`'s argument and options. */
export function defineRunOptions(cmd: Commander): Commander {
  return cmd
    .argument('<graph>', 'the graph file (*.weft.json)')
    .option('--set <node.field=value>', 'override a value (repeatable); the node by id or title. Media nodes (weft/image|video|audio, field url) take a local path or an https URL', repeatable())
    .option('--batch <file>', 'one run per row of a CSV or JSON-lines file with <node>.<field> columns; one folder per row (row-001/…); a re-run retries only the rows that failed')
    .option('--out <dir>', 'where save nodes write', 'weft-out')
    .option('--state <dir>', 'journal, cache and downloaded results; an unchanged graph run again submits nothing', '.weft')
    .option('--resume', 'pick up the interrupted run of this graph with its values (also done on its own when the journal holds its unfinished jobs)')
    .option('--simulator', 'run every provider on the built-in simulator (spends nothing)')
    .option('--concurrency <provider=n>', 'jobs at once per provider (default 3), e.g. runcomfy=2 (repeatable)', repeatable(parseConcurrency))
    .option('--timeout <duration>', 'stop after this long (90s, 10m, 1h); running jobs stay in the journal', optionParser(parseDuration))
    .option('--allow-files <dir>', "let the graph's local file paths reach into this folder too (repeatable); by default they must stay inside the graph's folder", repeatable())
    .option('--no-cache', 'submit every job again (results are still recorded)')
    .option('--dry-run', 'validate and plan; list what would be submitted and what is cached')
    .option('--json', 'JSON-lines events on stdout, and a final summary line');
}

/** What commander parsed, as RunArgs; throws a UsageError for combinations that make no sense. */
export function runArgsFrom(graph: unknown, options: Record<string, unknown>): RunArgs {
  const o = options as { set?: string[]; batch?: string; out: string; state: string; resume?: boolean; simulator?: boolean; concurrency?: [string, number][]; timeout?: number; allowFiles?: string[]; cache: boolean; dryRun?: boolean; json?: boolean };
  const args: RunArgs = {
    ...(typeof graph === 'string' ? { graph } : {}),
    sets: o.set ?? [],
    out: o.out,
    state: o.state,
    simulator: o.simulator === true,
    concurrency: Object.fromEntries(o.concurrency ?? []),
    ...(o.timeout !== undefined ? { timeoutMs: o.timeout } : {}),
    noCache: !o.cache,
    dryRun: o.dryRun === true,
    ...(o.batch !== undefined ? { batch: o.batch } : {}),
    json: o.json === true,
    resume: o.resume === true,
    allowFiles: o.allowFiles ?? [],
  };
  if (args.resume && args.noCache) throw new UsageError('--resume follows the recorded jobs and cached results; it cannot be combined with --no-cache');
  return args;
}

/** Parses `weft run` arguments (for tests and scripts); throws a message for anything refused. */
export function parseRunArgs(argv: readonly string[]): RunArgs {
  const { args, options } = parseCommand({ name: 'run', summary: '', define: defineRunOptions, run: async () => 0 }, argv);
  return runArgsFrom(args[0], options);
}
