// The storage port's contract, run against every implementation: the embedded SQLite file and the
// PostgreSQL server. Each test gets a fresh empty database; where it matters, several stores are opened
// on it at once and race, the way N bot processes share one database. What is checked is what people
// notice: one daily question per channel and day, one answer per person, no answer after a reveal,
// streaks and leaderboards that add up, and nothing lost or changed on the way in and out.
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewPost, Post, QuizStore, RecordedAnswer, Schedule, Session } from '../../src/core/quiz/store.ts';
import { hostile } from '../reliability/support/arbitraries.ts';
import { fcParams } from '../reliability/support/env.ts';
import { reportSkip } from '../support/postgres.ts';
import { storeBackends } from '../support/stores.ts';

const CH = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const Q = 'aws-srm:topic:infra-hypervisor';
let ids = 0;

function daily(over: Partial<NewPost> = {}): NewPost {
  return { id: `p${++ids}`, kind: 'daily', ...CH, questionId: Q, status: 'open', localDate: '2026-03-29', createdAt: 1000 + ids, openedAt: 1000, ...over };
}

function answer(post: Pick<Post, 'id' | 'kind'>, userId: string, over: Partial<RecordedAnswer> = {}): RecordedAnswer {
  return { postId: post.id, platform: 'slack', workspaceId: 'T1', userId, userName: `name of ${userId}`, questionId: Q, kind: post.kind, choices: [1], correct: true, points: 10, answeredAt: 5000, ...over };
}

const session = (over: Partial<Session> = {}): Session => ({
  id: `s${++ids}`, ...CH, startedBy: 'U0ANN', status: 'active', rounds: 3, seconds: 30, questionIds: [Q, 'b', 'c'], currentRound: 0, createdAt: 100, ...over,
});

const schedule = (channelId: string, over: Partial<Schedule> = {}): Schedule => ({
  ...CH, channelId, time: '09:00', timezone: 'Europe/Berlin', days: '1-5', createdBy: 'U0ADMIN', createdAt: 7, ...over,
});

