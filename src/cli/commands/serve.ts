import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.ts';
import { eachFlag, parsePort } from '../args.ts';
import { describeModes, startWeftServer } from '../../server/app.ts';

const HELP = `Usage: weft serve [--port N] [--host H] [--dir DIR]

Serves the built editor (run \`npm run build\` first; \`npm start\` does both) on this machine.

  --port N    port to listen on (default: $PORT, else 5173; 0 picks a free one)
  --host H    address to bind (default: $HOST, else 127.0.0.1)
  --dir DIR   directory to serve (default: dist)

Requests must be addressed to localhost/127.0.0.1 (or the --host name); add more names to trust with
WEFT_ALLOWED_HOSTS=name1,name2.

Provider calls go through /api/<provider>/…: with RUNCOMFY_API_KEY / RUNNINGHUB_API_KEY set (or a key in
the editor's settings) to the provider (RUNCOMFY_BASE_URL / RUNNINGHUB_BASE_URL override where), without
one to the built-in simulator, which spends nothing.`;

interface ServeArgs {
  port?: number;
  host?: string;
  dir?: string;
  help: boolean;
}

function parseArgs(args: string[]): ServeArgs {
  const out: ServeArgs = { help: false };
  eachFlag(args, (flag, value, arg) => {
    if (flag === '--help' || flag === '-h') out.help = true;
    else if (flag === '--port' || flag === '-p') out.port = parsePort(value());
    else if (flag === '--host') out.host = value();
    else if (flag === '--dir') out.dir = value();
    else throw new Error(`unknown option "${arg}"\n\n${HELP}`);
  });
  return out;
}

/** `weft serve`: the built app and its provider proxy / simulator on a loopback port, until Ctrl-C. */
export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N] [--host H]',
  summary: 'Serve the built editor (dist/) on this machine',
  async run(args, io) {
    const opts = parseArgs(args);
    if (opts.help) {
      io.out(HELP);
      return 0;
    }
    const root = path.resolve(io.cwd, opts.dir ?? 'dist');
    if (!existsSync(path.join(root, 'index.html'))) {
      io.err(`weft serve: ${path.relative(io.cwd, root) || root}/index.html not found. Run \`npm run build\` first (or \`npm start\`).`);
      return 1;
    }
    const port = opts.port ?? parsePort(process.env.PORT) ?? 5173;
    const host = opts.host ?? (process.env.HOST || '127.0.0.1');
    const allowedHosts = (process.env.WEFT_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const running = await startWeftServer({ root, host, port, allowedHosts, env: process.env, log: (line) => io.out(line) });
    io.out(`Weft is running at ${running.url}`);
    for (const line of describeModes(running.api.status())) io.out(`  ${line}`);
    if (host === '0.0.0.0' || host === '::') io.out('Listening on every interface: anyone who can reach this machine can open the editor.');
    io.out('Press Ctrl-C to stop.');

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void running.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
