import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every call's timeout fires, also after garbage collection (RELIABILITY promise 16): on Node 20,
 * `AbortSignal.any([AbortSignal.timeout(t), signal])` stops firing once GC has run, and a provider that
 * accepts the connection and goes silent held `weft run` for hours. Each case runs in a child
 * `node --expose-gc` that collects garbage every few milliseconds while the call waits on a silent
 * server. The child is killed after 45 s: a call still waiting then never timed out.
 */

const SCRIPT = fileURLToPath(new URL('./gc/silentProvider.ts', import.meta.url));

function runChild(provider: string, call: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT, provider, call], { timeout: 45_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`child did not finish: ${error.killed ? 'killed after 45 s (the timeout never fired)' : error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
    });
  });
}

describe('timeouts fire under forced garbage collection', () => {
  for (const [provider, call] of [
    ['runcomfy', 'status'],
    ['runcomfy', 'submit'],
    ['runninghub', 'status'],
    ['runninghub', 'submit'],
  ] as const) {
    it.concurrent(`${provider} ${call}: a silent provider ends in a timeout error`, async () => {
      const outcome = await runChild(provider, call);
      expect(outcome.ended).toBe('error');
      const info = outcome.info as Record<string, unknown>;
      expect(info).toMatchObject({ provider, call, class: 'transient' });
      expect(String(info.message)).toMatch(/did not answer .* within/);
      if (call === 'submit') expect(info).toMatchObject({ mayHaveStarted: true, retrySafe: false });
      else expect(info.retrySafe).toBe(true);
    }, 60_000);
  }
});
