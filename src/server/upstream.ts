import http, { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { ProxyError } from './respond.ts';

/**
 * One outbound HTTP call with the failure told apart the way the adapters need it: `unreachable` when
 * the connection failed before a byte of the request could leave (nothing was submitted), `no-answer`
 * when it broke or timed out after that (the provider may have the request). Redirects are never
 * followed (node:http does not follow them; the caller decides). A streamed body is piped with
 * backpressure and cut off with `too-large` once it passes its cap.
 */

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: OutgoingHttpHeaders;
  /** A small rewritten body, or a stream (the browser's request) piped as it arrives. */
  body?: Buffer | Readable;
  /** The most bytes a streamed body may have. */
  bodyCap?: number;
  /** Longest silence while connecting, sending and receiving, and the longest wait for the answer once the body is sent. */
  timeoutMs: number;
  /** Who is called, for messages ("RunComfy"). */
  what: string;
  /** Aborts the call (the browser went away). */
  signal?: AbortSignal;
}

export interface UpstreamAnswer {
  response: IncomingMessage;
  request: ClientRequest;
}

/** Sends the call; resolves with the answer's head, rejects with a `ProxyError`. */
export function callUpstream(call: UpstreamCall): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const secure = call.url.protocol === 'https:';
    let connected = false;
    let settled = false;
    let headerTimer: ReturnType<typeof setTimeout> | undefined;
    const settle = (error: ProxyError | undefined, answer?: UpstreamAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(headerTimer);
      if (error) reject(error);
      else resolve(answer!);
    };
    const failed = (timedOut: boolean): ProxyError =>
      connected
        ? new ProxyError(timedOut ? 504 : 502, 'no-answer', `${call.what} did not answer${timedOut ? ' in time' : ''}; the request may have reached it.`)
        : new ProxyError(timedOut ? 504 : 502, 'unreachable', `Could not connect to ${call.what}${timedOut ? ' in time' : ''}; nothing was sent.`);

    // Calls that change something get a fresh connection: on a reused keep-alive socket that the
    // upstream closed meanwhile, a submit would fail as `no-answer` (maybe charged) for nothing.
    const fresh = call.method !== 'GET' && call.method !== 'HEAD';
    const request = (secure ? https : http).request(call.url, { method: call.method, headers: call.headers, signal: call.signal, ...(fresh ? { agent: false } : {}) }, (response) => {
      settle(undefined, { response, request });
    });
    const timedOut = () => {
      settle(failed(true));
      request.destroy();
    };
    // Silence while connecting, sending or streaming the answer; then, once the body is out, the
    // wait for the answer's head. A long upload is not cut off for being long, only for stalling.
    request.setTimeout(call.timeoutMs, timedOut);
    request.on('finish', () => {
      if (!settled) headerTimer = setTimeout(timedOut, call.timeoutMs);
    });
    request.on('socket', (socket) => {
      // A reused keep-alive socket is already open: anything may have been sent on it.
      if (!socket.connecting) connected = true;
      else socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
    });
    request.on('error', () => settle(failed(false)));

    const body = call.body;
    if (body === undefined) {
      request.end();
    } else if (Buffer.isBuffer(body)) {
      request.end(body);
    } else {
      let size = 0;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (call.bodyCap !== undefined && size > call.bodyCap) {
          body.pause();
          body.removeAllListeners('data');
          settle(new ProxyError(413, 'too-large', `The request body is over ${call.bodyCap} bytes.`));
          request.destroy();
          return;
        }
        if (!request.write(chunk)) body.pause();
      });
      request.on('drain', () => body.resume());
      body.on('end', () => request.end());
      body.on('error', () => request.destroy());
    }
  });
}
