/** Limits applied to a graph file before it is trusted (RELIABILITY promise 10). */
export interface LoadLimits {
  /** Longest file accepted, in characters (UTF-16 code units; about the same as bytes for JSON). */
  maxChars: number;
  /** Deepest nesting of objects and arrays (the document itself is depth 1). */
  maxDepth: number;
  maxNodes: number;
  maxEdges: number;
  maxGroups: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  maxChars: 10 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 5_000,
  maxEdges: 20_000,
  maxGroups: 1_000,
};

/** Keys refused anywhere in a file, before any object is built from it (prototype pollution). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
