// Figure 2: cold start. Spawns the real bot (`node --import tsx src/main.ts`, console adapter) with one
// question piped to stdin and measures spawn → first answer on stdout, i.e. how long until a freshly
// started bot can answer. DATA_DIR is a fresh temp dir per run (the SQLite store is created on start).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../lib/stats.ts';
import { botEnv, REPO_ROOT } from '../lib/child.ts';

export interface ColdStartRun {
  /** spawn() → first byte of the answer on stdout. */
  firstAnswerMs: number;
  /** spawn() → process exit (end of input, clean shutdown). */
  exitMs: number;
}

export interface ColdStartResult {
  knowledgeDir: string;
  question: string;
  runs: ColdStartRun[];
  firstAnswerMedianMs: number;
  exitMedianMs: number;
  /** The start of what the bot printed, to show it really answered. */
  sample: string;
}

function once(knowledgeDir: string, question: string): Promise<ColdStartRun & { output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'responsibot-bench-data-'));
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env: botEnv({ KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let firstAnswerMs: number | undefined;
    let output = '';
    let errors = '';
    child.stdout.on('data', (d: Buffer) => {
      firstAnswerMs ??= performance.now() - start;
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    // A bot that never answers or never exits must not hang the run (or CI).
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const exitMs = performance.now() - start;
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0 || firstAnswerMs === undefined) return reject(new Error(`bot exited with ${code} before answering: ${errors.slice(-1000)}`));
      resolve({ firstAnswerMs, exitMs, output });
    });
    child.stdin.end(`${question}\n`);
  });
}

export async function coldStart(knowledgeDir: string, question: string, runs: number): Promise<ColdStartResult> {
  const results: ColdStartRun[] = [];
  let sample = '';
  for (let i = 0; i < runs; i++) {
    const r = await once(knowledgeDir, question);
    results.push({ firstAnswerMs: r.firstAnswerMs, exitMs: r.exitMs });
    sample = r.output.split('\n').slice(0, 2).join(' / ');
  }
  return {
    knowledgeDir,
    question,
    runs: results,
    firstAnswerMedianMs: median(results.map((r) => r.firstAnswerMs)),
    exitMedianMs: median(results.map((r) => r.exitMs)),
    sample,
  };
}
