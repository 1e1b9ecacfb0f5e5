import { useEffect, useSyncExternalStore } from 'react';
import { acceptedKinds } from '../core/graph/kinds.ts';
import type { CustomEndpointDefinition } from '../core/model/graph.ts';
import type { NodeTemplate } from '../core/model/template.ts';
import { parseIndexRow, type PaletteEntry } from './catalogEntry.ts';

/**
 * The node catalog as the page sees it. The palette index (`nodes/index.json`) ships with the first
 * load; each endpoint definition is its own lazy chunk, fetched, checked and compiled the first time a
 * node of that type is needed. The built-ins and the compiler (with zod) load right after first paint.
 */

const indexModules = import.meta.glob<unknown>('/nodes/index.json', { eager: true, import: 'default' });
const definitionLoaders = import.meta.glob<unknown>(['/nodes/**/*.json', '!/nodes/index.json'], { import: 'default' });

const rawIndex = indexModules['/nodes/index.json'];
const indexEntries: PaletteEntry[] = (Array.isArray(rawIndex) ? rawIndex : [])
  .map(parseIndexRow)
  .filter((e): e is PaletteEntry => e !== undefined);

function entryOf(t: NodeTemplate): PaletteEntry {
  const out = t.outputs[0];
  const accepts = [...new Set(t.inputs.filter((f) => f.connectable).flatMap((f) => acceptedKinds(f)))].sort();
  return { id: t.id, title: t.title, provider: t.provider, category: t.category, output: out?.kind ?? '', outputList: out?.list ?? false, accepts };
}

async function loadBuiltins(): Promise<readonly NodeTemplate[]> {
  const { BUILTIN_TEMPLATES } = await import('../core/templates/builtins.ts');
  return BUILTIN_TEMPLATES;
}

/** Every definition's text, once `loadDefinitionBundle` has fetched them (for files naming many types). */
let bundle: Readonly<Record<string, string>> | undefined;
let bundlePromise: Promise<void> | undefined;

/**
 * Performance: fetches every endpoint definition as one chunk (see `definitionBundle.ts`); after it,
 * `getTemplate` compiles from it instead of fetching one chunk per type. Templates still compile lazily.
 */
export function loadDefinitionBundle(): Promise<void> {
  bundlePromise ??= import('./definitionBundle.ts').then(
    (m) => {
      bundle = m.DEFINITION_TEXTS;
    },
    (error: unknown) => {
      bundlePromise = undefined; // per-definition chunks still work; a later open may retry
      throw error;
    },
  );
  return bundlePromise;
}

async function compileFromDefinition(id: string): Promise<NodeTemplate> {
  const path = `/nodes/${id}.json`;
  const load = definitionLoaders[path];
  if (!load) throw new Error(`Unknown node type "${id}": no definition in nodes/.`);
  const text = bundle?.[path];
  const [raw, { parseDefinition }, { compileDefinition }] = await Promise.all([
    text !== undefined ? (JSON.parse(text) as unknown) : load(),
    import('../core/model/definition.ts'),
    import('../core/templates/compile.ts'),
  ]);
  // Definitions are generated data: checked, not trusted, before they become a template.
  return compileDefinition(parseDefinition(raw));
}

async function compileCustom(def: CustomEndpointDefinition): Promise<NodeTemplate> {
  const { compileCustomEndpoint, parseCustomEndpoint } = await import('../core/document/customEndpoints.ts');
  // Custom definitions come from local storage or a file: checked again before they become a template.
  return compileCustomEndpoint(parseCustomEndpoint(def));
}

// --- state, with listeners for React ---

let entries: PaletteEntry[] = indexEntries;
let builtinEntries: PaletteEntry[] = [];
let customDefs = new Map<string, CustomEndpointDefinition>();
const templates = new Map<string, NodeTemplate | Error>();
const pending = new Map<string, Promise<NodeTemplate>>();
const listeners = new Set<() => void>();
let builtinsPromise: Promise<readonly NodeTemplate[]> | undefined;
let version = 0;

