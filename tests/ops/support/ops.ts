// Helpers for tests that look at the bot as an operator does: Prometheus text, JSON log lines, and a
// bounded wait for a condition in another process.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** The value of one series in Prometheus text, e.g. sample(text, 'responsibot_posts_total', { kind: 'daily' }). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** Resolves with the first JSON log line on stderr whose msg matches. */
export function logLine(child: ChildProcessWithoutNullStreams, msg: string, timeoutMs = 20_000): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`no "${msg}" log line; stderr so far: ${buffer.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, any>;
        if (entry.msg === msg) {
          clearTimeout(timer);
          child.stderr.off('data', onData);
          resolve(entry);
          return;
        }
      }
    };
    child.stderr.on('data', onData);
  });
}

/** Asks until `ok` holds (the bot is another process: there is no event to wait on). */
export async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

