import type { Field } from '../model/template.ts';
import type { MediaFile } from '../providers/types.ts';
import { canonicalJson } from '../templates/hash.ts';
import type { PlannedNode } from './plan.ts';
import type { BlobStore } from './storage.ts';
import type { MediaValue, Value } from './types.ts';
import { coerce, isMediaValue, mediaFromText, payloadValue } from './values.ts';

/**
 * The job inputs stage: a job node's wired and typed values with local files read into the blob store
 * (so media are identified by content), the job key that identifies the job (promise 8), and the
 * payload sent to the provider.
 *
 * The job key is graph + node + take + provider + endpoint + schema hash + canonical inputs. A seed
 * left random is not an input (a resumed run must find the unfinished job of a random-seed node); the
 * take (a batch row, "Run ×N") is part of the key only for a node that makes a new take each time.
 */

export interface InputsContext {
  blobs: BlobStore;
  hash(data: Uint8Array): Promise<string>;
  readLocal?(ref: string): Promise<MediaFile>;
  /** A dry run only hashes files; it stores nothing. */
  dryRun: boolean;
}

export function isMediaField(field: Field): boolean {
  return field.kind === 'image' || field.kind === 'video' || field.kind === 'audio';
}

/** Reads a local file or a data: URI into the blob store (once per content), so it has a content hash. */
export async function materialise(value: MediaValue, ctx: InputsContext): Promise<MediaValue> {
  const store = async (bytes: Uint8Array, mimeType: string) => (ctx.dryRun ? ctx.hash(bytes) : ctx.blobs.put(bytes, mimeType));
  if (value.blob) return value;
  if (!value.local) {
    const m = value.url?.startsWith('data:') ? /^data:([^;,]+)(;base64)?,(.*)$/s.exec(value.url) : null;
    if (m && m[2]) return { ...value, blob: await store(Uint8Array.from(atob(m[3]!), (c) => c.charCodeAt(0)), m[1]!), mimeType: m[1]! };
    return value;
  }
  if (!ctx.readLocal) throw new Error(`"${value.local}" is a local file, and this host cannot read local files.`);
  const file = await ctx.readLocal(value.local);
  return { kind: value.kind, blob: await store(file.bytes, file.mimeType), mimeType: file.mimeType };
}

/** Each input field's values: its wires' values, or a media widget's URL or file, with local files read. */
export async function resolveInputs(p: PlannedNode, wired: Record<string, Value[]>, ctx: InputsContext): Promise<Record<string, Value[]>> {
  const resolved: Record<string, Value[]> = {};
  for (const field of p.inputs) {
    const values = wired[field.name];
    if (values?.length) resolved[field.name] = await Promise.all(values.map((v) => (isMediaValue(v) ? materialise(v, ctx) : v)));
    else if (isMediaField(field)) {
      const widget = p.node.values[field.name] ?? field.default;
      const texts = (Array.isArray(widget) ? widget : [widget]).filter((t): t is string => typeof t === 'string' && t.trim() !== '');
      if (texts.length) resolved[field.name] = await Promise.all(texts.map((t) => materialise(mediaFromText(field.kind as MediaValue['kind'], t), ctx)));
    }
  }
  return resolved;
}

/** The logical value of a wired value for the job key: media by content hash (or URL), others as sent. */
export function keyValue(v: Value): unknown {
  if (isMediaValue(v)) return v.blob ? { media: v.blob } : { url: v.url ?? v.local };
  return v.kind === 'text' ? v.text : v.value;
}

/** The inputs as they identify the job: every field's value (media by content), keys left out. */
export function logicalInputs(p: PlannedNode, resolved: Record<string, Value[]>): Record<string, unknown> {
  const logical: Record<string, unknown> = {};
  for (const field of p.inputs) {
    if (field.secret) continue;
    // A media field whose value is in another of its forms (a list of keyframe objects) keys by that value.
    const widgetKeys = !isMediaField(field) || !resolved[field.name]?.length;
    const value = payloadValue(field, resolved[field.name], widgetKeys ? p.node.values[field.name] : undefined, keyValue);
    if (value !== undefined) logical[field.name] = value;
  }
  return logical;
}

const SEED = /^(seed|random_?seed)$/i;
const isRandom = (value: unknown) => value === undefined || value === null || value === -1 || value === '-1' || value === '';

/** The node's seed fields that are left random (empty, null, -1): each run of it makes a new take. */
export function randomSeedFields(p: PlannedNode, logical: Record<string, unknown>): string[] {
  return p.inputs.filter((f) => SEED.test(f.name) && isRandom(logical[f.name])).map((f) => f.name);
}

export interface JobIdentity {
  graphId: string;
  nodeId: string;
  /** The take or batch row, for a node that makes a new take each time; "" otherwise. */
  take: string;
  provider: string;
  endpoint: string;
  schemaHash: string;
  /** Logical inputs without the random seed fields. */
  inputs: Record<string, unknown>;
}

/** The job key: SHA-256 of the identity's canonical JSON. */
export async function jobKeyOf(identity: JobIdentity, hash: (data: Uint8Array) => Promise<string>): Promise<string> {
  return hash(new TextEncoder().encode(canonicalJson({ v: 2, ...identity })));
}

/** The payload: every field as the provider takes it; media through `mediaUrl` (a URL, a data URI, an upload). */
export async function buildPayload(p: PlannedNode, resolved: Record<string, Value[]>, mediaUrl: (v: MediaValue) => Promise<string>): Promise<Record<string, unknown>> {
  const payload: Record<string, unknown> = {};
  for (const field of p.inputs) {
    if (field.secret) continue;
    const values = resolved[field.name];
    if (isMediaField(field) && values?.length) {
      const urls = await Promise.all(values.map((v) => (isMediaValue(v) ? mediaUrl(v) : Promise.resolve(String(keyValue(v))))));
      payload[field.name] = field.list ? urls : urls[0];
    } else {
      const value = payloadValue(field, values, p.node.values[field.name], (v) => (isMediaValue(v) ? v.url : keyValue(v)));
      if (value !== undefined) payload[field.name] = coerce(field, value);
    }
  }
  return payload;
}
