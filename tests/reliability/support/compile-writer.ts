// Compiles the child-process entry points of this folder (answer-writer.ts, pg-bot.ts; the stores and
// their migrations come along) into one ES module each, in a temp folder, with esbuild — the compiler
// tsx itself uses — so a child starts in ~0.1 s instead of ~0.5 s under tsx, and a short run can afford
// many more kills. better-sqlite3 (a native addon) stays external, imported by its absolute path so the
// bundle runs from anywhere.
import {  } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { tempDir } from '../../support/temp.ts';

export const WRITER_SOURCE = 'tests/reliability/support/answer-writer.ts';

export async function compileWriter(): Promise<string> {
  return compileChild(WRITER_SOURCE);
}

/** Compiles one child-process entry point of this folder into a standalone ES module; returns its path. */
export async function compileChild(entry: string): Promise<string> {
  const outfile = join(tempDir('responsibot-child-'), 'child.mjs');
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    // CommonJS dependencies (pg, the Slack Web API client) call require() for Node's own modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [{ name: 'native-sqlite', setup: (b) => void b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: sqlite, external: true })) }],
  });
  return outfile;
}
