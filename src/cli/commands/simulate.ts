import type { CliIo, Command } from '../command.ts';
import { eachFlag, parsePort } from '../args.ts';
import { FAULT_NAMES, startSimulator, type FaultName, type FaultRule, type RunningSimulator } from '../../server/simulator/index.ts';

const HELP = `Usage: weft simulate [--port N] [--host H] [--timing fast|realistic] [--fault NAME[:TIMES] ...]

Runs a local imitation of the RunComfy and RunningHub APIs (jobs, result media, uploads, faults) so Weft
can be tried and tested without real keys or network. Any non-empty API key is accepted; the key
"invalid" is refused.

  --port N        port to listen on (default: $PORT, else 8787; 0 picks a free one)
  --host H        address to bind (default: 127.0.0.1)
  --timing T      fast (default: jobs finish in about 0.2 s) or realistic (seconds of queue, 20-60 s of work)
  --fault NAME    inject a fault into every call it fits; NAME:N for only the next N such calls.
                  Repeat the option or separate names with commas. Names:
                  ${FAULT_NAMES.join(', ')}

Point Weft at it with RUNCOMFY_BASE_URL and RUNNINGHUB_BASE_URL (printed at start). Calls are listed at
/__sim/calls; POST /__sim/faults, /__sim/config and /__sim/reset change it while it runs.`;

export interface SimulateArgs {
  port?: number;
  host?: string;
  timing?: 'fast' | 'realistic';
  faults: FaultRule[];
  help: boolean;
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

export function parseSimulateArgs(args: string[]): SimulateArgs {
  const out: SimulateArgs = { faults: [], help: false };
  eachFlag(args, (flag, value, arg) => {
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--port' || flag === '-p') out.port = parsePort(value());
    else if (flag === '--host') out.host = value();
    else if (flag === '--timing') {
      const t = value();
      if (t !== 'fast' && t !== 'realistic') throw new Error(`--timing must be fast or realistic, not "${t}"`);
      out.timing = t;
    } else if (flag === '--fault') {
      for (const part of value().split(',').map((s) => s.trim()).filter(Boolean)) out.faults.push(parseFault(part));
    } else throw new Error(`unknown option "${arg}"\n\n${HELP}`);
  });
  return out;
}

/** Resolves on Ctrl-C or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Starts the simulator, tells the user how to use it, and stops when `until` resolves (a signal, or a test). */
export async function runSimulate(args: string[], io: CliIo, until: (running: RunningSimulator) => Promise<void> = untilSignal): Promise<number> {
  const opts = parseSimulateArgs(args);
  if (opts.help) {
    io.out(HELP);
    return 0;
  }
  const port = opts.port ?? parsePort(process.env.PORT) ?? 8787;
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
  return 0;
}

/** `weft simulate`: the provider simulator on a loopback port, until Ctrl-C. */
export const simulateCommand: Command = {
  name: 'simulate',
  usage: 'simulate [--port N] [--timing T]',
  summary: 'Run a local RunComfy/RunningHub simulator',
  run: (args, io) => runSimulate(args, io),
};
