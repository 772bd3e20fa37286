// Runs the real composition root (`node --import tsx src/main.ts`) as a child process, with a clean
// environment of our choosing, and collects what it printed and how it ended.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../../support/temp.ts';

export interface MainExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningMain {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exited: Promise<MainExit>;
  /** Resolves once stdout contains `text` (or rejects after `timeoutMs`). */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Sends a signal and resolves with the exit and how long it took. */
  stop(signal: NodeJS.Signals): Promise<MainExit & { ms: number }>;
}

export function tempDataDir(): string {
  return tempDir('responsibot-data-');
}

export function startMain(env: Record<string, string>): RunningMain {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', DISCORD_TOKEN: '', DISCORD_APP_ID: '', LOG_LEVEL: 'warn', KNOWLEDGE_DIR: 'knowledge', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    for (const l of listeners) l();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 170_000);
  const exited = new Promise<MainExit>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    // Waiting is not measuring: a busy machine may take long to start the process, so the default is generous.
    waitForOutput(text, timeoutMs = 90_000) {
      const seen = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      if (seen()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`main never printed ${String(text)}; stdout: ${out.slice(-500)}\nstderr: ${err.slice(-2000)}`));
        }, timeoutMs);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(() => {
          if (seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(new Error(`main exited before printing ${String(text)}; stderr: ${err.slice(-2000)}`));
        });
      });
    },
    async stop(signal) {
      const started = Date.now();
      child.kill(signal);
      const exit = await exited;
      return { ...exit, ms: Date.now() - started };
    },
  };
}

/** Runs main to its end without input (stdin closed) and returns the exit and output. */
export async function runMainToEnd(env: Record<string, string>): Promise<MainExit & { stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const main = startMain(env);
  main.child.stdin.end();
  const exit = await main.exited;
  return { ...exit, stdout: main.stdout(), stderr: main.stderr(), ms: Date.now() - started };
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Asks the console for a practice question and answers it: one option, or as many as a "Choose TWO/THREE" question wants. */
export async function answerPractice(main: RunningMain): Promise<void> {
  const from = main.stdout().length;
  main.child.stdin.write('/quiz practice\n');
  const deadline = Date.now() + 90_000;
  while (!main.stdout().slice(from).includes('Report this question')) {
    if (Date.now() > deadline) throw new Error(`no practice question was printed; stdout: ${main.stdout().slice(-500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const asked = main.stdout().slice(from);
  main.child.stdin.write(`${/Choose THREE/.test(asked) ? '1,2,3' : /Choose TWO/.test(asked) ? '1,2' : '1'}\n`);
}
