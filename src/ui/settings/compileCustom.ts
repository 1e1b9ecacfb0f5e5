import type { CustomEndpointDefinition } from '../../core/model/graph.ts';
import type { NodeTemplate, OutputKind } from '../../core/model/template.ts';
import type { SchemaChoice } from '../../core/templates/schemaChoices.ts';
import { MAX_SOURCE_CHARS } from './settingsStore.ts';

/** What the custom endpoint form shows for its current input: the node it would make, or why not. */
export type CompileOutcome =
  | { state: 'empty' }
  | { state: 'error'; message: string; field?: 'source' | 'title' | 'endpoint' | 'ref' }
  | { state: 'ok'; definition: CustomEndpointDefinition; template: NodeTemplate };

export interface CustomForm {
  id: string;
  source: string;
  title: string;
  provider: string;
  endpoint: string;
  /** Which schema of a document holding several (a JSON pointer). */
  ref?: string;
  /** What the node returns, when the user chose it. */
  output?: { kind: OutputKind; list: boolean };
}

/** The request schemas a document offers when it has no operation (empty when it needs no choice). */
export async function schemaChoicesOf(source: string): Promise<SchemaChoice[]> {
  const json = parseJsonText(source);
  if (!json.ok) return [];
  const { parseSchemaSource, SchemaChoiceError } = await import('../../core/templates/schemaSource.ts');
  try {
    parseSchemaSource(json.value);
    return [];
  } catch (error) {
    return error instanceof SchemaChoiceError ? error.choices : [];
  }
}

/** Reads JSON text, with the position of a syntax error in words. */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `This is not valid JSON: ${detail}` };
  }
}

/**
 * Compiles the form into a node, the same way the catalog will (normalise, check, compile), with a
 * message for the first problem: no schema, bad JSON, an unknown shape, no title or endpoint id.
 */
export async function compileForm(form: CustomForm): Promise<CompileOutcome> {
  if (!form.source.trim()) return { state: 'empty' };
  if (form.source.length > MAX_SOURCE_CHARS) {
    return { state: 'error', field: 'source', message: `The schema is ${Math.round(form.source.length / 1024)} KiB; the limit is ${MAX_SOURCE_CHARS / 1024} KiB.` };
  }
  const json = parseJsonText(form.source);
  if (!json.ok) return { state: 'error', field: 'source', message: json.message };
  const { compileCustomEndpoint, customEndpointFromDocument } = await import('../../core/document/customEndpoints.ts');
  const { parseSchemaSource } = await import('../../core/templates/schemaSource.ts');
  try {
    parseSchemaSource(json.value, form.ref);
  } catch (error) {
    const { SchemaChoiceError } = await import('../../core/templates/schemaSource.ts');
    if (error instanceof SchemaChoiceError) return { state: 'error', field: 'ref', message: `This document holds ${error.choices.length} request schemas and no operation: choose which one the node sends.` };
    return { state: 'error', field: 'source', message: error instanceof Error ? error.message : String(error) };
  }
  if (!form.title.trim()) return { state: 'error', field: 'title', message: 'Give the node a title (it is how you find it in the palette).' };
  if (!form.endpoint.trim()) return { state: 'error', field: 'endpoint', message: 'Enter the endpoint id the provider runs, e.g. google-deepmind/veo-3-1/reference-to-video.' };
  try {
    const definition = customEndpointFromDocument(json.value, form);
    return { state: 'ok', definition, template: compileCustomEndpoint(definition) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const field = message.startsWith('endpoint') ? 'endpoint' : message.startsWith('title') ? 'title' : 'source';
    return { state: 'error', field, message: field === 'endpoint' ? `The endpoint id is ${message.replace(/^endpoint: /, '')}.` : message };
  }
}
