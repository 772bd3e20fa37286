// Child for the engine profile (see bench/sections/profile.ts). Run with
//   node --enable-source-maps --import ./bench/lib/ts-loader.mjs bench/children/profile.ts \
//        <knowledge dir> <queries> <warm-up queries> <seed> <out dir>
// Profiles three phases on the given pack — load the YAML, build the index, answer the queries (the
// same seeded queries as the latency figure, after a warm-up on others) — writes each .cpuprofile to
// <out dir> and prints the summaries as one JSON line.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { AnswerEngine } from '../../src/core/answer/engine.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { REPO_ROOT } from '../lib/child.ts';
import { aliasQueries } from '../lib/queries.ts';
import { summarizeProfile, type CpuProfile, type ProfileResult } from '../sections/profile.ts';

const [dir, queryCount, warmupCount, seed, outDir] = process.argv.slice(2) as [string, string, string, string, string];

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

async function profiled<T>(name: string, fn: () => T): Promise<{ value: T; profile: CpuProfile; file: string }> {
  await session.post('Profiler.start');
  const value = fn();
  const profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
  const file = join(outDir, `engine-${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return { value, profile, file: relative(REPO_ROOT, file) };
}

const load = await profiled('load', () => loadKnowledge(dir));
const { packs, problems } = load.value;
if (problems.length) throw new Error(`${dir}: ${problems.length} problems`);
const build = await profiled('build', () => new AnswerEngine(packs));
const engine = build.value;
const topics = packs.flatMap((p) => p.topics);
const queries = aliasQueries(topics, Number(queryCount), Number(seed) + 1);
for (const q of aliasQueries(topics, Number(warmupCount), Number(seed) + 2000)) engine.answer(q.q);
const answer = await profiled('answer', () => {
  for (const q of queries) engine.answer(q.q);
});
session.disconnect();

const result: ProfileResult = {
  topics: engine.topicCount,
  queries: queries.length,
  load: summarizeProfile(load.profile, load.file),
  build: summarizeProfile(build.profile, build.file),
  answer: summarizeProfile(answer.profile, answer.file),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
