import { z } from 'zod';
import type { JobCost } from '../providers/types.ts';
import type { NodeError, NodeOutputs, Provenance, Value } from './types.ts';

/**
 * zod schemas for what the executor reads back from storage (journal records, cache entries): values,
 * outputs, errors, costs. Stored records are untrusted until parsed (a damaged file, an older or newer
 * Weft, a hand edit); a blob id must be a hash and a URL a string before either flows downstream.
 */

export const zJobCost: z.ZodType<JobCost> = z.object({ amount: z.number(), currency: z.string().optional(), coins: z.number().optional() });

const zProvenance: z.ZodType<Provenance> = z.object({ nodeId: z.string(), provider: z.string(), endpoint: z.string(), jobId: z.string(), cost: zJobCost.optional() });

const zBlobId = z.string().regex(/^[0-9a-f]{64}$/);

export const zValue: z.ZodType<Value> = z.union([
  z.object({ kind: z.literal('text'), text: z.string(), from: zProvenance.optional() }),
  z.object({ kind: z.enum(['number', 'integer']), value: z.number() }),
  z.object({ kind: z.literal('boolean'), value: z.boolean() }),
  z.object({ kind: z.literal('json'), value: z.json() }),
  z.object({
    kind: z.enum(['image', 'video', 'audio', 'file']),
    blob: zBlobId.optional(),
    mimeType: z.string().optional(),
    url: z.string().optional(),
    urlAt: z.number().optional(),
    local: z.string().optional(),
    from: zProvenance.optional(),
  }),
]);

export const zNodeOutputs: z.ZodType<NodeOutputs> = z.record(z.string(), z.array(zValue));

export const zNodeError: z.ZodType<NodeError> = z.object({
  class: z.enum(['auth', 'balance', 'invalid_input', 'rate_limited', 'not_found', 'moderation', 'transient', 'unknown', 'plan', 'cancelled', 'timeout', 'upstream']),
  message: z.string(),
  code: z.string().optional(),
  providerMessage: z.string().optional(),
});

/** The first problem zod found, as a short phrase for a person ("state: invalid option"). */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not a valid record';
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}
