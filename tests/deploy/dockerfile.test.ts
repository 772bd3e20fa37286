// No Docker engine runs here, so the Dockerfile is checked against what CI and the README run: the
// same `npm ci`, the same start command, production dependencies that are enough for it, a non-root
// user in a runtime stage without compilers — and the runtime stage's files, laid out as the image
// lays them, really start the bot and pass the image's health check.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logLine } from '../ops/support/ops.ts';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions by stage, with comments dropped and continuation lines joined. */
function parseDockerfile(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') stages.push([]);
    stages.at(-1)!.push({ op, args: m[2]!.trim().replace(/\s+/g, ' ') });
  }
  return stages;
}

const dockerfile = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const runtime = dockerfile.at(-1)!;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string>; engines: { node: string } };
const all = (stage: Instruction[], op: string) => stage.filter((i) => i.op === op).map((i) => i.args);
const jsonForm = (args: string) => JSON.parse(args) as string[];

describe('Dockerfile', () => {
  it('is multi-stage, on the Node.js line the project supports, and runs as a non-root user', () => {
    expect(dockerfile.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile) {
      const major = Number(/^node:(\d+)/.exec(stage[0]!.args)?.[1]);
      expect(major).toBeGreaterThanOrEqual(Number(/>=(\d+)/.exec(pkg.engines.node)![1]));
    }
    const user = all(runtime, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('keeps compilers and package installs out of the runtime stage (small image)', () => {
    expect(all(runtime, 'RUN').join('\n')).not.toMatch(/apt-get install|npm (ci|install)|g\+\+|python3/);
    expect(runtime[0]!.args).toMatch(/-slim\b/);
  });

  it("installs with CI's npm ci command, without the dev tools", () => {
    const ciScript = readFileSync('.ci/run', 'utf8').split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
    const ci = /npm ci[^&\n]*/.exec(ciScript)![0].trim().split(' ');
    const installs = dockerfile.flatMap((s) => all(s, 'RUN')).filter((r) => r.includes('npm ci'));
    expect(installs).toHaveLength(1);
    const docker = /npm ci[^&\n]*/.exec(installs[0]!)![0].trim().split(' ');
    expect(docker.filter((a) => a !== '--omit=dev').sort()).toEqual([...ci].sort());
    expect(docker).toContain('--omit=dev');
    expect(readFileSync('README.md', 'utf8')).toContain('npm ci && npm test');
  });

  it("starts with the README's start command, which needs only production dependencies", () => {
    expect(jsonForm(all(runtime, 'CMD').at(-1)!)).toEqual(['npm', 'start']);
    expect(readFileSync('README.md', 'utf8')).toContain('npm install && npm start');
    // `npm start` runs tsx, and every package the bot imports must survive --omit=dev.
    const bin = pkg.scripts.start!.split(' ')[0]!;
    expect(Object.keys(pkg.dependencies)).toContain(bin);
    const imported = new Set<string>();
    const files = spawnSync('git', ['ls-files', 'src'], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.ts'));
    for (const f of files) {
      // Static imports and exports (at the start of a line) and dynamic import('…'); not words in strings.
      for (const m of readFileSync(f, 'utf8').matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^'.][^']*)'|\bimport\(\s*'([^'.][^']*)'\s*\)/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect([...imported].filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });

  it('keeps secrets, local state and installs out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['.env', 'data', 'node_modules', '.git']) expect(ignored).toContain(p);
  });

  it("keeps the database on a volume the bot's user owns, and exposes the ports it listens on", () => {
    const env = Object.fromEntries(all(runtime, 'ENV').flatMap((e) => e.split(' ').map((kv) => kv.split('=') as [string, string])));
    expect(all(runtime, 'VOLUME').map(jsonForm).flat()).toContain(env.DATA_DIR);
    expect(all(runtime, 'RUN').join('\n')).toContain(`chown node:node ${env.DATA_DIR}`);
    expect(all(runtime, 'EXPOSE').join(' ').split(' ')).toEqual(expect.arrayContaining([env.PORT, env.OPS_PORT]));
  });

  it("starts the bot from exactly the runtime stage's files, answers, and passes the image's health check", async () => {
    const app = mkdtempSync(join(tmpdir(), 'responsibot-image-'));
    try {
      for (const copy of all(runtime, 'COPY').filter((c) => !c.startsWith('--from'))) {
        const parts = copy.split(' ');
        const dest = parts.pop()!;
        for (const src of parts) cpSync(src, dest.endsWith('/') ? join(app, src) : join(app, dest), { recursive: true });
      }
      // The deps stage's node_modules; here the checkout's own (the test above checks it has no more than production needs).
      symlinkSync(resolve('node_modules'), join(app, 'node_modules'), 'dir');
      const imageEnv = Object.fromEntries(all(runtime, 'ENV').flatMap((e) => e.split(' ').map((kv) => kv.split('=') as [string, string])));
      const [cmd, ...args] = jsonForm(all(runtime, 'CMD').at(-1)!);
      // As in the image, but with a fresh data directory and any free port (tests run side by side).
      const child = spawn(cmd!, args, {
        cwd: app,
        env: { PATH: process.env.PATH, HOME: app, ...imageEnv, DATA_DIR: join(app, 'data'), OPS_PORT: '0', LOG_LEVEL: 'info' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((done) => child.once('close', done));
      const ops = await logLine(child, 'ops endpoints listening (/healthz, /readyz, /metrics)');
      const answered = new Promise<void>((done) => child.stdout.on('data', () => out.includes('AWS is responsible') && done()));
      child.stdin.write('who patches the hypervisor?\n');
      await answered;
      const health = jsonForm(all(runtime, 'HEALTHCHECK').at(-1)!.replace(/^.*?CMD /, ''));
      const probe = spawnSync(health[0]!, health.slice(1), { env: { ...process.env, OPS_PORT: String(ops.port) }, encoding: 'utf8', timeout: 20_000 });
      expect(probe.status, probe.stderr).toBe(0);
      child.stdin.end();
      expect(await exited).toBe(0);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
