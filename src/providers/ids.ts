import { ProviderError } from '../core/providers/types.ts';

/**
 * Endpoint and job ids go into URL paths, so they are checked before any call: no `..` segments, no
 * encoded tricks, nothing that could make a path name another resource. Job ids stay opaque strings.
 */

const ENDPOINT = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

function refuse(provider: string, call: 'submit' | 'status', message: string): ProviderError {
  return new ProviderError({ provider, call, class: 'invalid_input', message, retrySafe: false, ...(call === 'submit' ? { mayHaveStarted: false } : {}) });
}

/** An endpoint id such as `google-deepmind/veo-3-1/reference-to-video`. */
export function checkEndpointId(provider: string, endpoint: string): string {
  if (endpoint.length > 300 || !ENDPOINT.test(endpoint) || endpoint.split('/').some((s) => s === '.' || s === '..')) {
    throw refuse(provider, 'submit', `"${endpoint.slice(0, 80)}" is not a valid ${provider} endpoint id.`);
  }
  return endpoint;
}

/** Whether a provider's job id is one Weft can put in a path and follow. */
export function isJobId(jobId: string): boolean {
  return JOB_ID.test(jobId);
}

/** A job id as the provider gave it. */
export function checkJobId(provider: string, jobId: string): string {
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) throw refuse(provider, 'status', `"${String(jobId).slice(0, 80)}" is not a valid ${provider} job id.`);
  return jobId;
}
