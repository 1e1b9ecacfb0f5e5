import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { compileTemplate } from '../../core/templates/compile.ts';
import { describeTemplate, mappingReport } from '../../core/templates/describe.ts';
import { SchemaChoiceError } from '../../core/templates/schemaSource.ts';
import { loadTemplates } from '../loadTemplates.ts';

const MAX_SCHEMA_BYTES = 20 * 1024 * 1024;

/** `weft template <node-id | schema-file>`: prints the compiled template as JSON. */
export const templateCommand: Command = {
  name: 'template',
  usage: 'template <node-id | schema-file[#/json/pointer]>',
  summary: 'Print the node template compiled from an endpoint id or a schema file',
  async run(args, io) {
    const target = args.find((a) => !a.startsWith('-'));
    if (!target || args.includes('--help')) {
      io.out('Usage: weft template <node-id | schema-file[#/json/pointer]>\n\nA schema file may be a JSON Schema, an OpenAPI document, a RunningHub registry entry or a RunComfy catalog entry.\nA pointer after # picks one schema of a document that holds several (file.json#/components/schemas/Name).');
      return target ? 0 : 2;
    }
    const templates = await loadTemplates();
    const known = templates.get(target);
    if (known) {
      io.out(JSON.stringify(describeTemplate(known), null, 2));
      return 0;
    }
    const hash = target.indexOf('#');
    const file = hash > 0 ? target.slice(0, hash) : target;
    const ref = hash > 0 ? target.slice(hash) : undefined;
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch {
      const words = target.toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean);
      const near = [...templates.keys()]
        .map((id) => ({ id, score: words.filter((w) => id.toLowerCase().includes(w)).length }))
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
        .slice(0, 5)
        .map((c) => c.id);
      io.err(`weft template: "${target}" is neither a known node id nor a readable file.${near.length ? `\nDid you mean:\n  ${near.join('\n  ')}` : ''}`);
      return 2;
    }
    if (text.length > MAX_SCHEMA_BYTES) {
      io.err(`weft template: ${target} is larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
      return 2;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      io.err(`weft template: ${target} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    try {
      const template = compileTemplate(json, ref);
      io.out(JSON.stringify(describeTemplate(template), null, 2));
      const report = mappingReport(template);
      if (report.length) io.err(`weft template: ${report.length} field${report.length === 1 ? '' : 's'} not mapped one to one:\n  ${report.join('\n  ')}`);
      return 0;
    } catch (error) {
      if (error instanceof SchemaChoiceError) {
        io.err(`weft template: ${file} defines ${error.choices.length} request schemas and no operation; pick one:\n  ${error.choices.map((c) => `weft template ${file}${c.ref}   (${c.title})`).join('\n  ')}`);
        return 2;
      }
      io.err(`weft template: ${target}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};
