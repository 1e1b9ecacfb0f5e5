import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { WeftCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { compileTemplate } from '../../core/templates/compile.ts';
import { describeTemplate, mappingReport } from '../../core/templates/describe.ts';
import { SchemaChoiceError } from '../../core/templates/schemaSource.ts';
import { loadTemplates } from '../loadTemplates.ts';
import { jsonText, terminalText } from '../terminalText.ts';
import { UsageError } from '../usageError.ts';

const MAX_SCHEMA_BYTES = 20 * 1024 * 1024;

/** Up to five known ids sharing the most words with `target`. */
function nearIds(target: string, ids: Iterable<string>): string[] {
  const words = target.toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean);
  return [...ids]
    .map((id) => ({ id, score: words.filter((w) => id.toLowerCase().includes(w)).length }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, 5)
    .map((c) => c.id);
}

async function readSchemaFile(file: string, shown: string): Promise<unknown> {
  const info = await stat(file);
  if (info.size > MAX_SCHEMA_BYTES) throw new UsageError(`${shown} is larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${shown} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** `weft template <node-id | schema-file>`: prints the compiled template as JSON. */
export const templateCommand: WeftCommand = {
  name: 'template',
  summary: "Print a node's template, from an endpoint id or a schema file",
  define: (cmd) =>
    cmd
      .argument('<node-id|schema-file>', 'an endpoint id (see `weft nodes`) or a JSON file, with #/json/pointer to pick one schema of several')
      .addHelpText('after', '\nA schema file may be a JSON Schema, an OpenAPI document, a Replicate model, a RunningHub registry entry or a\nRunComfy catalog entry. The template is printed as JSON on stdout.'),
  async run([target], _options, io) {
    const ref = target as string;
    const templates = await loadTemplates();
    const known = templates.get(ref);
    if (known) {
      io.out(jsonText(describeTemplate(known), 2));
      return EXIT.ok;
    }
    const hash = ref.indexOf('#');
    const fileRef = hash > 0 ? ref.slice(0, hash) : ref;
    const pointer = hash > 0 ? ref.slice(hash) : undefined;
    const file = resolve(io.cwd, fileRef);
    const isFile = await stat(file).then((s) => s.isFile(), () => false);
    if (!isFile) {
      const near = nearIds(ref, templates.keys());
      throw new UsageError(`"${ref}" is neither a known node id nor a readable file.${near.length ? `\nDid you mean:\n  ${near.join('\n  ')}` : ''}`);
    }
    const json = await readSchemaFile(file, fileRef);
    try {
      const template = compileTemplate(json, pointer);
      io.out(jsonText(describeTemplate(template), 2));
      const report = mappingReport(template);
      if (report.length) io.err(terminalText(`weft template: ${report.length} field${report.length === 1 ? '' : 's'} not mapped one to one:\n  ${report.join('\n  ')}`));
      return EXIT.ok;
    } catch (error) {
      if (error instanceof SchemaChoiceError) {
        throw new UsageError(`${fileRef} defines ${error.choices.length} request schemas and no operation; pick one:\n  ${error.choices.map((c) => `weft template ${fileRef}${c.ref}   (${c.title})`).join('\n  ')}`);
      }
      throw new Error(`${ref}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  },
};