function notify(): void {
  version++;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Loads the built-in templates once and adds them to the top of the palette. */
export function loadBuiltinTemplates(): Promise<readonly NodeTemplate[]> {
  builtinsPromise ??= loadBuiltins().then(
    (builtins) => {
      for (const t of builtins) templates.set(t.id, t);
      builtinEntries = builtins.map(entryOf);
      rebuildEntries();
      notify();
      return builtins;
    },
    (error: unknown) => {
      builtinsPromise = undefined;
      throw error;
    },
  );
  return builtinsPromise;
}

function rebuildEntries(): void {
  const custom: PaletteEntry[] = [...customDefs.values()].map((d) => {
    const compiled = templates.get(d.id);
    // What wires it takes is known once it is compiled (custom nodes compile on first use).
    const accepts = compiled && !(compiled instanceof Error) ? entryOf(compiled).accepts : [];
    return { id: d.id, title: d.title, provider: 'custom', category: d.category, output: d.output.kind, outputList: d.output.list, accepts };
  });
  const ids = new Set([...builtinEntries, ...custom].map((e) => e.id));
  entries = [...builtinEntries, ...custom, ...indexEntries.filter((e) => !ids.has(e.id))];
}

/**
 * Installs the custom node types (`custom/…`, from local settings): they join the palette and
 * `getTemplate` compiles them on first use. Replaces the previous set; a changed or removed
 * definition's template is dropped (nodes of a removed type become placeholders).
 */
export function registerCustomTemplates(defs: readonly CustomEndpointDefinition[]): void {
  const next = new Map(defs.map((d) => [d.id, d]));
  for (const id of new Set([...customDefs.keys(), ...next.keys()])) {
    if (customDefs.get(id) !== next.get(id) || templates.get(id) instanceof Error) {
      templates.delete(id);
      pending.delete(id);
    }
  }
  customDefs = next;
  rebuildEntries();
  notify();
}

/** The template of a node type, loading and compiling its definition the first time. Cached (failures too). */
export function getTemplate(id: string): Promise<NodeTemplate> {
  const known = templates.get(id);
  if (known instanceof Error) return Promise.reject(known);
  if (known) return Promise.resolve(known);
  let promise = pending.get(id);
  if (!promise) {
    const custom = customDefs.get(id);
    const load = id.startsWith('weft/')
      ? loadBuiltinTemplates().then((all) => {
          const t = all.find((x) => x.id === id);
          if (!t) throw new Error(`Unknown built-in node "${id}".`);
          return t;
        })
      : id.startsWith('custom/')
        ? custom
          ? compileCustom(custom)
          : Promise.reject(new Error(`Unknown custom node "${id}": it is not in this browser's settings.`))
        : compileFromDefinition(id);
    // A custom definition replaced while this one compiled: its result is not kept.
    const current = () => !id.startsWith('custom/') || customDefs.get(id) === custom;
    const created: Promise<NodeTemplate> = load.then(
      (t) => {
        if (current()) {
          templates.set(id, t);
          if (pending.get(id) === created) pending.delete(id);
          notify();
        }
        return t;
      },
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        if (current()) {
          templates.set(id, e);
          if (pending.get(id) === created) pending.delete(id);
          notify();
        }
        throw e;
      },
    );
    promise = created;
    pending.set(id, promise);
  }
  return promise;
}

/** The template if it is already loaded (synchronous: for the connection rule and render paths). */
export function peekTemplate(id: string): NodeTemplate | undefined {
  const t = templates.get(id);
  return t instanceof Error ? undefined : t;
}

/** A node type's template for rendering: the template, an Error, or undefined while it loads. */
export function useTemplate(id: string): NodeTemplate | Error | undefined {
  const value = useSyncExternalStore(subscribe, () => templates.get(id));
  useEffect(() => {
    if (value === undefined) getTemplate(id).catch(() => undefined);
  }, [id, value]);
  return value;
}

/** Every palette row: built-ins (once loaded), custom nodes, then the endpoints of `nodes/index.json`. */
export function usePaletteEntries(): PaletteEntry[] {
  return useSyncExternalStore(subscribe, () => entries);
}

/** A number that changes whenever a template finishes loading (to recolour wires, the minimap…). */
export function useCatalogVersion(): number {
  return useSyncExternalStore(subscribe, () => version);
}