/** How many of the results are true. */
const wins = (results: boolean[]) => results.filter(Boolean).length;

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} store contract`);

  describe.skipIf(backend.skip)(`${backend.name} store`, () => {
    let store: QuizStore;
    /** Three more stores on the same database: three more "processes". */
    let others: QuizStore[];

    beforeEach(async () => {
      await backend.fresh();
      store = await backend.open();
      others = [await backend.open(), await backend.open(), await backend.open()];
    });
    afterAll(() => backend.dispose());

    describe('posts', () => {
      it('keeps one daily post per channel and local date, however many processes claim it at once', async () => {
        const claims = [store, ...others].flatMap((s) => [s.insertPost(daily()), s.insertPost(daily())]);
        expect(wins(await Promise.all(claims))).toBe(1);
        const winner = await store.getDailyPost(CH, '2026-03-29');
        expect(winner).toMatchObject({ kind: 'daily', status: 'open', localDate: '2026-03-29' });
        // Another date, another channel, and other kinds of post are separate claims.
        expect(await store.insertPost(daily({ localDate: '2026-03-30' }))).toBe(true);
        expect(await store.insertPost(daily({ channelId: 'C2' }))).toBe(true);
        expect(await store.insertPost({ ...daily(), kind: 'practice', localDate: undefined, userId: 'U1' } as NewPost)).toBe(true);
        // The same id twice is refused too.
        expect(await store.insertPost({ ...daily({ localDate: '2026-04-01' }), id: winner!.id })).toBe(false);
        expect(await store.getDailyPost({ ...CH, channelId: 'C3' }, '2026-03-29')).toBeUndefined();
      });

      it('returns a post as it was written: optional fields absent, not null', async () => {
        const s = session();
        await store.createSession(s);
        const p: NewPost = { id: 'sp1', kind: 'session', ...CH, questionId: Q, status: 'open', sessionId: s.id, round: 2, createdAt: 10, openedAt: 11, closesAt: 41 };
        await store.insertPost(p);
        expect(await others[0]!.getPost('sp1')).toEqual({ id: 'sp1', kind: 'session', ...CH, questionId: Q, status: 'open', sessionId: s.id, round: 2, createdAt: 10, openedAt: 11, closesAt: 41, attempts: 0 });
        const got = (await store.getPost('sp1'))!;
        for (const absent of ['localDate', 'userId', 'messageId', 'closedAt', 'lastError'] as const) expect(absent in got, absent).toBe(false);
        expect(await store.getPost('nope')).toBeUndefined();
      });

      it('gives the delivery lease of a pending post to one process at a time, and again only once it ran out', async () => {
        const p = daily({ status: 'pending', leaseUntil: 2000 });
        await store.insertPost(p);
        expect((await store.getPost(p.id))!.attempts).toBe(1); // created by the process about to deliver it
        expect(await store.takeDeliveryLease(p.id, 1999, 9999)).toBe(false); // still leased
        const takers = await Promise.all([store, ...others].map((s) => s.takeDeliveryLease(p.id, 2000, 3000)));
        expect(wins(takers)).toBe(1);
        expect((await store.getPost(p.id))!.attempts).toBe(2);
        expect((await store.pendingPosts()).map((x) => x.id)).toEqual([p.id]);
        await store.markOpen(p.id, 'm1', 2100, 9000);
        expect(await store.takeDeliveryLease(p.id, 5000, 6000)).toBe(false); // no longer pending
        expect(await store.pendingPosts()).toEqual([]);
        expect(await store.getPost(p.id)).toMatchObject({ status: 'open', messageId: 'm1', openedAt: 2100, closesAt: 9000 });
      });

      it('keeps a post that failed for now pending until its retry time, and fails one that can never be delivered', async () => {
        const later = daily({ status: 'pending', leaseUntil: 100 });
        const never = daily({ status: 'pending', leaseUntil: 100, channelId: 'C2' });
        await store.insertPost(later);
        await store.insertPost(never);
        await store.markDeliveryFailed(later.id, 'HTTP 503', false, 5000);
        await store.markDeliveryFailed(never.id, 'not_in_channel', true);
        expect(await store.getPost(later.id)).toMatchObject({ status: 'pending', lastError: 'HTTP 503' });
        expect(await store.getPost(never.id)).toMatchObject({ status: 'failed', lastError: 'not_in_channel' });
        expect((await store.pendingPosts()).map((x) => x.id)).toEqual([later.id]);
        expect(await store.takeDeliveryLease(later.id, 4999, 9999)).toBe(false);
        expect(await store.takeDeliveryLease(later.id, 5000, 9999)).toBe(true);
        await store.markOpen(later.id, undefined, 5001, undefined);
        const opened = (await store.getPost(later.id))!;
        expect(opened.status).toBe('open');
        expect('lastError' in opened || 'messageId' in opened || 'closesAt' in opened).toBe(false);
        // A failure report for a post that is no longer pending changes nothing.
        await store.markDeliveryFailed(later.id, 'late', true);
        expect((await store.getPost(later.id))!.status).toBe('open');
      });

      it('closes an open post once, for exactly one of the processes trying, and lists open posts that are due', async () => {
        const a = daily({ closesAt: 3000 });
        const b = daily({ closesAt: 2000, channelId: 'C2' });
        const c = daily({ closesAt: 9000, channelId: 'C3' });
        const never = daily({ channelId: 'C4' });
        for (const p of [a, b, c, never]) await store.insertPost(p);
        expect((await store.openPostsDue(3000)).map((p) => p.id)).toEqual([b.id, a.id]);
        expect(wins(await Promise.all([store, ...others].map((s) => s.closePost(a.id, 3001))))).toBe(1);
        expect(await store.getPost(a.id)).toMatchObject({ status: 'closed', closedAt: 3001 });
        expect((await store.openPostsDue(3000)).map((p) => p.id)).toEqual([b.id]);
        expect(await store.closePost(a.id, 4000)).toBe(false);
      });

      it('lists a channel’s daily questions newest first, and a session’s posts by round', async () => {
        await store.insertPost(daily({ questionId: 'q-old', createdAt: 1, localDate: '2026-03-01' }));
        await store.insertPost(daily({ questionId: 'q-new', createdAt: 3, localDate: '2026-03-03' }));
        await store.insertPost(daily({ questionId: 'q-mid', createdAt: 2, localDate: '2026-03-02' }));
        await store.insertPost(daily({ questionId: 'elsewhere', channelId: 'C2' }));
        expect(await store.askedHistory(CH)).toEqual(['q-new', 'q-mid', 'q-old']);
        const s = session();
        await store.createSession(s);
        for (const round of [2, 1, 3]) await store.insertPost({ id: `r${round}`, kind: 'session', ...CH, questionId: Q, status: 'open', sessionId: s.id, round, createdAt: round });
        expect((await store.sessionPosts(s.id)).map((p) => p.round)).toEqual([1, 2, 3]);
      });

      it('shares a channel’s asked history between daily questions and sessions, also those run in a thread of their own', async () => {
        const round = (s: Session, n: number, questionId: string, createdAt: number) =>
          store.insertPost({ id: `${s.id}-r${n}`, kind: 'session', ...CH, channelId: s.channelId, questionId, status: 'open', sessionId: s.id, round: n, createdAt });
        await store.insertPost(daily({ questionId: 'q-daily', createdAt: 10, localDate: '2026-03-01' }));
        const here = session();
        await store.createSession(here);
        await round(here, 1, 'q-session', 20);
        await round(here, 2, 'q-daily', 30); // asked again: listed once, as recently as it was last asked
        await store.endSession(here.id, 'finished', 31);
        // A session in a thread channel of its own (Discord) counts for the channel it was started from.
        const threaded = session({ channelId: 'THREAD1', homeChannelId: CH.channelId });
        await store.createSession(threaded);
        await round(threaded, 1, 'q-thread', 40);
        expect(await store.getSession(threaded.id)).toMatchObject({ channelId: 'THREAD1', homeChannelId: CH.channelId });
        expect((await store.getSession(here.id))!.homeChannelId).toBeUndefined();
        // Practice is private and other channels are their own.
        await store.insertPost({ id: 'practice-1', kind: 'practice', ...CH, questionId: 'q-practice', status: 'open', userId: 'U1', createdAt: 50 });
        await store.insertPost(daily({ questionId: 'q-other', channelId: 'C2', createdAt: 60 }));
        expect(await others[0]!.askedHistory(CH)).toEqual(['q-thread', 'q-daily', 'q-session']);
        expect(await store.askedHistory({ ...CH, channelId: 'C2' })).toEqual(['q-other']);
        expect(await store.askedHistory({ ...CH, workspaceId: 'T2' })).toEqual([]);
      });
    });

    describe('answers', () => {
      it('records one answer per person per post, however many copies of the click arrive at once', async () => {
        const p = daily();
        await store.insertPost(p);
        const copies = [store, ...others].flatMap((s, i) => [0, 1, 2].map((j) => s.recordAnswer(answer(p, 'U1', { choices: [(i + j) % 3], answeredAt: 5000 + i * 3 + j }))));
        const results = await Promise.all(copies);
        expect(results.filter((r) => r.recorded)).toHaveLength(1);
        const first = results.find((r) => r.recorded)!.answer;
        for (const r of results.filter((x) => !x.recorded)) expect(r).toEqual({ recorded: false, answer: first });
        expect(await store.answersForPost(p.id)).toEqual([first]);
      });

      it('refuses answers to a closed post or after its closing time, and to a post that does not exist', async () => {
        const open = daily({ closesAt: 6000 });
        const closed = daily({ channelId: 'C2' });
        await store.insertPost(open);
        await store.insertPost(closed);
        await store.closePost(closed.id, 10);
        expect(await store.recordAnswer(answer(closed, 'U1'))).toEqual({ recorded: false, answer: answer(closed, 'U1'), closed: true });
        expect(await store.recordAnswer(answer(open, 'U1', { answeredAt: 6000 }))).toMatchObject({ recorded: false, closed: true });
        expect(await store.recordAnswer(answer(open, 'U1', { answeredAt: 5999 }))).toMatchObject({ recorded: true });
        // Someone who answered before the close is told their answer, not "closed".
        await store.closePost(open.id, 6001);
        expect(await store.recordAnswer(answer(open, 'U1', { choices: [2] }))).toEqual({ recorded: false, answer: answer(open, 'U1', { answeredAt: 5999 }) });
        await expect(store.recordAnswer(answer({ id: 'no-such-post', kind: 'daily' }, 'U1'))).rejects.toThrow();
        expect(await store.answersForPost(open.id)).toHaveLength(1);
        expect(await store.answersForPost(closed.id)).toEqual([]);
      });

      it('never records an answer after the reveal: what is read after a close holds every answer that was recorded', async () => {
        for (let round = 0; round < 5; round++) {
          const p = daily({ localDate: `2026-04-0${round + 1}` });
          await store.insertPost(p);
          const players = Array.from({ length: 24 }, (_, i) => `U${round}-${i}`);
          const answering = players.map((u, i) => others[i % others.length]!.recordAnswer(answer(p, u)));
          // The closer closes in the middle of the burst, then reads the answers for its reveal.
          const closing = (async () => {
            await new Promise((resolve) => setImmediate(resolve));
            expect(await store.closePost(p.id, 6000)).toBe(true);
            return store.answersForPost(p.id);
          })();
          const [results, revealed] = await Promise.all([Promise.all(answering), closing]);
          const recorded = results.filter((r) => r.recorded).map((r) => r.answer.userId).sort();
          expect(results.every((r) => r.recorded || r.closed)).toBe(true);
          expect(revealed.map((a) => a.userId).sort(), `round ${round}`).toEqual(recorded);
          expect((await store.answersForPost(p.id)).map((a) => a.userId).sort()).toEqual(recorded);
        }
      });

      it('lists answers by post, session and person, oldest first', async () => {
        const s = session();
        await store.createSession(s);
        const r1: NewPost = { id: 'r1', kind: 'session', ...CH, questionId: Q, status: 'open', sessionId: s.id, round: 1, createdAt: 1 };
        const r2: NewPost = { ...r1, id: 'r2', round: 2 };
        await store.insertPost(r1);
        await store.insertPost(r2);
        await store.recordAnswer(answer(r2, 'U2', { answeredAt: 30 }));
        await store.recordAnswer(answer(r1, 'U1', { answeredAt: 20, correct: false, points: 0 }));
        await store.recordAnswer(answer(r1, 'U2', { answeredAt: 10 }));
        await store.recordAnswer({ ...answer(r1, 'U3', { answeredAt: 10 }), workspaceId: 'T2' });
        expect((await store.answersForPost('r1')).map((a) => [a.userId, a.answeredAt])).toEqual([['U2', 10], ['U3', 10], ['U1', 20]]);
        expect((await store.answersForSession(s.id)).map((a) => `${a.postId}/${a.userId}`)).toEqual(['r1/U2', 'r1/U3', 'r1/U1', 'r2/U2']);
        expect((await store.answersByUser('slack', 'T1', 'U2')).map((a) => a.postId)).toEqual(['r1', 'r2']);
        expect(await store.answersByUser('slack', 'T1', 'U1')).toEqual([answer(r1, 'U1', { answeredAt: 20, correct: false, points: 0 })]);
      });

      it('counts daily streaks per channel: right answers to consecutive daily questions, reset by a wrong one', async () => {
        const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].map((d, i) => daily({ localDate: d, createdAt: 100 + i }));
        for (const p of days) await store.insertPost(p);
        const other = daily({ channelId: 'C2', localDate: '2026-03-01' });
        await store.insertPost(other);
        await store.recordAnswer(answer(days[0]!, 'U1'));
        await store.recordAnswer(answer(days[1]!, 'U1'));
        expect(await store.streak(CH, 'U1')).toEqual({ current: 2, best: 2 });
        await store.recordAnswer(answer(days[2]!, 'U1', { correct: false, points: 0 }));
        expect(await store.streak(CH, 'U1')).toEqual({ current: 0, best: 2 });
        await store.recordAnswer(answer(days[3]!, 'U1'));
        // Day 5 skipped: day 6 starts again at 1.
        await store.recordAnswer(answer(days[5]!, 'U1'));
        expect(await store.streak(CH, 'U1')).toEqual({ current: 1, best: 2 });
        await store.recordAnswer(answer(other, 'U1'));
        expect(await store.streak({ ...CH, channelId: 'C2' }, 'U1')).toEqual({ current: 1, best: 1 });
        expect(await store.streak(CH, 'nobody')).toEqual({ current: 0, best: 0 });
        expect((await store.userStreaks('slack', 'T1', 'U1')).sort((a, b) => a.channelId.localeCompare(b.channelId))).toEqual([
          { channelId: 'C1', current: 1, best: 2 },
          { channelId: 'C2', current: 1, best: 1 },
        ]);
      });

      it('a failed daily post does not break a streak', async () => {
        const d1 = daily({ localDate: '2026-03-01', createdAt: 1 });
        const lost = daily({ localDate: '2026-03-02', createdAt: 2, status: 'pending' });
        const d3 = daily({ localDate: '2026-03-03', createdAt: 3 });
        for (const p of [d1, lost, d3]) await store.insertPost(p);
        await store.markDeliveryFailed(lost.id, 'not_in_channel', true);
        await store.recordAnswer(answer(d1, 'U1'));
        await store.recordAnswer(answer(d3, 'U1'));
        expect(await store.streak(CH, 'U1')).toEqual({ current: 2, best: 2 });
      });

      it('ranks the leaderboard by points since a time, then right answers, then user id; practice does not count', async () => {
        const old = daily({ localDate: '2026-03-01' });
        const now = daily({ localDate: '2026-03-02' });
        const practice = { ...daily(), kind: 'practice' as const, localDate: undefined, userId: 'UC' };
        for (const p of [old, now, practice]) await store.insertPost(p as NewPost);
        await store.recordAnswer(answer(old, 'UA', { answeredAt: 10, points: 50 }));
        await store.recordAnswer(answer(now, 'UA', { answeredAt: 100, points: 10, userName: 'Ann (new name)' }));
        await store.recordAnswer(answer(now, 'UB', { answeredAt: 100, points: 10 }));
        await store.recordAnswer(answer(now, 'Ua', { answeredAt: 100, points: 10 }));
        await store.recordAnswer(answer(now, 'UC', { answeredAt: 100, points: 0, correct: false }));
        await store.recordAnswer(answer(practice as Post, 'UC', { answeredAt: 100, points: 99 }));
        expect(await store.leaderboard('slack', 'T1', 50)).toEqual([
          { userId: 'UA', userName: 'Ann (new name)', points: 10, answered: 1, correct: 1 },
          { userId: 'UB', userName: 'name of UB', points: 10, answered: 1, correct: 1 },
          { userId: 'Ua', userName: 'name of Ua', points: 10, answered: 1, correct: 1 },
          { userId: 'UC', userName: 'name of UC', points: 0, answered: 1, correct: 0 },
        ]);
        expect((await store.leaderboard('slack', 'T1', 0))[0]).toEqual({ userId: 'UA', userName: 'name of UA', points: 60, answered: 2, correct: 2 });
        expect(await store.leaderboard('slack', 'T2', 0)).toEqual([]);
      });
    });

    describe('schedules, sessions, practice and reports', () => {
      it('saves one schedule per channel, replaces it, lists all in channel order, deletes it once', async () => {
        await store.saveSchedule(schedule('C2', { topic: 'rds', difficulty: 'hard', windowMinutes: 90 }));
        await store.saveSchedule(schedule('C1'));
        await others[0]!.saveSchedule(schedule('C1', { time: '10:30', timezone: 'UTC', days: '*' }));
        expect(await store.getSchedule(CH)).toEqual(schedule('C1', { time: '10:30', timezone: 'UTC', days: '*' }));
        expect(await store.getSchedule({ ...CH, channelId: 'C2' })).toEqual(schedule('C2', { topic: 'rds', difficulty: 'hard', windowMinutes: 90 }));
        expect((await store.listSchedules()).map((s) => s.channelId)).toEqual(['C1', 'C2']);
        expect(wins(await Promise.all([store, ...others].map((s) => s.deleteSchedule(CH))))).toBe(1);
        expect(await store.getSchedule(CH)).toBeUndefined();
        expect(await store.listSchedules()).toHaveLength(1);
      });

      it('runs one active session per channel, however many start at once; a new one can start when it ended', async () => {
        const starts = [store, ...others].map((s) => s.createSession(session()));
        expect(wins(await Promise.all(starts))).toBe(1);
        const active = (await store.activeSession(CH))!;
        expect(active).toMatchObject({ ...CH, status: 'active', questionIds: [Q, 'b', 'c'], currentRound: 0 });
        expect(await store.createSession(session({ channelId: 'C2' }))).toBe(true);
        await store.setSessionRound(active.id, 2);
        expect((await others[1]!.getSession(active.id))!.currentRound).toBe(2);
        expect(wins(await Promise.all([store, ...others].map((s) => s.endSession(active.id, 'stopped', 999))))).toBe(1);
        const ended = (await store.getSession(active.id))!;
        expect(ended).toMatchObject({ status: 'stopped', endedAt: 999 });
        expect(await store.activeSession(CH)).toBeUndefined();
        expect(await store.createSession(session())).toBe(true);
        expect(await store.getSession('nope')).toBeUndefined();
      });

      it('posts each round of a session once, however many processes try to post it', async () => {
        const s = session();
        await store.createSession(s);
        const round = (n: number) => ({ id: `round-${n}-${++ids}`, kind: 'session' as const, ...CH, questionId: Q, status: 'pending' as const, sessionId: s.id, round: n, createdAt: 1, leaseUntil: 9 });
        expect(wins(await Promise.all([store, ...others].flatMap((x) => [x.insertPost(round(1)), x.insertPost(round(1))])))).toBe(1);
        expect(await store.insertPost(round(2))).toBe(true);
        expect((await store.sessionPosts(s.id)).map((p) => p.round)).toEqual([1, 2]);
      });

      it('finds active sessions that stopped between rounds, and only those', async () => {
        const add = async (s: Session, round: number, status: 'open' | 'pending' | 'closed', closedAt?: number) => {
          const id = `${s.id}-r${round}`;
          await store.insertPost({ id, kind: 'session', ...CH, channelId: s.channelId, questionId: Q, status: status === 'pending' ? 'pending' : 'open', sessionId: s.id, round, createdAt: 100 });
          if (status === 'closed') await store.closePost(id, closedAt!);
        };
        const stalled = session({ channelId: 'A', createdAt: 100 }); // round 1 closed at 500, no round 2
        const running = session({ channelId: 'B', createdAt: 100 }); // round 2 open
        const waiting = session({ channelId: 'C', createdAt: 100 }); // round 2 pending delivery
        const recent = session({ channelId: 'D', createdAt: 100 }); // round 1 closed just now
        const empty = session({ channelId: 'E', createdAt: 200 }); // died before posting round 1
        const ended = session({ channelId: 'F', createdAt: 100 });
        for (const s of [stalled, running, waiting, recent, empty, ended]) await store.createSession(s);
        await add(stalled, 1, 'closed', 500);
        await add(running, 1, 'closed', 500);
        await add(running, 2, 'open');
        await add(waiting, 1, 'closed', 500);
        await add(waiting, 2, 'pending');
        await add(recent, 1, 'closed', 950);
        await add(ended, 1, 'closed', 500);
        await store.endSession(ended.id, 'finished', 600);
        expect((await others[0]!.stalledSessions(900)).map((s) => s.channelId)).toEqual(['A', 'E']);
        expect((await store.stalledSessions(150)).map((s) => s.channelId)).toEqual([]);
      });

      it('keeps one practice card per person and question, updated in place', async () => {
        await store.savePracticeCard('slack', 'U1', { questionId: 'q1', state: '{"s":1}', due: 10 });
        await store.savePracticeCard('slack', 'U1', { questionId: 'q2', state: '{"s":2}', due: 20 });
        await store.savePracticeCard('slack', 'U1', { questionId: 'q1', state: '{"s":3}', due: 30 });
        await store.savePracticeCard('discord', 'U1', { questionId: 'q1', state: '{}', due: 1 });
        const cards = (await store.practiceCards('slack', 'U1')).sort((a, b) => a.questionId.localeCompare(b.questionId));
        expect(cards).toEqual([{ questionId: 'q1', state: '{"s":3}', due: 30 }, { questionId: 'q2', state: '{"s":2}', due: 20 }]);
        expect(await store.practiceCards('slack', 'U2')).toEqual([]);
      });

      it('numbers reports and lists the open ones of a workspace, newest first', async () => {
        const base = { platform: 'slack' as const, workspaceId: 'T1', questionId: Q, userId: 'U1', userName: 'Ann', note: 'wrong' };
        const first = await store.addReport({ ...base, createdAt: 1 });
        const second = await others[0]!.addReport({ ...base, note: 'unclear', createdAt: 2 });
        await store.addReport({ ...base, workspaceId: 'T2', createdAt: 3 });
        expect(second).toBeGreaterThan(first);
        expect(await store.openReports('slack', 'T1')).toEqual([
          { ...base, id: second, note: 'unclear', createdAt: 2, status: 'open' },
          { ...base, id: first, createdAt: 1, status: 'open' },
        ]);
      });
    });

    describe('report notes', () => {
      it('adds a note to the open report a person already made on that question, and to no one else’s', async () => {
        const base = { platform: 'slack' as const, workspaceId: 'T1', questionId: Q, userId: 'U1', userName: 'Ann' };
        const id = await store.addReport({ ...base, note: '', createdAt: 1 });
        expect(await others[0]!.addToReport({ ...base, note: 'option B is also right' })).toBe(id);
        expect(await store.addToReport({ ...base, note: 'and the stem is unclear' })).toBe(id);
        expect(await store.addToReport({ ...base, userId: 'U2', note: 'me too' })).toBeUndefined();
        expect(await store.addToReport({ ...base, questionId: 'other', note: 'x' })).toBeUndefined();
        expect(await store.openReports('slack', 'T1')).toEqual([{ ...base, id, note: 'option B is also right\nand the stem is unclear', createdAt: 1, status: 'open' }]);
        // Once closed, the next report is a new one.
        await store.closeReport('slack', 'T1', id, { resolution: 'resolved', by: 'Admin', note: '', at: 2 });
        expect(await store.addToReport({ ...base, note: 'again' })).toBeUndefined();
      });
    });

    describe('text and health', () => {
      it('keeps hostile text verbatim in every field (PostgreSQL, which cannot hold U+0000, keeps it as U+FFFD)', async () => {
        const stored = (s: string) => (backend.name === 'postgres' ? s.replaceAll('\u0000', '\uFFFD') : s);
        let n = 0;
        await fc.assert(
          fc.asyncProperty(fc.array(hostile, { minLength: 6, maxLength: 6 }), async ([workspace, channel, user, name, note, text]) => {
            const tag = `#${++n}`;
            const key = { platform: 'discord' as const, workspaceId: workspace! + tag, channelId: channel! + tag };
            const want = { workspaceId: stored(key.workspaceId), channelId: stored(key.channelId) };
            const id = await store.addReport({ platform: 'discord', workspaceId: key.workspaceId, questionId: text!, userId: user!, userName: name!, note: note!, createdAt: 1 });
            expect(await store.openReports('discord', key.workspaceId)).toEqual([{ id, platform: 'discord', workspaceId: want.workspaceId, questionId: stored(text!), userId: stored(user!), userName: stored(name!), note: stored(note!), createdAt: 1, status: 'open' }]);
            await store.saveSchedule({ ...key, time: '09:00', timezone: 'UTC', days: '*', topic: text!, createdBy: user!, createdAt: 1 });
            expect(await store.getSchedule(key)).toEqual({ ...key, ...want, time: '09:00', timezone: 'UTC', days: '*', topic: stored(text!), createdBy: stored(user!), createdAt: 1 });
            const post = { id: `${text}${tag}`, kind: 'daily' as const, ...key, questionId: text!, status: 'open' as const, localDate: note! + tag, createdAt: 1 };
            expect(await store.insertPost(post)).toBe(true);
            const a: RecordedAnswer = { postId: post.id, platform: 'discord', workspaceId: key.workspaceId, userId: user!, userName: name!, questionId: text!, kind: 'daily', choices: [0], correct: true, points: 10, answeredAt: 2 };
            expect((await store.recordAnswer(a)).recorded).toBe(true);
            expect(await store.answersByUser('discord', key.workspaceId, user!)).toEqual([
              { ...a, postId: stored(a.postId), workspaceId: want.workspaceId, userId: stored(user!), userName: stored(name!), questionId: stored(text!) },
            ]);
            expect(await store.streak(key, user!)).toEqual({ current: 1, best: 1 });
          }),
          fcParams(25),
        );
      });

      it('answers a ping while open, and refuses one once closed', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        await store.close();
        await expect(store.ping()).rejects.toThrow();
      });

      it('opens an existing database with its data, and any number of processes can open a new one at once', async () => {
        await store.saveSchedule(schedule('C9'));
        const late = await Promise.all([1, 2, 3, 4].map(() => backend.open()));
        for (const s of late) expect((await s.listSchedules()).map((x) => x.channelId)).toEqual(['C9']);
        await backend.fresh();
        const together = await Promise.all([1, 2, 3, 4, 5].map(() => backend.open()));
        await together[0]!.saveSchedule(schedule('C1'));
        for (const s of together) expect(await s.listSchedules()).toHaveLength(1);
      });
    });
  });
}
