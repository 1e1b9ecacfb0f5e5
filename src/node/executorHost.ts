import { extensionForMime, isMediaValue, renderFileStem, safeFileStem, textContentOf } from '../core/executor/saveNames.ts';
import { MAX_LOCAL_FILE_BYTES, MIME_BY_EXTENSION, readLocalFile, type LocalFileAccess } from './localFile.ts';

export { extensionForMime, renderFileStem, safeFileStem, MAX_LOCAL_FILE_BYTES, MIME_BY_EXTENSION, readLocalFile };
import { createHash } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { GetTemplate } from '../core/model/graph.ts';
import type { Provider } from '../core/providers/types.ts';
import type { ExecutorDeps, Provenance, SaveRequest, Value } from '../core/executor/types.ts';
import { checkBaseUrl } from '../providers/config.ts';
import { configFromEnv, createProvider, PROVIDER_IDS, type KnownProviderId } from '../providers/index.ts';
import { createFolderStorage } from '../storage/folder.ts';

/**
 * What the executor needs from Node, shared by the `weft run` CLI and the end-to-end tests:
 *
 * - `readLocalFile` (localFile.ts): a media node's local path → bytes and a MIME type, inside the allowed folders.
 * - `createFolderSaver`: a `weft/save` node's items → files in an output folder, each with a provenance
 *   sidecar `<file>.weft.json` (never a key, never a pre-signed URL's query: only its host).
 * - `nodeExecutorDeps`: providers from the environment (or the simulator), folder storage, both of the above.
 */

// ---- saving ----------------------------------------------------------------------------------------

export interface FolderSaverOptions {
  /** The time `{date}` and `savedAt` use (tests pin it). */
  now?: () => Date;
  /** Keys configured on this machine: a sidecar or text file that would contain one is refused (it never should). */
  knownSecrets?: readonly string[];
}

/** What a sidecar says about one saved file. Keys are always present; `null` when not known. */
export interface SaveSidecar {
  graph: string | null;
  /** The node that produced the value (a generation node, or the input node). */
  node: string | null;
  /** The save node. */
  saveNode: string;
  runId: string;
  index: number;
  /** The saved file's name in the output folder, or null when nothing was written (`skipped`). */
  file: string | null;
  provider: string | null;
  endpoint: string | null;
  jobId: string | null;
  cost: Provenance['cost'] | null;
  mimeType: string | null;
  /** SHA-256 (hex) of the saved bytes. */
  sha256: string | null;
  /** The host the value came from (a provider's media host); never the URL's path or query. */
  sourceUrlHost: string | null;
  savedAt: string;
  /** Why no file was written: the value was a remote URL Weft holds no bytes for. */
  skipped?: string;
}

function hostOf(url: string | undefined): string | null {
  if (!url || !/^https?:/i.test(url)) return null;
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/** The bytes and type a save item becomes: media with bytes as they are, text/numbers as `.txt`, JSON as `.json`. */
function contentOf(item: SaveRequest['items'][number]): { bytes: Uint8Array; mimeType: string } | { skipped: string } {
  const value: Value = item.value;
  if (!isMediaValue(value)) return textContentOf(value)!;
  if (item.bytes) return { bytes: item.bytes, mimeType: item.mimeType ?? value.mimeType ?? 'application/octet-stream' };
  return { skipped: `A remote ${value.kind} (${hostOf(value.url) ?? 'no http host'}) that Weft holds no bytes for; nothing was downloaded or written.` };
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** Creates `file` only if it does not exist (`wx`), durably. False when it exists. */
async function createExclusive(file: string, data: Uint8Array | string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o644);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw error;
  }
  await handle.close();
  return true;
}

const MAX_COLLISIONS = 10_000;

/**
 * A save handler writing into `outDir` (created on first use). Per item: `<stem>.<ext>` from the node's
 * pattern and the MIME type, `-1`, `-2`, … added when that name (or its sidecar) is taken — nothing is
 * ever overwritten — and `<file>.weft.json` beside it (see SaveSidecar).
 *
 * A media value with no bytes (a user's remote URL wired straight into a save node) is not downloaded:
 * only its sidecar is written, named as the file would have been, with `file: null` and `skipped` saying
 * why. Returns the paths written (files and sidecars), in item order.
 */
