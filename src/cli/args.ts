/** Small pieces the CLI commands share for reading their arguments. */

/** A port number (0–65535), or undefined for an empty value. */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port "${text}"`);
  return port;
}

/**
 * Walks `--flag value` and `--flag=value` arguments: `onFlag(flag, value, arg)` is called per argument,
 * where `value()` takes the flag's value (inline or the next argument) and fails when there is none.
 */
export function eachFlag(args: string[], onFlag: (flag: string, value: () => string, arg: string) => void): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    onFlag(
      flag,
      () => {
        const v = inline ?? args[++i];
        if (v === undefined) throw new Error(`${flag} needs a value`);
        return v;
      },
      arg,
    );
  }
}
