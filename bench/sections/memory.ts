// Figure 3: memory. One fresh child per knowledge dir (bench/children/memory.ts), so numbers are not
// mixed with the benchmark's own allocations. Reports RSS and heap used after a full GC: with only
// the modules imported, after loading the packs, and after building the engine; plus peak RSS.
import { runJsonChild } from '../lib/child.ts';

interface Usage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryResult {
  dir: string;
  topics: number;
  questions: number;
  /** Process start → every module imported (node, the tsx loader, our code and its libraries). */
  bootMs: number;
  /** Cold (first in a fresh process) load of the YAML packs and build of the answer index. */
  loadMs: number;
  buildMs: number;
  /** The quiz question bank (one generated question per topic) and opening the SQLite store. */
  bankMs: number;
  storeMs: number;
  firstAnswerMs: number;
  verdict: string;
  modulesOnly: Usage;
  packsLoaded: Usage;
  withEngine: Usage;
  peakRssBytes: number;
}

export function memory(knowledgeDir: string): Promise<MemoryResult> {
  return runJsonChild<MemoryResult>('bench/children/memory.ts', [knowledgeDir], { nodeFlags: ['--expose-gc'] });
}
