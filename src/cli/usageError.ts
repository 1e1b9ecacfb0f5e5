import { EXIT, type ExitCode } from './exitCodes.ts';

/**
 * A refusal before anything was spent (bad arguments, an invalid graph or batch file, a local file the
 * graph may not read): `main` prints its message — as JSON under `--json` — and exits with its code (2).
 */
export class UsageError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, options?: { cause?: unknown; exitCode?: ExitCode }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UsageError';
    this.exitCode = options?.exitCode ?? EXIT.usage;
  }
}
