/**
 * Node templates: what a node type looks like (fields, ports, validator), computed in memory from an
 * endpoint definition or a pasted schema. Templates are never saved; saved nodes hold only values.
 */

/** The kind of a field: decides its widget and which outputs may be wired into it. */
export type FieldKind =
  | 'text'
  | 'enum'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'image'
  | 'video'
  | 'audio'
  | 'json';

/** The kind of value an output port carries. `file` is any other downloadable result (e.g. a 3D model). */
export type OutputKind = 'text' | 'integer' | 'number' | 'boolean' | 'image' | 'video' | 'audio' | 'json' | 'file';

export const MEDIA_KINDS = ['image', 'video', 'audio'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export function isMediaKind(kind: string): kind is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(kind);
}

export type EnumValue = string | number | boolean;

export interface EnumOption {
  value: EnumValue;
  /** Human label: the provider's English option text where it has one, else the value. */
  label: string;
}

/** A provider rule checked before submit, with the provider's own message (RunComfy `validations`). */
export interface FieldRule {
  rule: string;
  value: number | string;
  message: string;
}

export interface Field {
  /** The payload key, exactly as the provider spells it. */
  name: string;
  title: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  default?: unknown;
  /** Present when the field takes several values (an array of media): count limits. */
  list?: { min: number; max?: number };
  options?: EnumOption[];
  min?: number;
  max?: number;
  step?: number;
  minLength?: number;
  maxLength?: number;
  /** Prompt-like text: shown as a textarea. */
  multiline?: boolean;
  /** An example value from the provider's docs, shown greyed in the empty widget (never sent). */
  placeholder?: string;
  /** Accepted file types (upper-case extensions) and size cap in MB, where the provider says. */
  accept?: string[];
  maxSizeMb?: number;
  rules?: FieldRule[];
  /** Why the compiler fell back or changed something (e.g. "nested object: edit as JSON"). */
  note?: string;
  /** Enum values keep their JSON type in the payload (RunningHub LIST sends strings, RunComfy may send numbers). */
  valueType?: 'string' | 'integer' | 'number' | 'boolean';
  /** The field can be fed by a wire. */
  connectable: boolean;
  /** Output kinds this field takes, overriding the rule by kind (e.g. a preview takes any media or text). */
  accepts?: OutputKind[];
  /** A port without a widget (its value only ever comes from wires). */
  portOnly?: boolean;
  /** A credential the schema asks for in the body (e.g. a legacy `apiKey`): injected at call time, never saved. */
  secret?: boolean;
  /**
   * Where the value goes in the request body when not at `[name]` (a field of one variant under a
   * shared name). An empty path is never sent (a variant selector of Weft's own).
   */
  path?: string[];
  /**
   * The field exists only while the selector field `when.field` holds one of `when.values`: it belongs
   * to some variants of a request that is a `oneOf`/`anyOf` of object shapes. Read fields with `inputsOf`.
   */
  when?: { field: string; values: EnumValue[] };
  /** This enum chooses which variant of the request is sent (its options are the variants). */
  selects?: boolean;
  /**
   * The request wants this media wrapped in an object: the URL goes at `key`, beside the `fixed` values
   * (e.g. `{type: "video", uri}`, `{url}`); each item of a list is wrapped alike.
   */
  wrap?: { key: string; fixed?: Record<string, unknown> };
  /**
   * The other shapes the value may take (a field whose schema is an `anyOf`/`oneOf`, e.g. a preset name
   * or a `{width, height}` object): each described as a field of the same name, the widget offers the choice.
   */
  forms?: Field[];
  /** An enum whose options are suggestions: any text is accepted too (an editable combo). */
  freeText?: boolean;
}

export interface Output {
  name: string;
  kind: OutputKind;
  /** The provider may return several values. */
  list?: boolean;
}

/** One problem with a payload or value, located by field name. */
export interface Problem {
  field: string;
  message: string;
  code: string;
}

export interface NodeTemplate {
  /** Node type id: `<provider>/<endpoint>` or `weft/<builtin>`. */
  id: string;
  title: string;
  provider: string;
  endpoint?: string;
  category: string;
  description?: string;
  inputs: Field[];
  outputs: Output[];
  /** Stable hash of the input schema, saved on nodes to detect schema drift. */
  schemaHash: string;
  /**
   * Inputs a node of this type adds from its own values (e.g. a text template's `{name}` placeholders),
   * after `inputs`. Absent for most templates. Read a node's inputs with `inputsOf`, never `inputs` alone.
   */
  instanceInputs?(values: Record<string, unknown>): Field[];
  /**
   * Checks a payload (field name → value) against the schema and the provider's rules — including the
   * fields `instanceInputs` derives from that same payload.
   */
  validate(payload: Record<string, unknown>): Problem[];
}