export function createFolderSaver(outDir: string, options: FolderSaverOptions = {}): (request: SaveRequest) => Promise<string[]> {
  const root = path.resolve(outDir);
  const now = options.now ?? (() => new Date());
  const secrets = (options.knownSecrets ?? []).filter((s) => s.length >= 8);

  return async (request) => {
    await mkdir(root, { recursive: true });
    const written: string[] = [];
    const date = now();
    for (const item of request.items) {
      const content = contentOf(item);
      const from = item.provenance ?? ('from' in item.value ? item.value.from : undefined);
      const mimeType = 'skipped' in content ? (('mimeType' in item.value ? item.value.mimeType : undefined) ?? null) : content.mimeType;
      const ext = 'skipped' in content ? extensionFromUrl(item.value) : extensionForMime(content.mimeType);
      const stem = renderFileStem(request.pattern, { graph: request.graphName ?? 'weft', node: request.nodeId, index: item.index, ext, date });
      const sha256 = 'skipped' in content ? null : createHash('sha256').update(content.bytes).digest('hex');
      const sourceUrl = 'url' in item.value ? item.value.url : undefined;
      if (!('skipped' in content) && !isMediaKind(item.value.kind) && secrets.some((s) => new TextDecoder().decode(content.bytes).includes(s))) {
        throw new Error(`Refusing to save item ${item.index} of "${request.nodeId}": its text contains a configured API key.`);
      }

      for (let n = 0; ; n++) {
        if (n > MAX_COLLISIONS) throw new Error(`Could not find a free file name for "${stem}.${ext}" in ${root}.`);
        const name = `${n === 0 ? stem : `${stem}-${n}`}.${ext}`;
        const file = path.join(root, name);
        // One component, inside root — by construction; checked anyway.
        if (path.dirname(file) !== root) throw new Error(`Refusing to save outside ${root}: ${name}`);
        const sidecar: SaveSidecar = {
          graph: request.graphName ?? null,
          node: from?.nodeId ?? null,
          saveNode: request.nodeId,
          runId: request.runId,
          index: item.index,
          file: 'skipped' in content ? null : name,
          provider: from?.provider ?? null,
          endpoint: from?.endpoint ?? null,
          jobId: from?.jobId ?? null,
          cost: from?.cost ?? null,
          mimeType,
          sha256,
          sourceUrlHost: hostOf(sourceUrl),
          savedAt: date.toISOString(),
          ...('skipped' in content ? { skipped: content.skipped } : {}),
        };
        const sidecarText = `${JSON.stringify(sidecar, null, 2)}\n`;
        if (secrets.some((s) => sidecarText.includes(s))) throw new Error(`Refusing to write the sidecar of ${name}: it would contain a configured API key.`);

        if ('skipped' in content) {
          // The file's name is reserved only by its sidecar; a real file of that name also counts as taken.
          if (await exists(file)) continue;
          if (!(await createExclusive(`${file}.weft.json`, sidecarText))) continue;
          written.push(`${file}.weft.json`);
          break;
        }
        if (await exists(`${file}.weft.json`)) continue;
        if (!(await createExclusive(file, content.bytes))) continue;
        if (!(await createExclusive(`${file}.weft.json`, sidecarText))) {
          // Someone took the sidecar's name meanwhile: give this name up and try the next.
          await unlink(file).catch(() => {});
          continue;
        }
        written.push(file, `${file}.weft.json`);
        break;
      }
    }
    return written;
  };
}

function isMediaKind(kind: Value['kind']): boolean {
  return kind === 'image' || kind === 'video' || kind === 'audio' || kind === 'file';
}

function extensionFromUrl(value: Value): string {
  const url = 'url' in value ? value.url : undefined;
  const fromPath = url && /^https?:/i.test(url) && URL.canParse(url) ? path.posix.extname(new URL(url).pathname).slice(1).toLowerCase() : '';
  if (fromPath && MIME_BY_EXTENSION[fromPath]) return fromPath;
  return value.kind === 'image' ? 'png' : value.kind === 'video' ? 'mp4' : value.kind === 'audio' ? 'mp3' : 'bin';
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

// ---- the executor's dependencies -------------------------------------------------------------------

/** The key the simulator is called with when a provider has no key of its own (as `weft serve` does). */
export const SIMULATOR_KEY = 'weft-simulator';

export interface NodeExecutorDepsOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Where relative local file paths are resolved. */
  cwd: string;
  /** Which local files the graph may read (default: only inside `cwd`, the graph's folder). */
  localFiles?: LocalFileAccess;
  /** The journal, the cache and the downloaded files (folder storage). */
  stateDir: string;
  /** Where save nodes write. */
  outDir: string;
  /** A provider without a key in `env` goes here (with key `weft-simulator`); without it, that provider is not available. */
  simulatorUrl?: string;
  getTemplate: GetTemplate;
}

export interface NodeExecutorDeps extends ExecutorDeps {
  /** How each provider is reached: `live` (its key from the environment), `simulator`, or `missing` (no key, no simulator). */
  providerModes: Record<KnownProviderId, 'live' | 'simulator' | 'missing'>;
}

/**
 * ExecutorDeps for Node: adapters configured from `env` (`RUNCOMFY_API_KEY`, `RUNCOMFY_BASE_URL`, …),
 * folder storage in `stateDir`, local files read relative to `cwd`, saves into `outDir`. Spread it and
 * add `concurrency`, `poll`, deadlines as needed.
 */
export function nodeExecutorDeps(options: NodeExecutorDepsOptions): NodeExecutorDeps {
  const providers = new Map<string, Provider>();
  const providerModes = {} as NodeExecutorDeps['providerModes'];
  const keys: string[] = [];
  for (const id of PROVIDER_IDS) {
    const config = configFromEnv(id, options.env);
    if (config.apiKey) {
      keys.push(config.apiKey);
      providers.set(id, createProvider(id, config));
      providerModes[id] = 'live';
    } else if (options.simulatorUrl) {
      providers.set(id, createProvider(id, { ...config, baseUrl: checkBaseUrl(options.simulatorUrl, 'the simulator URL'), apiKey: SIMULATOR_KEY }));
      providerModes[id] = 'simulator';
    } else providerModes[id] = 'missing';
  }
  return {
    getTemplate: options.getTemplate,
    provider: (id) => providers.get(id),
    storage: createFolderStorage(options.stateDir),
    readLocal: (ref) => readLocalFile(ref, options.cwd, options.localFiles ?? { roots: [options.cwd] }),
    save: createFolderSaver(options.outDir, { knownSecrets: keys }),
    providerModes,
  };
}
