// Broken knowledge files: random corruptions of valid packs (truncation, inserted bytes, wrong types,
// duplicated keys, deleted required fields, files over 2 MB, binary garbage). loadKnowledge reports
// every problem as `file:line: reason` and never throws; `node --import tsx src/main.ts` refuses to
// start on such a pack with exactly that report and exit code 1, never a stack trace.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { formatProblem } from '../../src/core/knowledge/yaml-file.ts';
import { ALWAYS_INVALID, copyDemoPack, copyRealPack, corruptPack, corruption, fileKind, yamlFiles, reportViolations, type Corruption } from './support/corrupt.ts';
import { writePack } from '../support/packs.ts';
import { fcParams, LONG, pick, SEED, summary, TEST_TIMEOUT } from './support/env.ts';
import { tempDir } from '../support/temp.ts';

const HANG_MS = 10_000;

/**
 * Corrupts one to three files of a fresh pack copy (one edit per file: two edits of one file can undo
 * each other) and checks what loadKnowledge says about it.
 */
async function checkCorrupted(root: string, edits: { file: number; c: Corruption }[], stats: Record<string, number>): Promise<void> {
  try {
    const invalid = new Set<string>();
    let manifestBroken = false;
    const fileCount = yamlFiles(root).length;
    const seen = new Set<number>();
    for (const e of edits) {
      if (seen.has(e.file % fileCount)) continue;
      seen.add(e.file % fileCount);
      const file = corruptPack(root, e.file, e.c);
      if (!file) continue;
      stats[e.c.kind] = (stats[e.c.kind] ?? 0) + 1;
      if (fileKind(file) === 'pack') manifestBroken = true;
      if (ALWAYS_INVALID.has(e.c.kind)) invalid.add(file);
    }
    const started = performance.now();
    const { packs, problems } = loadKnowledge(root); // a throw fails the property
    const ms = performance.now() - started;
    expect(ms, 'loadKnowledge hung').toBeLessThan(HANG_MS);
    expect(reportViolations(root, problems)).toEqual([]);
    if (problems.length === 0) {
      stats.stillValid = (stats.stillValid ?? 0) + 1;
      expect(packs).toHaveLength(1);
    } else {
      stats.reported = (stats.reported ?? 0) + 1;
      expect(packs).toHaveLength(0); // a pack with problems is never half-loaded
    }
    if (invalid.size) expect(problems.length, `expected a problem for ${[...invalid].join(', ')}`).toBeGreaterThan(0);
    // Files are parsed one by one, so each broken one is named (unless the manifest itself is broken,
    // which stops the pack before its other files are read).
    if (!manifestBroken) {
      for (const file of invalid) expect(problems.some((p) => file.endsWith(p.file)), `no problem names ${file}:\n${problems.map(formatProblem).join('\n')}`).toBe(true);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const edits = fc.array(fc.record({ file: fc.nat(), c: corruption }), { minLength: 1, maxLength: 3 });

describe('loadKnowledge on corrupted packs', () => {
  it(
    'the small demo pack: every corruption is reported as file:line: reason, never thrown',
    async () => {
      const stats: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(edits, async (e) => checkCorrupted(copyDemoPack(), e, stats)),
        fcParams(pick(300, 5000)),
      );
      summary('knowledge corruption (demo pack)', { 'packs corrupted': (stats.reported ?? 0) + (stats.stillValid ?? 0), reported: stats.reported ?? 0, 'still valid': stats.stillValid ?? 0, ...Object.fromEntries(Object.entries(stats).filter(([k]) => !['reported', 'stillValid'].includes(k))) });
    },
    TEST_TIMEOUT,
  );

  it(
    'the real AWS pack (18 files): every corruption is reported as file:line: reason, never thrown',
    async () => {
      const stats: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(edits, async (e) => checkCorrupted(copyRealPack(), e, stats)),
        fcParams(pick(40, 800)),
      );
      summary('knowledge corruption (real pack)', { 'packs corrupted': (stats.reported ?? 0) + (stats.stillValid ?? 0), reported: stats.reported ?? 0, 'still valid': stats.stillValid ?? 0 });
    },
    TEST_TIMEOUT,
  );

  it('reports a knowledge file that is a directory instead of failing on it', () => {
    const root = copyDemoPack();
    try {
      const topics = yamlFiles(root).find((f) => f.endsWith('a.yaml'))!;
      rmSync(topics);
      mkdirSync(topics); // "a.yaml" is now a folder
      const { problems } = loadKnowledge(root);
      expect(reportViolations(root, problems)).toEqual([]);
      expect(problems.map(formatProblem).join('\n')).toMatch(/a\.yaml.*:1: cannot read file \(EISDIR\)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

// ---- the bot refusing to start ---------------------------------------------------------------------

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts main on a pack; `slowReaderMs` holds off reading its stderr that long (a busy log collector). */
function startMain(knowledgeDir: string, slowReaderMs = 0): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: tempDir('responsibot-data-'), SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  if (slowReaderMs) {
    child.stderr.pause();
    setTimeout(() => child.stderr.resume(), slowReaderMs);
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

/** Node's own warnings (e.g. yaml's "Keys with collection values will be stringified") are not ours. */
const NODE_WARNING = /^\(node:\d+\) |^\(Use `node --trace-warnings/;

async function expectRefusal(root: string): Promise<number> {
  const expected = loadKnowledge(root).problems.map(formatProblem);
  expect(expected.length).toBeGreaterThan(0);
  const exit = await startMain(root);
  const lines = exit.stderr.split('\n').filter((l) => l && !NODE_WARNING.test(l));
  expect(exit.code, exit.stderr).toBe(1);
  expect(exit.stdout).toBe('');
  expect(exit.stderr).not.toMatch(/^\s+at |Error:|node:internal|\.ts:\d+:\d+\)?$/m); // no stack trace
  expect(lines.at(-1)).toMatch(new RegExp(`^Knowledge packs in .* have ${expected.length} problem\\(s\\); fix them`));
  expect(lines.slice(0, -1)).toEqual(expected);
  for (const l of lines.slice(0, -1)) expect(l).toMatch(/^.+:\d+: .+$/);
  return exit.ms;
}

describe.concurrent('npm start on a broken pack', () => {
  it(
    'refuses to start with the file:line: reason report and exit code 1, for each kind of corruption',
    async () => {
      const cases: [string, () => string][] = [
        ['wrong type in the demo pack', () => { const r = copyDemoPack(); corruptPack(r, 2, { kind: 'wrong-type', pick: 3, value: '{x: 1}' }); return r; }],
        ['real pack truncated mid-file', () => { const r = copyRealPack(); corruptPack(r, 5, { kind: 'truncate', at: 0.37 }); return r; }],
        ['real pack with a 2 MB topics file', () => { const r = copyRealPack(); corruptPack(r, 9, { kind: 'huge', extra: 10, how: 'repeat' }); return r; }],
        ['binary garbage as pack.yaml', () => { const r = copyDemoPack(); corruptPack(r, 0, { kind: 'binary-file', bytes: [0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x80, 0x81] }); return r; }],
        ['duplicated key and deleted field in two files', () => { const r = copyDemoPack(); corruptPack(r, 1, { kind: 'duplicate-key', pick: 2 }); corruptPack(r, 2, { kind: 'delete-required', pick: 4 }); return r; }],
      ];
      // Long variant: random corruptions of the real pack as well.
      const sample = fc.sample(edits, { numRuns: pick(0, 15), seed: SEED });
      for (const [i, e] of sample.entries()) {
        cases.push([`random corruption ${i}`, () => { const r = copyRealPack(); for (const x of e) corruptPack(r, x.file, x.c); return r; }]);
      }
      // Short: three kinds (each start is a Node process compiling TypeScript); long: all and more.
      const chosen = LONG ? cases : [cases[0]!, cases[1]!, cases[2]!];
      const roots = chosen.map(([name, make]) => [name, make()] as const).filter(([, root]) => loadKnowledge(root).problems.length > 0);
      let slowest = 0;
      // A few at a time: each start is a Node process compiling TypeScript.
      for (let i = 0; i < roots.length; i += 5) {
        const ms = await Promise.all(roots.slice(i, i + 5).map(async ([, root]) => expectRefusal(root)));
        slowest = Math.max(slowest, ...ms);
      }
      summary('broken pack refuses to start', { 'starts refused': roots.length, 'slowest exit ms': slowest });
    },
    TEST_TIMEOUT,
  );

  // BUG-10, found by this suite, as it was before the fix: src/cli/load.ts writes the report one
  // process.stderr.write per problem and then calls process.exit(1) at once. Writes to a pipe are
  // asynchronous in Node, so whatever the reader has not taken yet (the pipe holds ~64 KB) is lost: with a
  // slow reader — a log collector, journald, a CI runner — a big report loses its end, including the "N
  // problem(s)" summary. One stray byte in a real topics file gave 762 problems (132 KB): only the first 62
  // KB arrived.
  it(
    'BUG-10 (fixed): a report of 1,000 problems reaches a slow reader of stderr whole, summary line included',
    async () => {
      const topics = Array.from({ length: 1000 }, (_, i) => `  - id: t${i}\n    title: Topic ${i}\n    responsible: aws\n    services: [general]\n    aliases: [alias ${i}]\n    sources: [{ title: s }]\n`).join('');
      const root = writePack({ 'topics/a.yaml': `topics:\n${topics}` });
      const expected = loadKnowledge(root).problems.map(formatProblem);
      expect(expected).toHaveLength(1000);
      const exit = await startMain(root, 1500);
      const lines = exit.stderr.split('\n').filter((l) => l && !NODE_WARNING.test(l));
      expect(exit.code).toBe(1);
      expect(lines.at(-1), `${exit.stderr.length} bytes of ${expected.join('\n').length} arrived`).toMatch(/have 1000 problem\(s\)/);
      expect(lines.slice(0, -1)).toEqual(expected);
    },
    TEST_TIMEOUT,
  );

  it.runIf(LONG)('refuses to start when KNOWLEDGE_DIR does not exist, in one line', async () => {
    const missing = join(tempDir('responsibot-nopack-'), 'nowhere');
    const exit = await startMain(missing);
    expect(exit.code).toBe(1);
    expect(exit.stderr.trim().split('\n')[0]).toMatch(/nowhere: no such knowledge folder$/);
    expect(exit.stderr).not.toMatch(/^\s+at /m);
  });
});
