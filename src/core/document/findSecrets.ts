import type { Graph } from '../model/graph.ts';
import { parseLocalFileRef } from '../model/localFileRef.ts';
import { isKeyShaped } from '../redact.ts';
import { appendPath } from './paths.ts';

/** A string in a graph that looks like a credential. The secret itself is never repeated here. */
export interface SecretFinding {
  /** Where it is, e.g. `nodes[2].values.prompt`. */
  path: string;
  reason: string;
}

export interface SecretScanOptions {
  /** Keys configured on this machine: any string containing one is flagged, whatever its shape. */
  knownSecrets?: readonly string[];
}

const SK_TOKEN = /\bsk-[A-Za-z0-9_-]{16,}/;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/i;
const URL_START = /^(https?|blob|data):/i;
const CREDENTIAL_PARAM = /^(api[_-]?key|key|token|access[_-]?token|secret|password)$/i;
const CREDENTIAL_NAME = /(api[_-]?key|secret|password|passwd|auth[_-]?token|access[_-]?token|authorization)/i;
function checkString(text: string, known: readonly string[]): string | null {
  // A file picked in the browser: its content hash is not a secret; its name is still scanned.
  const local = parseLocalFileRef(text);
  if (local) text = local.name;
  if (known.some((secret) => secret.length >= 8 && text.includes(secret))) return 'contains a configured API key';
  if (SK_TOKEN.test(text)) return 'contains an API key (sk-…)';
  if (BEARER.test(text)) return 'contains a bearer token';
  if (URL_START.test(text.trim()) && URL.canParse(text.trim())) {
    // Media URLs often hold long hashes in their paths; only credential-named parameters count.
    for (const [name, value] of new URL(text.trim()).searchParams) {
      if (CREDENTIAL_PARAM.test(name) && value.length >= 8) return `a URL carries a credential in its "${name}" parameter`;
    }
    return null;
  }
  if (text.split(/[\s"'`,;:()[\]{}<>]+/).some(isKeyShaped)) return 'contains a long random token that looks like a key';
  return null;
}

/**
 * Flags key-shaped strings anywhere a user can type into a graph (name, titles, values and their
 * keys, group titles, the custom endpoint definitions a file carries): configured keys, `sk-…` keys,
 * `Bearer …` tokens, credentials in URL parameters, fields named like credentials, and long
 * high-entropy tokens. Modest by design: the
 * export scanner refuses a file with findings and the user decides; ids and hashes are not scanned.
 */
export function findSecrets(graph: Graph, options: SecretScanOptions = {}): SecretFinding[] {
  const known = options.knownSecrets ?? [];
  const findings: SecretFinding[] = [];
  const visit = (value: unknown, path: string, key?: string): void => {
    if (typeof value === 'string') {
      const reason = checkString(value, known);
      if (reason) findings.push({ path, reason });
      else if (key !== undefined && CREDENTIAL_NAME.test(key) && value.trim().length > 0) {
        findings.push({ path, reason: `a field named "${key}" holds a value; credentials never belong in a graph` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, appendPath(path, i)));
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, item] of Object.entries(value)) {
        const reason = checkString(name, known);
        if (reason) findings.push({ path: appendPath(path, name), reason: `the key ${reason}` });
        visit(item, appendPath(path, name), name);
      }
    }
  };
  visit(graph.name, 'name');
  graph.nodes.forEach((node, i) => {
    if (node.title !== undefined) visit(node.title, `nodes[${i}].title`);
    visit(node.values, `nodes[${i}].values`);
  });
  graph.groups?.forEach((group, i) => visit(group.title, `groups[${i}].title`));
  // A pasted schema can hold a key too (an example or a default): scanned like values.
  graph.customEndpoints?.forEach((def, i) => {
    visit(def.title, `customEndpoints[${i}].title`);
    if (def.description !== undefined) visit(def.description, `customEndpoints[${i}].description`);
    visit(def.endpoint, `customEndpoints[${i}].endpoint`);
    visit(def.inputSchema, `customEndpoints[${i}].inputSchema`);
  });
  return findings;
}
