import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { redactSecrets } from '../core/redact.ts';
import type { ProviderSpec } from '../providers/config.ts';
import { buildTarget } from './proxyTarget.ts';
import { MODE_HEADER, ProxyError, SAFE_HEADERS } from './respond.ts';
import { callUpstream } from './upstream.ts';

/**
 * Forwards one browser call to a provider with the key injected (RELIABILITY promise 12): only to the
 * configured origin and an allowed path, only an allow-list of request headers, the key in
 * `Authorization` (and in the JSON body for the calls that want it there), request bodies streamed
 * with caps, redirects refused, and the key scrubbed from anything that comes back: every header, and
 * every body whatever its content type (an `application/octet-stream` error body once carried the key
 * to the page). Answers are read whole (API answers are small; capped), decoded, redacted and sent.
 */

export interface ProxyLimits {
  /** Time allowed per API call (ms). */
  callMs: number;
  /** Time allowed for uploads and media downloads (ms). */
  transferMs: number;
  /** Largest JSON request body (RunComfy takes media as data URIs). */
  jsonBytes: number;
  /** Largest upload body. */
  uploadBytes: number;
  /** Largest body of a call whose JSON is rewritten to carry the key. */
  smallJsonBytes: number;
  /** Largest answer passed back (decoded), whatever its type. */
  answerBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_LIMITS: ProxyLimits = {
  callMs: 60_000,
  transferMs: 300_000,
  jsonBytes: 64 * MiB,
  uploadBytes: 100 * MiB,
  smallJsonBytes: 1 * MiB,
  answerBytes: 64 * MiB,
};

/** Paths that carry file uploads: the larger cap and the longer timeout. */
const UPLOAD_PATHS: Readonly<Record<string, readonly string[]>> = {
  runninghub: ['/openapi/v2/media/upload/binary'],
};

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** The only request headers that reach a provider. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'content-length', 'accept', 'accept-language', 'user-agent'];

/** Response headers that never reach the page: cookies, hop-by-hop, CORS grants, transport policy. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'set-cookie',
  'set-cookie2',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'strict-transport-security',
  'alt-svc',
  'content-security-policy',
  'x-frame-options',
  'location',
  'refresh',
]);

export interface ProxyCall {
  spec: ProviderSpec;
  baseUrl: string;
  key: string;
  /** Every key to scrub from what comes back (the call's key is added). */
  secrets?: readonly string[];
  /** The path and query after `/api/<provider>`, exactly as received. */
  rawPath: string;
  limits: ProxyLimits;
}

function contentLength(headers: IncomingHttpHeaders): number | undefined {
  const text = headers['content-length'];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ProxyError(400, 'bad-request', 'Malformed Content-Length.');
  return Number(text);
}

function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (contentLength(req.headers) ?? 0) > 0;
}

/** Reads a small body whole, refusing it past `cap` bytes. */
export function readSmallBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners('data');
        req.pause();
        reject(new ProxyError(413, 'too-large', `The request body is over ${cap} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(new ProxyError(400, 'bad-request', 'The request body broke off.')));
  });
}

/** The JSON body with `field` set to the key (RunningHub's v1 cancel and account calls). */
async function bodyWithKey(req: IncomingMessage, field: string, key: string, cap: number): Promise<Buffer> {
  const raw = hasBody(req) ? await readSmallBody(req, cap) : Buffer.alloc(0);
  let body: unknown = {};
  if (raw.length) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ProxyError(400, 'bad-body', 'The request body is not JSON.');
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ProxyError(400, 'bad-body', 'The request body must be a JSON object.');
  return Buffer.from(JSON.stringify({ ...body, [field]: key }));
}

/** Upstream response headers as the page may see them (the body's length and encoding are set by the caller). */
export function filterResponseHeaders(headers: IncomingHttpHeaders, secrets: readonly string[]): Record<string, string | string[]> {
  const listed = new Set(String(headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase()));
  const out: Record<string, string | string[]> = {};
  const scrub = (v: string) => redactSecrets(v, secrets, { kind: 'data' });
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name) || listed.has(name) || name.startsWith('access-control-')) continue;
    if (name === 'content-length' || name === 'content-encoding') continue;
    out[name] = Array.isArray(value) ? value.map(scrub) : scrub(value);
  }
  return out;
}

const DECODERS: Readonly<Record<string, (input: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

/** Reads an answer whole, refusing one past `cap` bytes (as sent or decoded): the provider answered, so `bad-answer`. */
async function readAnswer(response: IncomingMessage, cap: number, what: string): Promise<Buffer> {
  const tooLarge = () => new ProxyError(502, 'bad-answer', `${what} sent an answer larger than ${cap} bytes; it was not passed on.`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > cap) {
        response.destroy();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof ProxyError) throw error;
    throw new ProxyError(502, 'no-answer', `${what}'s answer broke off; the request may have reached it.`);
  }
  const body = Buffer.concat(chunks);
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  const decode = DECODERS[encoding];
  if (!decode) throw new ProxyError(502, 'bad-answer', `${what} sent its answer in an encoding (${encoding.slice(0, 20)}) the proxy cannot check for keys; it was not passed on.`);
  try {
    return await decode(body, { maxOutputLength: cap });
  } catch {
    throw new ProxyError(502, 'bad-answer', `${what}'s ${encoding} answer could not be decoded (or is larger than ${cap} bytes); it was not passed on.`);
  }
}

