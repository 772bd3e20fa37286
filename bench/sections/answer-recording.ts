// Figure 6: recording answers, the write every button click makes, on each store. Open posts (half
// daily, whose answers also update a streak in the same transaction; half quiz rounds) in a fresh
// database; then QuizStore.recordAnswer one at a time, and again with many in flight (clicks arrive
// together; several Node processes would do the same to PostgreSQL). One answer in ten is a repeat
// of an earlier click (a double click, a retried delivery): it must come back "already recorded".
// Checks: every first click recorded, no repeat recorded, and the database holds exactly one row per
// person and post.
import pMap from 'p-map';
import type { NewPost, RecordedAnswer } from '../../src/core/quiz/store.ts';
import { summarize, type Summary } from '../lib/stats.ts';
import { openBenchStore, type StoreKind } from '../lib/stores.ts';

export interface AnswerRecordingOptions {
  store: StoreKind;
  posts: number;
  sequential: number;
  concurrent: number;
  concurrency: number;
}

export interface AnswerPhase {
  answers: number;
  concurrency: number;
  wallMs: number;
  perSec: number;
  latency: Summary;
}

export interface AnswerRecordingResult extends AnswerRecordingOptions {
  sequentialPhase: AnswerPhase;
  concurrentPhase: AnswerPhase;
  /** First clicks that were not recorded, and repeats that were: both must be 0. */
  lost: number;
  recordedTwice: number;
  rowsInDb: number;
  expectedRows: number;
}

const CHANNEL = { platform: 'slack' as const, workspaceId: 'TBENCH', channelId: 'CBENCH' };

export async function answerRecording(opts: AnswerRecordingOptions): Promise<AnswerRecordingResult> {
  const bench = await openBenchStore(opts.store, { maxConnections: Math.min(opts.concurrency, 16) });
  const { store } = bench;
  try {
    const posts: NewPost[] = Array.from({ length: opts.posts }, (_, i) => ({
      id: `bench-post-${i}`,
      kind: i % 2 ? 'session' : 'daily',
      ...CHANNEL,
      questionId: 'aws-srm:topic:infra-hypervisor',
      status: 'open',
      ...(i % 2 ? {} : { localDate: `2026-01-${String((i % 28) + 1).padStart(2, '0')}-${i}` }),
      createdAt: 1_000 + i,
      openedAt: 1_000 + i,
    }));
    for (const p of posts) await store.insertPost(p);

    let serial = 0;
    const earlier: RecordedAnswer[] = [];
    // Repeats copy a click of an earlier phase (or, one at a time, of this one), never one still in flight.
    const clicks = (n: number, sequential: boolean): { answer: RecordedAnswer; repeat: boolean }[] => {
      const out: { answer: RecordedAnswer; repeat: boolean }[] = [];
      const from = sequential ? out : earlier.map((answer) => ({ answer }));
      for (let i = 0; i < n; i++) {
        if (i % 10 === 9 && from.length) {
          out.push({ answer: from[(i * 7919) % from.length]!.answer, repeat: true });
          continue;
        }
        const k = serial++;
        const post = posts[k % posts.length]!;
        out.push({
          repeat: false,
          answer: { postId: post.id, ...CHANNEL, userId: `U${k}`, userName: `user ${k}`, questionId: post.questionId, kind: post.kind, choices: [k % 4], correct: k % 3 === 0, points: k % 3 === 0 ? 10 : 0, answeredAt: 2_000 + k },
        });
      }
      return out;
    };

    let lost = 0;
    let recordedTwice = 0;
    const phase = async (n: number, concurrency: number): Promise<AnswerPhase> => {
      const batch = clicks(n, concurrency === 1);
      const times: number[] = [];
      const started = performance.now();
      await pMap(
        batch,
        async ({ answer, repeat }) => {
          const t = performance.now();
          const { recorded } = await store.recordAnswer(answer);
          times.push(performance.now() - t);
          if (!repeat && !recorded) lost++;
          if (repeat && recorded) recordedTwice++;
        },
        { concurrency },
      );
      const wallMs = performance.now() - started;
      earlier.push(...batch.filter((c) => !c.repeat).map((c) => c.answer));
      return { answers: n, concurrency, wallMs, perSec: (n / wallMs) * 1000, latency: summarize(times) };
    };

    const sequentialPhase = await phase(opts.sequential, 1);
    const concurrentPhase = await phase(opts.concurrent, opts.concurrency);
    let rowsInDb = 0;
    for (const p of posts) rowsInDb += (await store.answersForPost(p.id)).length;
    return { ...opts, sequentialPhase, concurrentPhase, lost, recordedTwice, rowsInDb, expectedRows: serial };
  } finally {
    await bench.dispose();
  }
}
