// Short and long variants of the reliability suite. `npm test` runs the short ones; RELIABILITY_LONG=1
// runs the same tests with larger counts. RELIABILITY_SEED pins the random choices (fast-check runs,
// kill moments, failure injection) so a failure can be replayed.
import { it } from 'vitest';

export const LONG = process.env.RELIABILITY_LONG === '1';

/** The count (or any value) for the current variant. */
export function pick<T>(short: T, long: T): T {
  return LONG ? long : short;
}

/** Per-test timeout: generous in the long variant, which is meant to run for minutes. */
// Generous: these tests start real processes, and a busy machine may take long to start them (waiting is not measuring).
export const TEST_TIMEOUT = pick(180_000, 20 * 60_000);

/** One seed for the whole run; printed with every summary so a failure can be reproduced. */
export const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Math.floor(Math.random() * 2 ** 31);

/** fast-check settings for a property: the run count of the variant and the run's seed. */
export function fcParams(numRuns: number): { numRuns: number; seed: number; endOnFailure: true } {
  return { numRuns, seed: SEED, endOnFailure: true };
}

/** A one-line summary with the numbers worth quoting ("inputs fuzzed", "kills survived", …). */
export function summary(test: string, facts: Record<string, number | string>): void {
  const parts = Object.entries(facts).map(([k, v]) => `${k}=${v}`);
  console.log(`[reliability ${LONG ? 'long' : 'short'}] ${test}: ${parts.join(', ')} (seed ${SEED})`);
}

/** A small deterministic PRNG (mulberry32) for choices outside fast-check. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A test for a bug found by this suite and not fixed yet: it.fails, so the suite stays green while the
 * bug is there and turns red (as a reminder to make it a normal test) once it is fixed.
 * RELIABILITY_SHOW_BUGS=1 runs them as normal tests, to see how each one fails.
 */
export const knownBug: typeof it.fails = process.env.RELIABILITY_SHOW_BUGS === '1' ? (it as unknown as typeof it.fails) : it.fails;
