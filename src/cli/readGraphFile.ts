import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LOAD_LIMITS } from '../core/document/limits.ts';
import { UsageError } from './usageError.ts';

/** A graph file's text, refused (exit 2) when it is missing, not a file, unreadable or over the load limit — before reading it. */
export async function readGraphFile(file: string, shown: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UsageError(`${shown} is not a file`);
    if (info.size > DEFAULT_LOAD_LIMITS.maxChars) throw new UsageError(`${shown} is too large (${info.size} bytes; the limit is ${DEFAULT_LOAD_LIMITS.maxChars})`);
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    throw new UsageError(`cannot read ${shown}: ${reason}`, { cause: error });
  }
}

/** A path as shown to people: relative to `cwd` when inside it, else absolute. */
export function shownPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
