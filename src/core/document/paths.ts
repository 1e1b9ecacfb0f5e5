/** One step into a JSON value: an object key or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends one segment to a formatted path: `nodes` + 3 → `nodes[3]`, + `x` → `nodes[3].x`, odd keys → `["my key"]`. */
export function appendPath(path: string, segment: PathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  if (IDENTIFIER.test(segment)) return path === '' ? segment : `${path}.${segment}`;
  return `${path}[${JSON.stringify(segment)}]`;
}

/** Formats a path the way JavaScript would write it, e.g. `nodes[3].position.x`; the root is ``. */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>(appendPath, '');
}
