import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { isAllowedHost } from './authority.ts';
import { listen, trustedHosts } from './listen.ts';
import { acceptedEncodings, COMPRESSIBLE, ENCODINGS } from './precompress.ts';

/**
 * Serves the built app (`dist/`) for `weft serve` and the browser tests: correct content types, the
 * SPA fallback to index.html, nothing outside the root (no `..`, no dotfiles, no symlink escapes), and
 * only for requests addressed to this machine by a loopback name (a foreign Host header is a DNS
 * rebinding attempt and is refused). Text files go out brotli- or gzip-compressed when the build left
 * a `.br`/`.gz` beside them (precompress.ts) and the client takes it, with `Vary: Accept-Encoding`.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.wasm': 'application/wasm',
};

/** The page may load media from any http(s)/blob/data URL (results live on provider hosts), nothing else. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: http: data: blob:",
  "media-src 'self' https: http: data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface StaticOptions {
  /** The directory to serve (normally `dist/`). */
  root: string;
  /** Host names besides the loopback ones that requests may be addressed to (e.g. the HOST it binds). */
  allowedHosts?: string[];
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(text);
}

/** The file a URL path names inside `root`, or undefined when it would leave it or is hidden. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const normal = path.posix.normalize(`/${decoded}`);
  if (normal.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const file = path.resolve(root, `.${normal}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** A `Range: bytes=…` header against a size: the byte span, `bad` (416), or undefined (whole file). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'bad' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : 'bad';
}

/** Creates the request handler for a static root. */
export function createStaticHandler(options: StaticOptions): RequestHandler {
  const root = path.resolve(options.root);
  const realRoot = realpath(root).catch(() => root);
  const allowed = options.allowedHosts ?? [];

  async function findFile(file: string): Promise<{ file: string; size: number; mtime: Date } | undefined> {
    try {
      const real = await realpath(file);
      const base = await realRoot;
      if (real !== base && !real.startsWith(base + path.sep)) return undefined;
      const info = await stat(real);
      return info.isFile() ? { file: real, size: info.size, mtime: info.mtime } : undefined;
    } catch {
      return undefined;
    }
  }

  /** The precompressed sibling to send instead, when the client takes it and it is at least as new as the file. */
  async function findEncoded(found: { file: string; mtime: Date }, accept: string | undefined): Promise<{ file: string; size: number; encoding: string } | undefined> {
    for (const name of acceptedEncodings(accept)) {
      const suffix = ENCODINGS.find((e) => e.name === name)!.suffix;
      const sibling = await findFile(found.file + suffix);
      if (sibling && sibling.mtime >= found.mtime) return { file: sibling.file, size: sibling.size, encoding: name };
    }
    return undefined;
  }

  return async (req, res) => {
    if (!isAllowedHost(req.headers.host, allowed)) return send(res, 421, 'This server only answers requests addressed to localhost.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const urlPath = (req.url ?? '/').split('?')[0]?.split('#')[0] ?? '/';
    if (!urlPath.startsWith('/')) return send(res, 400, 'Bad request');
    const target = resolveInside(root, urlPath);
    if (!target) return send(res, 404, 'Not found');

    let found = await findFile(target);
    // SPA fallback: a path without a file extension is a route of the app, answered by index.html.
    // A missing asset (with an extension) stays a 404, so a stale chunk fails loudly, not as HTML.
    if (!found && path.extname(target) === '') found = await findFile(path.join(root, 'index.html'));
    if (!found) return send(res, 404, 'Not found');

    const ext = path.extname(found.file).toLowerCase();
    const isHtml = ext === '.html';
    const compressible = COMPRESSIBLE.has(ext);
    // A byte range is of the file itself: ranges are served uncompressed.
    const encoded = compressible && !req.headers.range ? await findEncoded(found, req.headers['accept-encoding']) : undefined;
    const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtime.getTime()).toString(16)}${encoded ? `-${encoded.encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': found.mtime.toUTCString(),
      // Vite fingerprints everything under /assets/; everything else must be revalidated.
      'Cache-Control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
      ...(encoded ? { 'Content-Encoding': encoded.encoding } : {}),
    };
    if (isHtml) headers['Content-Security-Policy'] = CSP;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return void res.end();
    }

    const body = encoded ?? found;
    const range = encoded ? undefined : parseRange(req.headers.range, found.size);
    if (range === 'bad') return send(res, 416, 'Range not satisfiable', { 'Content-Range': `bytes */${found.size}` });
    const start = range?.start ?? 0;
    const end = range?.end ?? body.size - 1;
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${found.size}`;
    headers['Content-Length'] = String(body.size === 0 ? 0 : end - start + 1);
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || body.size === 0) return void res.end();

    await new Promise<void>((resolve) => {
      const stream = createReadStream(body.file, { start, end });
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      res.on('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  };
}

export interface RunningServer {
  server: Server;
  /** The base URL, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts an HTTP server for a static root; `port: 0` picks a free port. */
export async function startStaticServer(options: StaticOptions & { host?: string; port?: number }): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const handler = createStaticHandler({ root: options.root, allowedHosts: trustedHosts(host, options.allowedHosts) });
  const server = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  const listening = await listen(server, host, options.port ?? 0);
  return { server, port: listening.port, url: `${listening.origin}/`, close: listening.close };
}
