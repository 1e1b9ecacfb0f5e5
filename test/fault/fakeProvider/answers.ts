import type { ServerResponse } from 'node:http';
import type { Fault, ProviderId } from './types.ts';

/** Writing answers: JSON, HTML, and each fault as the provider (or a box in front of it) would send it. */

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

const NGINX_503 = '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const NGINX_404 = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const MAINTENANCE = '<!doctype html><html><head><title>Maintenance</title></head><body><h1>We&rsquo;ll be right back</h1><p>Scheduled maintenance.</p></body></html>';

/**
 * The provider's own "not found" for a job: RunComfy's error envelope (HTTP 404, code 404001), RunningHub's
 * v2 task object with error code 1004 (HTTP 200).
 */
export function sendNotFound(res: ServerResponse, provider: ProviderId, jobId: string): void {
  if (provider === 'runcomfy') sendJson(res, 404, { error_code: 404001, error_message: 'Request not found or expired.' });
  else sendJson(res, 200, { taskId: jobId, status: '', errorCode: '1004', errorMessage: 'task not found or expired', results: null, clientId: '', promptTips: '' });
}

/**
 * Sends `fault` in place of an answer. `silent` and `drop` never answer (the caller keeps or destroys the
 * socket); download-only faults are handled by the download route and do nothing here.
 */
export function sendFault(res: ServerResponse, fault: Fault, provider: ProviderId, jobId: string | undefined): void {
  switch (fault.type) {
    case 'http503':
      return sendHtml(res, 503, NGINX_503);
    case 'htmlPage':
      return sendHtml(res, 200, MAINTENANCE);
    case 'html404':
      return sendHtml(res, 404, NGINX_404);
    case 'emptyStatus':
      return sendJson(res, 200, '{"status":""}');
    case 'numericStatus':
      return sendJson(res, 200, '{"status":3}');
    case 'notFound':
      return sendNotFound(res, provider, jobId ?? '');
    case 'unknownError':
      return sendJson(res, 200, '{"code":500,"msg":"unknown error"}');
    case 'rateLimited':
      if (provider === 'runcomfy') return sendJson(res, 429, { error_code: 429001, error_message: 'Too many requests.' }, { 'retry-after': '1' });
      return sendJson(res, 200, { taskId: '', status: '', errorCode: '421', errorMessage: 'concurrency limit reached', results: null });
    case 'drop':
      res.socket?.destroy();
      return;
    case 'silent':
    case 'slowChunked':
    case 'redirectToRefused':
      return;
  }
}
