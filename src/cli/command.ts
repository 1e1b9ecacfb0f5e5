/** Where a CLI command writes; injected so tests run commands in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}
