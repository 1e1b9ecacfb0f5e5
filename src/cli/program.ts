import { readFileSync } from 'node:fs';
import { Command as Commander, CommanderError } from 'commander';
import type { CliIo, WeftCommand } from './command.ts';
import { exitCodeHelp } from './exitCodes.ts';

/**
 * The `weft` program on commander: every command gets the same conventions — `-h`/`--help` (exit 0),
 * `weft help <cmd>`, unknown options and commands refused with a "did you mean", no stray arguments, help
 * text the same width everywhere — and reports through `io` instead of exiting, so `main` decides the
 * exit code and how an error is shown (text, or JSON under `--json`).
 */

const HELP_WIDTH = 100;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/** The same output and error conventions on any commander Command. */
function conventions(cmd: Commander, io: Pick<CliIo, 'out' | 'err'>): Commander {
  return cmd
    .exitOverride()
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
      // `main` shows errors (as text or JSON); commander only throws them.
      outputError: () => {},
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
}

/** A command's commander definition; `onRun` receives what it parsed. */
export function commandOf(spec: WeftCommand, io: Pick<CliIo, 'out' | 'err'>, onRun: (args: unknown[], options: Record<string, unknown>) => Promise<void>): Commander {
  const cmd = conventions(new Commander(spec.name), io).description(spec.summary);
  spec.define(cmd);
  return cmd.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Commander;
    await onRun(self.processedArgs, self.opts());
  });
}

/** The whole program; the exit code of the command that ran is handed to `setExit`. */
export function buildProgram(commands: readonly WeftCommand[], io: CliIo, setExit: (code: number) => void): Commander {
  const program = conventions(new Commander('weft'), io)
    .usage('<command> [options]')
    .description('Weft: a visual node editor for hosted generative-media APIs, and its command line.')
    .version(version(), '-v, --version', 'print the version')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({ subcommandTerm: (cmd) => `weft ${cmd.name()}${cmd.options.length ? ' [options]' : ''}${cmd.registeredArguments.map((a) => ` ${a.required ? '<' : '['}${a.name()}${a.variadic ? '...' : ''}${a.required ? '>' : ']'}`).join('')}` })
    .addHelpText('after', `\nRun \`weft help <command>\` (or \`weft <command> --help\`) for its options.\n\n${exitCodeHelp()}`);
  for (const spec of commands) {
    program.addCommand(commandOf(spec, io, async (args, options) => setExit(await spec.run(args, options, io))));
  }
  return program;
}

/**
 * Parses `argv` for one command without running it (for its tests and helpers); throws an Error with
 * commander's message for anything it refuses.
 */
export function parseCommand(spec: WeftCommand, argv: readonly string[]): { args: unknown[]; options: Record<string, unknown> } {
  let parsed: { args: unknown[]; options: Record<string, unknown> } | undefined;
  const silent = { out: () => {}, err: () => {} };
  const cmd = commandOf(spec, silent, async (args, options) => {
    parsed = { args, options };
  });
  try {
    // Synchronous: the action only records what was parsed.
    cmd.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) throw new Error(commanderMessage(error), { cause: error });
    throw error;
  }
  if (!parsed) throw new Error(`${spec.name}: nothing parsed`);
  return parsed;
}

/** Commander's message without its `error: ` prefix, on one line. */
export function commanderMessage(error: CommanderError): string {
  return error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
}
