import type { Command } from '../command.ts';
import { parseRunArgs } from '../run/runArgs.ts';
import { runGraph, UsageError } from '../run/runGraph.ts';

const USAGE = 'Usage: weft run <graph.json> [--set node.field=value ...] [--batch rows.csv] [options]';

const HELP = `${USAGE}

Runs a saved graph without the editor, with the same executor: nodes start as soon as their inputs are
ready, results are downloaded at once, and weft/save nodes write files with provenance sidecars.

  --set <node>.<field>=<value>  override a value (repeatable); the node by id or title. Media nodes
                                (weft/image|video|audio, field url) take a local path or an https URL
  --out <dir>                   where save nodes write (default ./weft-out)
  --state <dir>                 journal, cache and downloaded results (default ./.weft); an unchanged
                                graph run again submits nothing
  --resume                      pick up the interrupted run of this graph with its values (also done
                                on its own when the journal holds its unfinished jobs)
  --simulator                   run every provider on the built-in simulator (spends nothing)
  --concurrency <provider>=<n>  jobs at once per provider (default 3), e.g. runcomfy=2
  --timeout <duration>          stop after this long (90s, 10m, 1h); running jobs stay in the journal
  --no-cache                    submit every job again (results are still recorded)
  --dry-run                     validate and plan; list what would be submitted and what is cached
  --batch <file>                one run per row of a CSV or JSON-lines file with <node>.<field> columns;
                                shared cache and limits, one folder per row (row-001/…); a re-run
                                retries only the rows that failed
  --json                        JSON-lines events on stdout (and a final summary line)

Keys come from RUNCOMFY_API_KEY and RUNNINGHUB_API_KEY (base URLs from RUNCOMFY_BASE_URL and
RUNNINGHUB_BASE_URL); a provider without a key runs on the built-in simulator, which says so.

Exit codes: 0 every node succeeded; 1 a node failed, was left unknown, or the run was interrupted;
2 the graph or the arguments are invalid. Ctrl-C cancels queued jobs, keeps running ones in the
journal and prints how to resume; a second Ctrl-C stops at once.`;

/** Resolves with a reason on the first Ctrl-C (or SIGTERM) or when the timeout passes; a second Ctrl-C exits. */
function stopSignals(timeoutMs: number | undefined, err: (text: string) => void): { stopped: Promise<string>; dispose(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let count = 0;
  let onSignal = () => {};
  const stopped = new Promise<string>((resolve) => {
    onSignal = () => {
      count++;
      if (count === 1) {
        err('Interrupted: cancelling queued jobs; jobs already running are left to finish at the provider. Press Ctrl-C again to stop at once.');
        resolve('Interrupted.');
      } else {
        err('Stopped. The journal holds every submitted job; run again with --resume.');
        process.exit(1);
      }
    };
    if (timeoutMs) timer = setTimeout(() => resolve(`Stopped after the --timeout of ${Math.round(timeoutMs / 1000)}s.`), timeoutMs);
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    dispose() {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** `weft run`: a saved graph headless — overrides, batches, resume, progress and a summary. */
export const runCommand: Command = {
  name: 'run',
  usage: 'run <graph.json> [options]',
  summary: 'Run a graph headless: overrides, batches, resume',
  async run(args, io) {
    let opts;
    try {
      opts = parseRunArgs(args);
    } catch (error) {
      io.err(`weft run: ${(error as Error).message}\n${USAGE}`);
      return 2;
    }
    if (opts.help) {
      io.out(HELP);
      return 0;
    }
    if (!opts.graph) {
      io.err(`${USAGE}\nRun \`weft run --help\` for the options.`);
      return 2;
    }
    const signals = stopSignals(opts.timeoutMs, io.err);
    try {
      return await runGraph(opts, io, signals);
    } catch (error) {
      io.err(`weft run: ${error instanceof Error ? error.message : String(error)}`);
      return error instanceof UsageError ? 2 : 1;
    } finally {
      signals.dispose();
    }
  },
};
