// The command-line tools as a newcomer first meets them: --help, a typo in an option, a stray argument.
// Each is spawned for real; none of these runs a benchmark, an evaluation or a registration.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

const TOOLS = [
  { name: 'ask', script: 'src/cli/ask.ts', usage: 'npm run -s ask' },
  { name: 'validate', script: 'src/cli/validate.ts', usage: 'npm run validate' },
  { name: 'eval', script: 'src/cli/eval.ts', usage: 'npm run eval' },
  { name: 'bench', script: 'bench/run.ts', usage: 'npm run bench' },
  { name: 'discord:register', script: 'src/cli/discord-register.ts', usage: 'npm run discord:register' },
];

/** No "    at foo (file:line)" lines: a user never sees a stack trace. */
const STACK_LINE = /^\s+at .+[:(]/m;

describe.concurrent.each(TOOLS)('npm run $name', ({ script, usage }) => {
  it('prints its usage on --help and exits 0, doing nothing else', async () => {
    const r = await run(script, ['--help'], { DISCORD_TOKEN: '', DISCORD_APP_ID: '' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: /);
    expect(r.stdout).toContain(usage);
    expect(r.stdout).toContain('--help');
    // bench --help must not start a benchmark (it reports progress as "[bench …]" on stderr).
    expect(r.stderr).toBe('');
  });

  it('names an unknown option in one line, then shows the usage, and exits 2', async () => {
    const r = await run(script, ['--frobnicate']);
    expect(r.status).toBe(2);
    const [first, ...rest] = r.stderr.split('\n');
    expect(first).toMatch(/: unknown option '--frobnicate'$/);
    expect(rest.join('\n')).toContain(`Usage: ${usage}`);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });
});

describe.concurrent('arguments a tool does not take', () => {
  it('validate and bench name a stray argument and exit 2', async () => {
    for (const script of ['src/cli/validate.ts', 'bench/run.ts']) {
      const r = await run(script, ['quick']);
      expect(r.status, script).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/: unexpected argument 'quick'$/);
    }
  });

  it('an option without its value says so', async () => {
    const r = await run('src/cli/ask.ts', ['--dir']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("npm run ask: option '--dir' needs a value");
  });

  it('eval names a set that does not exist instead of failing with a trace', async () => {
    const r = await run('src/cli/eval.ts', ['eval/no-such-set.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("npm run eval: no such file 'eval/no-such-set.yaml'");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('discord:register without its tokens says which to set, in one line', async () => {
    const r = await run('src/cli/discord-register.ts', [], { DISCORD_TOKEN: '', DISCORD_APP_ID: '' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Set DISCORD_TOKEN and DISCORD_APP_ID');
  });
});