/**
 * The answer with every key removed, whatever its type. Read as Latin-1 (one character per byte), so
 * bytes that are not UTF-8 come back unchanged; keys are printable ASCII (checked before sending).
 */
function scrubBody(body: Buffer, secrets: readonly string[]): Buffer {
  const text = body.toString('latin1');
  const clean = redactSecrets(text, secrets, { kind: 'data' });
  return clean === text ? body : Buffer.from(clean, 'latin1');
}

/** Refuses a body whose declared size is over the cap for this path (413, before any connection). */
export function checkDeclaredSize(spec: ProviderSpec, path: string, req: IncomingMessage, limits: ProxyLimits): { cap: number; isUpload: boolean } {
  const isUpload = UPLOAD_PATHS[spec.id]?.includes(path) ?? false;
  const cap = isUpload ? limits.uploadBytes : limits.jsonBytes;
  const declared = contentLength(req.headers);
  if (declared !== undefined && declared > cap) throw new ProxyError(413, 'too-large', `The request body is over ${cap} bytes.`);
  return { cap, isUpload };
}

/** Proxies one call; resolves with the status sent once the answer is complete (or the client left). */
export async function proxyToProvider(req: IncomingMessage, res: ServerResponse, call: ProxyCall): Promise<number> {
  const { spec, key, limits } = call;
  const target = buildTarget(spec, call.baseUrl, call.rawPath);
  const method = req.method ?? 'GET';
  if (!METHODS.has(method)) throw new ProxyError(405, 'method', `${method} is not forwarded.`);
  if (!/^[\x21-\x7e]+$/.test(key)) throw new ProxyError(400, 'bad-key', 'The API key holds characters a key cannot have.');

  const { cap, isUpload } = checkDeclaredSize(spec, target.path, req, limits);

  const headers: OutgoingHttpHeaders = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  headers.authorization = `Bearer ${key}`;
  // Plain bodies come back, so the key can be scrubbed from them.
  headers['accept-encoding'] = 'identity';

  let body: Buffer | IncomingMessage | undefined;
  const keyField = spec.bodyKeyFields[target.path];
  if (keyField !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = await bodyWithKey(req, keyField, key, limits.smallJsonBytes);
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(body.length);
  } else if (method !== 'GET' && method !== 'HEAD' && hasBody(req)) {
    body = req;
  } else {
    delete headers['content-length'];
    req.resume();
  }

  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  const { response, request } = await callUpstream({
    url: target.url,
    method,
    headers,
    body,
    bodyCap: cap,
    timeoutMs: isUpload ? limits.transferMs : limits.callMs,
    what: spec.title,
    signal: abort.signal,
  });

  const status = response.statusCode ?? 502;
  if (status >= 300 && status < 400 && status !== 304) {
    response.resume();
    request.destroy();
    throw new ProxyError(502, 'redirect', `${spec.title} answered with a redirect, which the proxy does not follow.`);
  }

  const secrets = [key, ...(call.secrets ?? [])];
  const out = filterResponseHeaders(response.headers, secrets);
  const answer = scrubBody(await readAnswer(response, limits.answerBytes, spec.title), secrets);
  res.writeHead(status, { ...out, ...SAFE_HEADERS, [MODE_HEADER]: 'live', ...(method === 'HEAD' ? {} : { 'Content-Length': String(answer.length) }) });
  res.end(method === 'HEAD' ? undefined : answer);
  return status;
}
