import { redactSecrets } from '../../core/redact.ts';
import { startDeadline } from '../../providers/deadline.ts';

/**
 * RunComfy's live catalog: `GET /v1/models?include_schema=true`, page by page, through the configured
 * base URL with the key in `Authorization` only. Errors name the status and RunComfy's message, never the key.
 */

export interface LiveModel {
  model_id: string;
  display_name?: string;
  output_type?: string;
  input_schema?: Record<string, unknown>;
  [key: string]: unknown;
}

const PAGE = 100;
const MAX_PAGES = 100;
const MAX_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

async function getPage(baseUrl: string, apiKey: string, offset: number, fetchImpl: typeof fetch): Promise<{ models: LiveModel[]; total?: number }> {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/models?include_schema=true&limit=${PAGE}&offset=${offset}`;
  // A timer this call owns, cleared on every exit (AbortSignal.timeout/any stop firing after GC on Node 20).
  const deadline = startDeadline(TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(url, { headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' }, redirect: 'error', signal: deadline.signal });
    text = await response.text();
  } catch (error) {
    const why = deadline.timedOut() ? `no answer within ${TIMEOUT_MS / 1000} s` : redactSecrets((error as Error).message, [apiKey]);
    throw new Error(`could not reach ${new URL(url).origin}: ${why}`, { cause: error });
  } finally {
    deadline.clear();
  }
  if (text.length > MAX_BYTES) throw new Error('the catalog answer is larger than 64 MB');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`RunComfy answered ${response.status} with something that is not JSON`);
  }
  const b = (body ?? {}) as { models?: unknown; total?: unknown; error_code?: unknown; error_message?: unknown };
  if (!response.ok || b.error_code !== undefined) {
    const message = typeof b.error_message === 'string' ? redactSecrets(b.error_message, [apiKey]) : 'no message';
    throw new Error(`RunComfy answered ${response.status}${b.error_code !== undefined ? ` (error ${String(b.error_code)})` : ''}: ${message}`);
  }
  if (!Array.isArray(b.models)) throw new Error('the catalog answer has no "models" list');
  const models = b.models.filter((m): m is LiveModel => typeof m === 'object' && m !== null && typeof (m as LiveModel).model_id === 'string');
  return { models, ...(typeof b.total === 'number' ? { total: b.total } : {}) };
}

/** Every model of the live catalog, with its input schema. */
export async function fetchRunComfyCatalog(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch): Promise<LiveModel[]> {
  const all: LiveModel[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const { models, total } = await getPage(baseUrl, apiKey, all.length, fetchImpl);
    all.push(...models);
    if (models.length === 0 || models.length < PAGE || (total !== undefined && all.length >= total)) return all;
  }
  throw new Error(`the catalog did not end after ${MAX_PAGES} pages`);
}
