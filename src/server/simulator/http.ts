import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Small HTTP helpers for the simulator: JSON answers, bounded body reading, key extraction and the
 * redaction that keeps keys out of everything the simulator records or returns.
 */

/** What a route answers; the call wrapper writes it (or drops the connection instead). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** The job the call created or read, for the call record. */
  jobId?: string;
  /** Close the connection after answering (the request body was not read to its end). */
  close?: boolean;
}

export function json(status: number, body: unknown, extra: Omit<Reply, 'status' | 'body'> = {}): Reply {
  return { status, body, ...extra };
}

/** sha256(key) in hex, first 12 characters: enough to tell keys apart, useless to recover one. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);
}

export function writeJson(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body ?? null);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(reply.close ? { Connection: 'close' } : {}),
    ...reply.headers,
  });
  res.end(text);
}

export type BodyResult = { ok: true; data: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. Past the limit it stops reading (pauses the stream) and
 * reports `too_large` without buffering the rest; the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.pause();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, data: Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, reason: 'aborted' });
    // A client that goes away mid-body ends with 'close' and no 'end'.
    const onClose = () => finish(req.complete ? { ok: true, data: Buffer.concat(chunks, size) } : { ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('close', onClose);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}

/** A JSON body that is not JSON at all (as opposed to valid JSON of the wrong shape). */
export const NOT_JSON = Symbol('not-json');

export function parseJson(data: Buffer): unknown {
  if (data.length === 0) return undefined;
  try {
    return JSON.parse(data.toString('utf8')) as unknown;
  } catch {
    return NOT_JSON;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of an `Authorization: Bearer <key>` header, or undefined when absent or empty. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^\s*bearer\s+(.+?)\s*$/i.exec(header);
  return m?.[1] || undefined;
}

/** Header names that may carry a credential: never recorded. */
function isSecretHeader(name: string): boolean {
  return name === 'authorization' || name === 'proxy-authorization' || name === 'cookie' || name === 'set-cookie' || /key|token|secret|auth/.test(name);
}

export function safeHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || isSecretHeader(lower)) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const KEY_FIELD = /^(api[-_]?key|apikey|token|access[-_]?token|secret)$/i;
const MAX_RECORDED_STRING = 300;

/**
 * A copy of a body fit for the call log: key fields (`apiKey`, `apikey`, …) and any string equal to
 * one of `keys` become `"[key <fingerprint>]"`; long strings (data URIs) are shortened; depth is capped.
 */
export function redact(value: unknown, keys: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') {
    if (keys.includes(value)) return `[key ${keyFingerprint(value)}]`;
    return value.length > MAX_RECORDED_STRING ? `${value.slice(0, 80)}… [${value.length} chars]` : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 12) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redact(v, keys, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = KEY_FIELD.test(k) && typeof v === 'string' && v !== '' ? `[key ${keyFingerprint(v)}]` : redact(v, keys, depth + 1);
  }
  return out;
}

