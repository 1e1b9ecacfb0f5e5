import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { pino, stdTimeFunctions, type Level, type Logger } from 'pino';
import { redactSecrets, type Redactor } from '../core/redact.ts';

/**
 * The local server's logs (issue 12 item 5): one JSON line per request, through pino — time, level,
 * request id, provider, path without secrets or query values, status, duration; a refused request with
 * its reason, a 500 with its stack. Every line passes the one redaction with the configured keys just
 * before it is written (RELIABILITY promise 18), and the fields of a request are redacted with the key
 * that request carried as well. `WEFT_LOG_LEVEL` (trace … fatal, silent) sets the level; static files
 * log at `debug`, so they show only when asked for.
 */

export type LogSink = (line: string) => void;

export interface ServerLogOptions {
  /** Receives each JSON line, without its newline (default: standard output). */
  sink?: LogSink;
  level?: string;
  /** Keys configured on this server: never written, whatever field they end up in. */
  secrets?: readonly string[];
}

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

export function logLevel(env: Readonly<Record<string, string | undefined>>): string {
  const level = env.WEFT_LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LEVELS.has(level)) throw new Error(`WEFT_LOG_LEVEL must be one of ${[...LEVELS].join(', ')}, not "${level}"`);
  return level;
}

export function createServerLog(options: ServerLogOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // `err` is already redacted by errorField; pino's own serializer would read it as a plain object.
      serializers: { err: (value: unknown) => value },
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
    },
    { write: (line: string) => sink(line.replace(/\n$/, '')) },
  );
}

/** A short id for one request, also sent back as `X-Weft-Request-Id` so a page's error can be found in the log. */
export function newRequestId(): string {
  return randomBytes(6).toString('hex');
}

/** What a log line may show of a request target: the path (redacted, capped) and the names of its query parameters, never their values. */
export function describeTarget(url: string, redact: Redactor): { path: string; query?: string[] } {
  const q = url.indexOf('?');
  const path = redact(q < 0 ? url : url.slice(0, q)).slice(0, 300);
  if (q < 0) return { path };
  const names = [...new Set([...new URLSearchParams(url.slice(q + 1)).keys()].map((k) => redact(k).slice(0, 40)))].slice(0, 20);
  return { path, query: names };
}

/** An error as a log field: its type, message and stack, each redacted. */
export function errorField(error: unknown, redact: Redactor): { type: string; message: string; stack?: string } {
  if (error instanceof Error) return { type: error.name, message: redact(error.message), ...(error.stack ? { stack: redact(error.stack) } : {}) };
  return { type: typeof error, message: redact(String(error)) };
}

export interface RequestFacts {
  provider?: string;
  mode?: string;
  /** Why the server refused or failed the request (a proxy error code and its message). */
  reason?: { code: string; message: string };
  err?: ReturnType<typeof errorField>;
  [field: string]: unknown;
}

/**
 * Writes the request's line when its answer ends (or the client goes away): info for answers, warn
 * for refusals and upstream trouble (with the reason), error for the server's own failures (with the
 * stack); `quiet` requests (static files) log at debug.
 */
export function logWhenDone(log: Logger, req: IncomingMessage, res: ServerResponse, reqId: string, redact: Redactor, facts: () => RequestFacts, quiet = false): void {
  const started = performance.now();
  res.once('close', () => {
    const f = facts();
    const status = res.headersSent ? res.statusCode : undefined;
    const level: Level = f.err ? 'error' : f.reason ? 'warn' : quiet ? 'debug' : 'info';
    log[level](
      {
        reqId,
        method: req.method ?? '?',
        ...describeTarget(req.url ?? '/', redact),
        ...f,
        status: status ?? 'aborted',
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });
}
