// Query sets for the latency benchmarks: real question phrasings (eval/*.yaml) and seeded variants of
// them — typos, truncations, swapped words — plus out-of-scope questions, so the engine's slow paths
// (typo repair, long questions, unknown words) are measured alongside the easy ones.
import type { Topic } from '../../src/core/knowledge/schema.ts';
import { chance, int, pick, seeded, shuffle, type Rng } from './random.ts';

export type QueryKind = 'eval' | 'typo' | 'truncated' | 'swapped' | 'mixed' | 'alias' | 'out-of-scope';

export interface Query {
  q: string;
  kind: QueryKind;
  /** The verdict a correct answer gives, when the query is a faithful (if misspelt) phrasing. */
  expect?: string;
  /** The generated topic the query was made from (10k pack). */
  topicId?: string;
}

const KEYBOARD: Record<string, string> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'adwx', d: 'sfec', f: 'dgrv', g: 'fhtb', h: 'gjyn', j: 'hkum', k: 'jli', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** One realistic typo in a word: a swapped pair, a dropped, doubled or neighbouring-key letter. */
export function typo(rng: Rng, word: string): string {
  if (word.length < 4) return word;
  const i = int(rng, 1, word.length - 2);
  switch (int(rng, 0, 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default: {
      const near = KEYBOARD[word[i]!.toLowerCase()];
      return near ? word.slice(0, i) + pick(rng, [...near]) + word.slice(i + 1) : word.slice(0, i) + word.slice(i + 1);
    }
  }
}

/** Misspells one or two of the longer words (the engine only repairs words of 4+ letters). */
export function withTypos(rng: Rng, text: string, count = int(rng, 1, 2)): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => ({ w, i })).filter(({ w }) => /^[a-zA-Z]{5,}$/.test(w));
  for (const { i } of shuffle(rng, candidates).slice(0, count)) words[i] = typo(rng, words[i]!);
  return words.join(' ');
}

/** Cuts a question short, as people do when they hit enter early: whole words, or mid-word. */
export function truncate(rng: Rng, text: string): string {
  const words = text.replace(/[?.!]+$/, '').split(' ');
  if (words.length <= 3) return words.join(' ');
  const keep = int(rng, Math.max(2, Math.ceil(words.length / 2)), words.length - 1);
  const cut = words.slice(0, keep);
  const next = words[keep]!;
  if (chance(rng, 0.4) && next.length >= 5) cut.push(next.slice(0, int(rng, 2, next.length - 2)));
  return cut.join(' ');
}

