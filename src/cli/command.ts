/** Where a CLI command writes; injected so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  /** The environment keys and base URLs come from (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (live progress lines); default false. */
  tty?: boolean;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}
