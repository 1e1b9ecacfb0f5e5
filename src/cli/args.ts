import { InvalidArgumentError } from 'commander';

/** Small pieces the CLI commands share for reading their arguments. */

/** A port number (0–65535), or undefined for an empty value. */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port "${text}" (0-65535)`);
  return port;
}

/**
 * An option value parser for commander from a function that throws a plain Error: its message becomes
 * commander's "option '--x <v>' argument 'y' is invalid. <message>" (exit 2).
 */
export function optionParser<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** A repeatable option's parser: each value (parsed by `parse`) appended to the earlier ones. */
export function repeatable<T>(parse: (text: string) => T = (t) => t as T): (text: string, previous: T[] | undefined) => T[] {
  const one = optionParser(parse);
  return (text, previous) => [...(previous ?? []), one(text)];
}
