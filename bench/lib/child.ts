// Spawning measured child processes: `node --import tsx <script>` from the repo root, so TypeScript runs
// as it does in production (npm start is tsx too), with a clean environment for the bot.
import { spawn } from 'node:child_process';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

/** The environment for a bot child: no platform tokens (so the console adapter runs), no logs. */
export function botEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_TOKEN: '',
    DISCORD_APP_ID: '',
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

export interface ChildOptions {
  nodeFlags?: string[];
  /** What runs the TypeScript: tsx (as in production) unless another --import loader is given. */
  loader?: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (and the promise rejected) after this long; a hung child must not hang CI. */
  timeoutMs?: number;
}

/** Runs a TypeScript script in a fresh node and parses the last JSON line it prints on stdout. */
export function runJsonChild<T>(script: string, args: string[], opts: ChildOptions = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const argv = [...(opts.nodeFlags ?? []), '--import', opts.loader ?? 'tsx', script, ...args];
    const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').filter(Boolean).at(-1);
      if (code !== 0 || !line) return reject(new Error(`${script} exited with ${code}: ${err.trim().slice(-2000)}`));
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out.slice(-500)}`));
      }
    });
  });
}
