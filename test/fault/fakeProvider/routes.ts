import type { CallKind, ProviderId } from './types.ts';

/**
 * Which call a request is, from its method and path alone: RunComfy's Model API and RunningHub's openapi
 * v2 at their real paths (PROVIDERS.md), the result files, and the admin path. RunningHub names the job
 * in the body (`taskId`), so its `jobId` is filled in later.
 */

export interface Route {
  provider: ProviderId | 'media' | 'admin';
  kind: CallKind | 'stats';
  endpoint?: string;
  jobId?: string;
}

const RC_REQUEST = /^\/v1\/requests\/([^/]+)\/(status|result|cancel)$/;
const RC_SUBMIT = /^\/v1\/models\/(.+)$/;
const RH_SUBMIT = /^\/openapi\/v2\/(.+)$/;
const MEDIA = /^\/media\/([^/]+)\/[^/]+$/;

export function routeOf(method: string, pathname: string): Route | undefined {
  if (method === 'GET' && pathname === '/__fault/stats') return { provider: 'admin', kind: 'stats' };
  if (method === 'GET') {
    const media = MEDIA.exec(pathname);
    if (media) return { provider: 'media', kind: 'download', jobId: decodeURIComponent(media[1]!) };
    const rc = RC_REQUEST.exec(pathname);
    if (rc && rc[2] !== 'cancel') return { provider: 'runcomfy', kind: rc[2] as CallKind, jobId: decodeURIComponent(rc[1]!) };
    return undefined;
  }
  if (method !== 'POST') return undefined;
  const rc = RC_REQUEST.exec(pathname);
  if (rc?.[2] === 'cancel') return { provider: 'runcomfy', kind: 'cancel', jobId: decodeURIComponent(rc[1]!) };
  const rcSubmit = RC_SUBMIT.exec(pathname);
  if (rcSubmit) return { provider: 'runcomfy', kind: 'submit', endpoint: rcSubmit[1]!.split('/').map(decodeURIComponent).join('/') };
  if (pathname === '/openapi/v2/query') return { provider: 'runninghub', kind: 'status' };
  if (pathname === '/openapi/v2/media/upload/binary') return { provider: 'runninghub', kind: 'upload' };
  if (pathname === '/task/openapi/cancel') return { provider: 'runninghub', kind: 'cancel' };
  if (pathname === '/uc/openapi/accountStatus') return { provider: 'runninghub', kind: 'account' };
  const rhSubmit = RH_SUBMIT.exec(pathname);
  if (rhSubmit) return { provider: 'runninghub', kind: 'submit', endpoint: rhSubmit[1]! };
  return undefined;
}