/** Swaps two neighbouring words ("patches who the hypervisor"). */
export function swapWords(rng: Rng, text: string): string {
  const words = text.split(' ');
  if (words.length < 3) return text;
  const i = int(rng, 0, words.length - 2);
  [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
  return words.join(' ');
}

const OOS_TEMPLATES: ((r: Rng) => string)[] = [
  (r) => `who won the ${pick(r, ['world cup', 'super bowl', 'tour de france', 'champions league', 'world series'])} in ${int(r, 1970, 2024)}`,
  (r) => `what is the capital of ${pick(r, ['australia', 'canada', 'peru', 'kenya', 'norway', 'vietnam', 'chile'])}`,
  (r) => `how do i make ${pick(r, ['sourdough bread', 'pad thai', 'cold brew coffee', 'a paper plane', 'pancakes'])}`,
  (r) => `who wrote ${pick(r, ['hamlet', 'war and peace', 'the odyssey', 'pride and prejudice', 'dune'])}`,
  (r) => `what time is it in ${pick(r, ['tokyo', 'new york', 'berlin', 'sydney', 'lagos'])}`,
  (r) => `how many ${pick(r, ['meters', 'grams', 'minutes', 'bytes'])} are in a ${pick(r, ['mile', 'pound', 'day', 'gigabyte'])}`,
  (r) => `who is the ${pick(r, ['ceo', 'founder', 'mayor', 'president'])} of ${pick(r, ['france', 'apple', 'toronto', 'the red cross'])}`,
  (r) => `recommend a good ${pick(r, ['pizza place', 'laptop', 'running shoe', 'sci-fi novel'])} near ${pick(r, ['me', 'the office', 'downtown'])}`,
  (r) => `how much does ${pick(r, ['ec2', 's3', 'lambda', 'rds'])} cost per ${pick(r, ['hour', 'month', 'gigabyte'])}`,
  (r) => `what is the difference between ${pick(r, ['sqs', 'ecs', 'rds', 'ebs'])} and ${pick(r, ['sns', 'eks', 'aurora', 'efs'])}`,
  (r) => `when was ${pick(r, ['aws', 'the eiffel tower', 'the internet', 'linux'])} ${pick(r, ['founded', 'built', 'invented', 'released'])}`,
  (r) => `is it going to ${pick(r, ['rain', 'snow', 'be sunny'])} ${pick(r, ['tomorrow', 'this weekend', 'in london'])}`,
  (r) => `who ${pick(r, ['painted', 'sculpted', 'designed'])} the ${pick(r, ['mona lisa', 'sistine chapel', 'golden gate bridge', 'statue of liberty'])}`,
  (r) => `${pick(r, ['tell me a joke', 'sing me a song', 'what is love', 'good morning bot', 'order me a taxi'])}`,
];

export function outOfScope(rng: Rng): string {
  const q = pick(rng, OOS_TEMPLATES)(rng);
  return chance(rng, 0.25) ? withTypos(rng, q, 1) : q;
}

/**
 * The default-pack query set: every eval question as written, then seeded variants of random eval
 * questions until `total` is reached (about 15% out-of-scope inventions among them).
 */
export function evalQueries(evalItems: readonly { q: string; expect?: string | undefined }[], total: number, seed: number): Query[] {
  const rng = seeded(seed);
  const out: Query[] = evalItems.slice(0, total).map((item) => ({ q: item.q, kind: 'eval', ...(item.expect ? { expect: item.expect } : {}) }));
  // Variants are made of questions with one expected verdict (a pasted multiple-choice question cut in half is no question).
  const inScope = evalItems.filter((i): i is { q: string; expect: string } => i.expect !== undefined && i.expect !== 'unknown');
  while (out.length < total) {
    if (chance(rng, 0.15)) {
      out.push({ q: outOfScope(rng), kind: 'out-of-scope', expect: 'unknown' });
      continue;
    }
    const base = pick(rng, inScope);
    const roll = rng();
    if (roll < 0.45) out.push({ q: withTypos(rng, base.q), kind: 'typo', expect: base.expect });
    else if (roll < 0.65) out.push({ q: truncate(rng, base.q), kind: 'truncated' });
    else if (roll < 0.85) out.push({ q: swapWords(rng, base.q), kind: 'swapped', expect: base.expect });
    else out.push({ q: withTypos(rng, truncate(rng, swapWords(rng, base.q))), kind: 'mixed' });
  }
  return shuffle(rng, out);
}

const FRAMES = ['who is responsible for', 'who handles', 'whose job is', 'who takes care of', 'responsible for', '', '', ''];

/**
 * The large-pack query set: the pack's own aliases (mostly misspelt, sometimes framed as a question,
 * truncated or with swapped words) plus about 15% out-of-scope questions.
 */
export function aliasQueries(topics: readonly Topic[], total: number, seed: number): Query[] {
  const rng = seeded(seed);
  const out: Query[] = [];
  while (out.length < total) {
    if (chance(rng, 0.15)) {
      out.push({ q: outOfScope(rng), kind: 'out-of-scope', expect: 'unknown' });
      continue;
    }
    const topic = pick(rng, topics);
    const frame = pick(rng, FRAMES);
    const alias = pick(rng, topic.aliases);
    const text = frame && !alias.startsWith('who ') && !alias.startsWith('is ') ? `${frame} ${alias}` : alias;
    const roll = rng();
    const ref = { topicId: topic.id, expect: topic.responsible };
    if (roll < 0.7) out.push({ q: withTypos(rng, text), kind: 'typo', ...ref });
    else if (roll < 0.8) out.push({ q: text, kind: 'alias', ...ref });
    else if (roll < 0.9) out.push({ q: truncate(rng, text), kind: 'truncated', topicId: topic.id });
    else out.push({ q: swapWords(rng, text), kind: 'swapped', ...ref });
  }
  return out;
}
