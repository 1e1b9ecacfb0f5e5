/**
 * The one redaction (RELIABILITY promise 18): every string that comes from a provider passes here
 * before it is shown, logged, stored, emitted as JSON or forwarded to the page. It removes
 *
 * - the configured keys (passed in: only the caller knows them), also percent-encoded or JSON-escaped;
 * - `Bearer …` credentials and `Authorization: …` values;
 * - values of credential-named fields in JSON, query strings, forms and `name: value` text
 *   (`apiKey`, `apikey`, `api_key`, `x-api-key`, `access_token`, `secret`, `password`, …);
 * - key-shaped tokens: `sk-…` keys, JWTs, and long random-looking runs of key characters.
 *
 * `kind: 'data'` is for text that carries data as well as words (a provider answer forwarded to the page
 * whatever its content type): only the configured keys and bearer credentials go, so result URLs with
 * signatures, file names that are hashes and job ids stay intact. Pure: no I/O, safe in the browser.
 */

export const REDACTED = '[redacted]';

export interface RedactOptions {
  /** `message` (default): everything above. `data`: configured keys and bearer credentials only. */
  kind?: 'message' | 'data';
}

/** A function that redacts with the secrets it was made with. */
export type Redactor = (text: string) => string;

/** Keys shorter than this are not looked for as substrings: they would match ordinary text. */
const MIN_SECRET_LENGTH = 4;

// Each pattern skips a value already replaced (`(?!\[redacted\])`), so passes can run in any order.
const BEARER = /\b(Bearer)(\s+)(?!\[redacted\])[^\s"',;)}\]<>]+/gi;
const AUTHORIZATION = /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(?!Bearer\b|\[redacted\])(?:(?:Basic|Token|Digest)\s+)?[^\s"',;)}\]<>]+/gi;
const CREDENTIAL_NAMES = String.raw`x-weft-api-key|x-api-key|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|secret[_-]?key|secret|password|passwd|token`;
/** `"apiKey": "…"`, `apiKey=…`, `api_key: …`: the name kept, the value replaced (quoted values whole). */
const CREDENTIAL_FIELD = new RegExp(String.raw`(?<![A-Za-z0-9_])(${CREDENTIAL_NAMES})(["']?\s*[:=]\s*)(?!["']?\[redacted\])("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"'&,;)}\]<>]+)`, 'gi');
const SK_TOKEN = /\bsk-[A-Za-z0-9_-]{16,}/g;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
/** Runs of key characters long enough to be a key; each is checked by `isKeyShaped`. */
const TOKEN_RUN = /[A-Za-z0-9_\-+=]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_CHARS = /^[A-Za-z0-9_\-+/=.]+$/;

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A long random-looking token: 32+ key characters, letters and digits mixed, high entropy. A canonical
 * UUID is an id (RunComfy's request ids are UUIDs), not a key shape; a configured key that is a UUID is
 * still removed as a known secret.
 */
export function isKeyShaped(token: string): boolean {
  if (token.length < 32 || !KEY_CHARS.test(token) || UUID.test(token)) return false;
  const digits = token.replace(/[^0-9]/g, '').length;
  const letters = token.replace(/[^A-Za-z]/g, '').length;
  return digits >= 4 && letters >= 4 && entropy(token) >= 3.5;
}

/** The forms a key can take inside a text: as is, percent-encoded, JSON-escaped. */
function secretForms(secrets: readonly (string | undefined | null)[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a key that contains another configured key is removed whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

function removeKnown(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

function removeShapes(text: string): string {
  return text
    .replace(AUTHORIZATION, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(CREDENTIAL_FIELD, (_m, name: string, sep: string, value: string) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
      return `${name}${sep}${quote}${REDACTED}${quote}`;
    })
    .replace(SK_TOKEN, REDACTED)
    .replace(JWT, REDACTED)
    .replace(TOKEN_RUN, (run) => (isKeyShaped(run) ? REDACTED : run));
}

/** `text` without secrets: the configured ones and, unless `kind` is `data`, anything credential-shaped. */
export function redactSecrets(text: string, knownSecrets: readonly (string | undefined | null)[] = [], options: RedactOptions = {}): string {
  return redactWith(text, secretForms(knownSecrets), options);
}

function redactWith(text: string, forms: readonly string[], options: RedactOptions): string {
  if (typeof text !== 'string' || text === '') return text;
  let out = removeKnown(text, forms).replace(BEARER, (_m, word: string, space: string) => `${word}${space}${REDACTED}`);
  if (options.kind !== 'data') out = removeShapes(out);
  return out;
}

/** A redactor closed over the configured keys (computed once): what adapters, the server and the CLI hold. */
export function secretRedactor(knownSecrets: readonly (string | undefined | null)[] = [], options: RedactOptions = {}): Redactor {
  const forms = secretForms(knownSecrets);
  return (text) => redactWith(text, forms, options);
}

/** A copy of a JSON-like value with every string (and object key) passed through `redact`. */
export function redactDeep<T>(value: T, redact: Redactor, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redact(k)] = redactDeep(v, redact, depth + 1);
  return out as T;
}
