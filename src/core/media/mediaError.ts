/**
 * The one error type media nodes and backends throw, with a code the executor maps to a node state:
 * - `invalid_input`: the node's values or its input file cannot work (a time past the end, no audio
 *   track, a file that is not media). Running again will not help.
 * - `unsupported`: this place cannot decode or encode it (a codec the browser lacks).
 * - `missing_tool`: the Node backend needs `ffmpeg` and it is not installed.
 * - `failed`: the decoder or encoder failed on the way.
 * - `cancelled`: the run was cancelled.
 */
export type MediaErrorCode = 'invalid_input' | 'unsupported' | 'missing_tool' | 'failed' | 'cancelled';

export class MediaError extends Error {
  readonly code: MediaErrorCode;
  /** The input field the problem is about, when there is one. */
  readonly field?: string;

  constructor(code: MediaErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'MediaError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}

/** Throws a `cancelled` MediaError when the signal has fired; call between steps of long work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new MediaError('cancelled', 'Cancelled.');
}

/** Seconds for messages: `2 s`, `1.25 s`, `0.042 s`. */
export function formatSeconds(seconds: number): string {
  return `${Number(seconds.toFixed(3))} s`;
}
