import type { WeftCommand } from '../command.ts';
import { EXIT, exitCodeHelp, type ExitCode } from '../exitCodes.ts';
import { defineRunOptions, runArgsFrom } from '../run/runArgs.ts';
import { runGraph } from '../run/runGraph.ts';

const MORE = `
Runs a saved graph without the editor, with the same executor: nodes start as soon as their inputs are
ready, results are downloaded at once, and weft/save nodes write files with provenance sidecars.

Keys come from RUNCOMFY_API_KEY and RUNNINGHUB_API_KEY (base URLs from RUNCOMFY_BASE_URL and
RUNNINGHUB_BASE_URL); a provider without a key runs on the built-in simulator, which says so.

Local files a graph names resolve inside the graph's folder; a path outside it (absolute, ../, or a
symlink leading out) is refused before anything is spent unless --allow-files names its folder. Paths
given with --set or in a --batch file are yours and always allowed.

Ctrl-C cancels queued jobs, keeps running ones in the journal and prints how to resume; a second
Ctrl-C stops at once.

${exitCodeHelp()}`;

interface Stop {
  reason: string;
  exitCode: ExitCode;
}

/**
 * Resolves with a reason on the first Ctrl-C (or SIGTERM) or when the timeout passes; a second signal
 * exits at once. `stop` says which, so the exit code can tell them apart.
 */
function stopSignals(timeoutMs: number | undefined, err: (text: string) => void): { stopped: Promise<string>; stop(): Stop | undefined; dispose(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let first: Stop | undefined;
  let resolveStop: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (resolveStop = resolve));
  const settle = (stop: Stop) => {
    first ??= stop;
    resolveStop(stop.reason);
  };
  const onSignal = (exitCode: ExitCode) => () => {
    if (first) {
      err('Stopped. The journal holds every submitted job; run again with --resume.');
      process.exit(exitCode);
    }
    err('Interrupted: cancelling queued jobs; jobs already running are left to finish at the provider. Press Ctrl-C again to stop at once.');
    settle({ reason: 'Interrupted.', exitCode });
  };
  const onInt = onSignal(EXIT.interrupted);
  const onTerm = onSignal(EXIT.terminated);
  if (timeoutMs) timer = setTimeout(() => settle({ reason: `Stopped after the --timeout of ${Math.round(timeoutMs / 1000)}s.`, exitCode: EXIT.timeout }), timeoutMs);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    stopped,
    stop: () => first,
    dispose() {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** `weft run`: a saved graph headless — overrides, batches, resume, progress and a summary. */
export const runCommand: WeftCommand = {
  name: 'run',
  summary: 'Run a graph headless: overrides, batches, resume',
  define: (cmd) => defineRunOptions(cmd).addHelpText('after', MORE),
  async run([graph], options, io) {
    const opts = runArgsFrom(graph, options);
    const signals = stopSignals(opts.timeoutMs, io.err);
    try {
      const code = await runGraph(opts, io, signals);
      // runGraph says 1 for any stop; the exit code tells Ctrl-C, SIGTERM and --timeout apart.
      return signals.stop()?.exitCode ?? code;
    } finally {
      signals.dispose();
    }
  },
};
