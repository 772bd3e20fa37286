// Child for figures 2 and 3: in a fresh process (run with --expose-gc), loads the packs in argv[2],
// builds the answer engine, and prints as one JSON line:
//  - process.memoryUsage() after a full GC with only the modules imported, after loading the packs,
//    and after building the engine (figure 3);
//  - the cold (first in a fresh process) cost of each start-up step main.ts takes before it can
//    answer: boot (node + tsx + imports), load packs, build index, quiz bank, open SQLite (figure 2).
// Memory is measured first; the extra steps run after the snapshots so they cannot skew them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store.ts';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { QuestionBank } from '../../src/core/quiz/bank.ts';

// Milliseconds since the process started: node boot, the tsx loader and every import above.
const bootMs = performance.now();

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function snapshot() {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

const dir = process.argv[2] ?? 'knowledge';
const modulesOnly = snapshot();
let t = performance.now();
const { packs, problems } = loadKnowledge(dir);
const loadMs = performance.now() - t;
if (problems.length) throw new Error(`${dir}: ${problems.length} problems`);
const packsLoaded = snapshot();
t = performance.now();
const engine = new AnswerEngine(packs);
const buildMs = performance.now() - t;
t = performance.now();
const first = engine.answer('who patches the hypervisor');
const firstAnswerMs = performance.now() - t;
const withEngine = snapshot();
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

t = performance.now();
const bank = new QuestionBank(packs);
const bankMs = performance.now() - t;
const dataDir = mkdtempSync(join(tmpdir(), 'responsibot-bench-mem-'));
t = performance.now();
const store = new SqliteStore(join(dataDir, 'responsibot.db'));
const storeMs = performance.now() - t;
await store.close();
rmSync(dataDir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({ dir, topics: engine.topicCount, questions: bank.questions.length, bootMs, loadMs, buildMs, bankMs, storeMs, firstAnswerMs, verdict: first.verdict, modulesOnly, packsLoaded, withEngine, peakRssBytes })}\n`,
);
