// The bench's sizes: a quick smoke run (tiny, side by side) and the full run (one figure at a time),
// the seed that makes generated packs and queries repeatable, and the evaluation sets it scores.
import type { AnswerRecordingOptions } from './sections/answer-recording.ts';
import type { FanOutOptions } from './sections/fan-out.ts';
import type { SharedFanOutOptions } from './sections/shared-fan-out.ts';

export const SEED = 20261123;

// Every evaluation set: the two tuning sets, the held-out set and the sealed set (aggregates only).
export const EVAL_FILES = ['eval/questions.yaml', 'eval/dev.yaml', 'eval/dev2.yaml', 'eval/dev3.yaml', 'eval/holdout.yaml', 'eval/sealed.yaml'];

/** Sizes of every figure for a quick (smoke) or full run. */
export function benchConfig(quick: boolean) {
  return quick
    ? {
        mode: 'quick',
        largeTopics: 1000,
        queries: 200,
        warmup: 50,
        defaultBaselineQueries: 3,
        largeBaselineQueries: 1,
        baselineAccuracyQuestions: 4,
        profileQueries: 100,
        coldStartRuns: 1,
        // Child processes side by side: smoke mode checks that everything runs, not how fast.
        parallel: true,
        slack: { sequential: 20, concurrent: 32, concurrency: 32, warmup: 5, rounds: 1 },
        fanOut: [
          { label: 'rate-limited', channels: 20, ratePerSec: 20, burst: 10, latencyMs: 0 },
          { label: 'no limit (our own cost)', channels: 20, ratePerSec: Number.POSITIVE_INFINITY, latencyMs: 0 },
          { label: 'rate-limited + RTT', channels: 10, ratePerSec: 20, latencyMs: 20 },
          { label: 'discord, rate-limited', platform: 'discord', channels: 20, ratePerSec: 10, burst: 5, latencyMs: 0 },
          { label: 'postgres, rate-limited', store: 'postgres', channels: 20, ratePerSec: 20, burst: 10, latencyMs: 0 },
        ] satisfies FanOutOptions[],
        sharedFanOut: { label: '3 processes on postgres', processes: 3, channels: 30, ratePerSec: 30, burst: 15, timeoutMs: 60_000 } satisfies SharedFanOutOptions,
        answers: { posts: 20, sequential: 100, concurrent: 200, concurrency: 16 } satisfies Omit<AnswerRecordingOptions, 'store'>,
      }
    : {
        mode: 'full',
        largeTopics: 10_000,
        queries: 2000,
        warmup: 300,
        // fuse.js takes ~0.1 s per query on the default pack and several seconds at 10k topics: its
        // latency and accuracy are measured on seeded subsets, to keep the run near three minutes.
        defaultBaselineQueries: 150,
        largeBaselineQueries: 4,
        baselineAccuracyQuestions: 80,
        profileQueries: 1000,
        coldStartRuns: 3,
        parallel: false,
        slack: { sequential: 1000, concurrent: 6400, concurrency: 32, warmup: 500, rounds: 10 },
        fanOut: [
          { label: 'rate-limited', channels: 1000, ratePerSec: 100, burst: 100, latencyMs: 0 },
          { label: 'no limit (our own cost)', channels: 1000, ratePerSec: Number.POSITIVE_INFINITY, latencyMs: 0 },
          { label: 'rate-limited + RTT', channels: 200, ratePerSec: 100, burst: 100, latencyMs: 50 },
          // Discord allows 50 requests/s per bot overall, and discord.js paces itself to that.
          { label: 'discord, rate-limited', platform: 'discord', channels: 1000, ratePerSec: 50, burst: 50, latencyMs: 0 },
          // Stricter than discord.js's own pacing, so Discord-style 429s happen and discord.js waits them out.
          { label: 'discord, stricter than discord.js paces', platform: 'discord', channels: 200, ratePerSec: 40, burst: 40, latencyMs: 0 },
          // The same daily fan-out with the state in PostgreSQL instead of the SQLite file.
          { label: 'postgres, rate-limited', store: 'postgres', channels: 1000, ratePerSec: 100, burst: 100, latencyMs: 0 },
          { label: 'postgres, no limit (our own cost)', store: 'postgres', channels: 1000, ratePerSec: Number.POSITIVE_INFINITY, latencyMs: 0 },
        ] satisfies FanOutOptions[],
        // One workspace's 1,000 channels shared by 3 bot processes on one PostgreSQL database.
        sharedFanOut: { label: '3 processes on postgres', processes: 3, channels: 1000, ratePerSec: 100, burst: 100, timeoutMs: 120_000 } satisfies SharedFanOutOptions,
        answers: { posts: 100, sequential: 2000, concurrent: 8000, concurrency: 32 } satisfies Omit<AnswerRecordingOptions, 'store'>,
      };
}
