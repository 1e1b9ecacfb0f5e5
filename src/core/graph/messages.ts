/**
 * The one registry of connection-rule codes and their messages (xyflow-style): every refusal from
 * `canConnect` and every edge the loader drops for a rule carries one of these codes, and its human
 * reason is built here and nowhere else.
 */
export const connectMessages = {
  'self-loop': (p: { node: string }) => `${p.node} cannot feed itself`,
  'node-missing': (p: { node: string }) => `there is no node "${p.node}"`,
  'unknown-type': (p: { node: string; type: string }) =>
    `node "${p.node}" has type ${p.type}, which is not installed`,
  'output-missing': (p: { node: string; port: string }) => `${p.node} has no output "${p.port}"`,
  'input-missing': (p: { node: string; port: string }) => `${p.node} has no input "${p.port}"`,
  'not-connectable': (p: { to: string }) => `${p.to} cannot take a wire; set it on the node`,
  'kind-mismatch': (p: { to: string; accepts: string; from: string; kind: string }) =>
    `${p.to} takes ${p.accepts}, but ${p.from} is ${p.kind}`,
  'list-into-single': (p: { to: string; kind: string; from: string }) =>
    `${p.to} takes a single ${p.kind}, but ${p.from} gives a list`,
  'list-full': (p: { to: string; max: number; count: number }) =>
    `${p.to} takes at most ${p.max} wire${p.max === 1 ? '' : 's'} and already has ${p.count}`,
  'input-taken': (p: { to: string; from: string }) =>
    `${p.to} takes one wire and is already fed by ${p.from}`,
  'duplicate-edge': (p: { from: string; to: string }) => `${p.from} is already wired to ${p.to}`,
  cycle: (p: { loop: string }) => `this wire would make a loop: ${p.loop}`,
} satisfies Record<string, (params: never) => string>;

export type ConnectCode = keyof typeof connectMessages;

/** Builds the human message for a connection code from its parameters. */
export function connectMessage<C extends ConnectCode>(
  code: C,
  params: Parameters<(typeof connectMessages)[C]>[0],
): string {
  return (connectMessages[code] as (p: typeof params) => string)(params);
}
