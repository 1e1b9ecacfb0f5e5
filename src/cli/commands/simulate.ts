import { Option } from 'commander';
import type { CliIo, WeftCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { optionParser, parsePort } from '../args.ts';
import { parseCommand } from '../program.ts';
import { untilSignal } from '../untilSignal.ts';
import { FAULT_NAMES, startSimulator, type FaultName, type FaultRule, type RunningSimulator } from '../../server/simulator/index.ts';

const MORE = `
Runs a local imitation of the RunComfy and RunningHub APIs (jobs, result media, uploads, faults) so Weft
can be tried and tested without real keys or network. Any non-empty API key is accepted; the key
"invalid" is refused.

Fault names: ${FAULT_NAMES.join(', ')}

Point Weft at it with RUNCOMFY_BASE_URL and RUNNINGHUB_BASE_URL (printed at start). Calls are listed at
/__sim/calls; POST /__sim/faults, /__sim/config and /__sim/reset change it while it runs.`;

export interface SimulateArgs {
  port?: number;
  host?: string;
  timing?: 'fast' | 'realistic';
  faults: FaultRule[];
}

/** `name` (every fitting call) or `name:N` (the next N). */
function parseFault(text: string): FaultRule {
  const [name = '', times] = text.split(':');
  if (!(FAULT_NAMES as readonly string[]).includes(name)) throw new Error(`unknown fault "${name}" (one of ${FAULT_NAMES.join(', ')})`);
  if (times === undefined) return { fault: name as FaultName, times: null };
  const n = Number(times);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid fault count "${times}" in "${text}"`);
  return { fault: name as FaultName, times: n };
}

/** `--fault a:2,b` repeated: every rule in order. */
function collectFaults(text: string, previous: FaultRule[] | undefined): FaultRule[] {
  const parse = optionParser((t: string) => t.split(',').map((s) => s.trim()).filter(Boolean).map(parseFault));
  return [...(previous ?? []), ...parse(text)];
}

/** Starts the simulator, tells the user how to use it, and stops when `until` resolves (a signal, or a test). */
async function serveSimulator(opts: SimulateArgs, io: CliIo, until: (running: RunningSimulator) => Promise<unknown>): Promise<number> {
  const port = opts.port ?? parsePort((io.env ?? process.env).PORT) ?? 8787;
  const host = opts.host ?? '127.0.0.1';
  const running = await startSimulator({ host, port, ...(opts.timing ? { timing: opts.timing } : {}), faults: opts.faults });
  io.out(`Provider simulator (RunComfy + RunningHub) at ${running.url}`);
  io.out('Point Weft at it:');
  io.out(`  RUNCOMFY_BASE_URL=${running.url} RUNNINGHUB_BASE_URL=${running.url}`);
  io.out('Any non-empty API key works (the key "invalid" is refused).');
  if (opts.faults.length > 0) io.out(`Faults: ${opts.faults.map((f) => (f.times === null ? f.fault : `${f.fault}:${f.times}`)).join(', ')}`);
  io.out(`Calls: ${running.url}/__sim/calls`);
  io.out('Press Ctrl-C to stop.');
  try {
    await until(running);
  } finally {
    await running.close();
  }
  return EXIT.ok;
}

function simulateArgs(options: Record<string, unknown>): SimulateArgs {
  const { port, host, timing, fault } = options as { port?: number; host?: string; timing?: 'fast' | 'realistic'; fault?: FaultRule[] };
  return { ...(port !== undefined ? { port } : {}), ...(host ? { host } : {}), ...(timing ? { timing } : {}), faults: fault ?? [] };
}

/** `weft simulate`: the provider simulator on a loopback port, until Ctrl-C. */
export const simulateCommand: WeftCommand = {
  name: 'simulate',
  summary: 'Run a local RunComfy/RunningHub simulator',
  define: (cmd) =>
    cmd
      .option('-p, --port <n>', 'port to listen on (default: $PORT, else 8787; 0 picks a free one)', optionParser(parsePort))
      .option('--host <host>', 'address to bind (default: 127.0.0.1)')
      .addOption(new Option('--timing <timing>', 'fast (jobs finish in about 0.2 s) or realistic (seconds of queue, 20-60 s of work)').choices(['fast', 'realistic']))
      .option('--fault <name[:times]>', 'inject a fault into every call it fits; NAME:N for only the next N such calls (repeatable, or comma-separated)', collectFaults)
      .addHelpText('after', MORE),
  run: (_args, options, io) => serveSimulator(simulateArgs(options), io, untilSignal),
};

/** `weft simulate` arguments as typed (throws commander's message for anything refused). */
export function parseSimulateArgs(args: readonly string[]): SimulateArgs {
  return simulateArgs(parseCommand(simulateCommand, args).options);
}

/** `weft simulate <args>` until `until` resolves (tests stop it themselves). */
export function runSimulate(args: readonly string[], io: CliIo, until: (running: RunningSimulator) => Promise<unknown> = untilSignal): Promise<number> {
  return serveSimulator(parseSimulateArgs(args), io, until);
}
