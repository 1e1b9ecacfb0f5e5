import type { Command as Commander } from 'commander';

/** A terminal on stderr: the live progress block redraws itself in place on it. */
export interface Terminal {
  rows: number;
  columns: number;
  /** Whether to colour (not under NO_COLOR). */
  color: boolean;
  /** Writes escape sequences as they are; callers pass their own text through `terminalText` first. */
  write(raw: string): void;
}

/** Where a CLI command writes; injected so tests run commands in-process. */
export interface CliIo {
  /** A line (or lines) on stdout. Passed through `terminalText` by `main`. */
  out(text: string): void;
  /** A line (or lines) on stderr. Passed through `terminalText` by `main`. */
  err(text: string): void;
  cwd: string;
  /** The environment keys and base URLs come from (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stderr when it is a terminal that takes cursor movement (not `TERM=dumb`); absent in pipes, CI and tests. */
  terminal?: Terminal;
  /** Stdout's height when it is a terminal: long tables are cut to fit (`--json` has everything). */
  outRows?: number;
}

/**
 * One `weft` command, declared on commander so that help (`-h`, `--help`, `weft help <cmd>`), unknown
 * options refused with a "did you mean", and errors as JSON under `--json` come with it. Adding a
 * command is a file exporting one of these plus a line in `commands/index.ts`; adding an option is a
 * line in its `define`.
 */
export interface WeftCommand {
  name: string;
  /** One line for `weft help`. */
  summary: string;
  /** Declares arguments, options and extra help text on the command. */
  define(cmd: Commander): void;
  /** Runs with what commander parsed (declared arguments in order, then options); returns the exit code. */
  run(args: unknown[], options: Record<string, unknown>, io: CliIo): Promise<number>;
}
