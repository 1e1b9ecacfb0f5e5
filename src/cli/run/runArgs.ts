import { eachFlag } from '../args.ts';

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
  help: boolean;
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

/** Parses `weft run` arguments; throws a message for anything it does not understand. */
export function parseRunArgs(args: string[]): RunArgs {
  const out: RunArgs = { sets: [], out: 'weft-out', state: '.weft', simulator: false, concurrency: {}, noCache: false, dryRun: false, json: false, resume: false, help: false };
  eachFlag(args, (flag, value, arg) => {
    switch (flag) {
      case '--help':
      case '-h':
        out.help = true;
        return;
      case '--set':
        out.sets.push(value());
        return;
      case '--out':
        out.out = value();
        return;
      case '--state':
        out.state = value();
        return;
      case '--simulator':
        out.simulator = true;
        return;
      case '--concurrency': {
        const [provider, n] = parseConcurrency(value());
        out.concurrency[provider] = n;
        return;
      }
      case '--timeout':
        out.timeoutMs = parseDuration(value());
        return;
      case '--no-cache':
        out.noCache = true;
        return;
      case '--dry-run':
        out.dryRun = true;
        return;
      case '--batch':
        out.batch = value();
        return;
      case '--json':
        out.json = true;
        return;
      case '--resume':
        out.resume = true;
        return;
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option "${arg}"`);
        if (out.graph !== undefined) throw new Error(`one graph file at a time ("${out.graph}", then "${arg}")`);
        out.graph = arg;
    }
  });
  if (out.resume && out.noCache) throw new Error('--resume follows the recorded jobs and cached results; it cannot be combined with --no-cache');
  return out;
}
