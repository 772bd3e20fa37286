// The store contract for streaks as people read them, on every implementation: a wrong answer ends a
// streak at once, a daily question that closes unanswered ends it when it closes, and one still open
// does not end it yet. streak(), userStreaks() and streaksIn() (boards) always agree.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewPost, QuizStore, RecordedAnswer } from '../../src/core/quiz/store.ts';
import { reportSkip } from '../support/postgres.ts';
import { storeBackends } from '../support/stores.ts';

const CH = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const Q = 'aws-srm:topic:infra-hypervisor';

const day = (n: number, over: Partial<NewPost> = {}): NewPost => ({
  id: `d${n}`, kind: 'daily', ...CH, questionId: Q, status: 'open', localDate: `2026-03-${String(n).padStart(2, '0')}`, createdAt: n * 1000, openedAt: n * 1000, ...over,
});
const answer = (post: NewPost, userId: string, correct = true): RecordedAnswer => ({
  postId: post.id, platform: 'slack', workspaceId: 'T1', userId, userName: userId, questionId: Q, kind: 'daily', choices: [0], correct, points: correct ? 10 : 0, answeredAt: post.createdAt + 1,
});

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} streak contract`);

  describe.skipIf(backend.skip)(`${backend.name} store: streaks as read`, () => {
    let store: QuizStore;
    beforeEach(async () => {
      await backend.fresh();
      store = await backend.open();
    });
    afterAll(() => backend.dispose());

    /** Posts day n (closing day n-1 first, as the daily question does). */
    async function post(n: number, over: Partial<NewPost> = {}): Promise<NewPost> {
      if (n > 1) await store.closePost(`d${n - 1}`, n * 1000 - 1);
      const p = day(n, over);
      await store.insertPost(p);
      return p;
    }

    const all = async (userId: string) => ({
      one: await store.streak(CH, userId),
      user: (await store.userStreaks('slack', 'T1', userId)).map(({ current, best }) => ({ current, best })),
      board: (await store.streaksIn('slack', 'T1', 'C1')).filter((s) => s.userId === userId).map(({ current, best }) => ({ current, best })),
    });

    it('three right answers, then three missed questions: current 0, best 3, the same everywhere', async () => {
      for (const n of [1, 2, 3]) await store.recordAnswer(answer(await post(n), 'U1'));
      await post(4); // open, not answered yet: the streak stands
      expect(await all('U1')).toEqual({ one: { current: 3, best: 3 }, user: [{ current: 3, best: 3 }], board: [{ current: 3, best: 3 }] });
      await post(5); // day 4 closed unanswered: the streak is over
      expect(await all('U1')).toEqual({ one: { current: 0, best: 3 }, user: [{ current: 0, best: 3 }], board: [{ current: 0, best: 3 }] });
      await post(6);
      expect((await store.streak(CH, 'U1')).current).toBe(0);
      // Answering again starts a new streak at 1.
      await store.recordAnswer(answer(day(6), 'U1'));
      expect(await store.streak(CH, 'U1')).toEqual({ current: 1, best: 3 });
    });

    it('a wrong answer ends it; a failed post (never seen) does not; other channels and people are apart', async () => {
      await store.recordAnswer(answer(await post(1), 'U1'));
      await store.recordAnswer(answer(await post(2), 'U2'));
      await store.recordAnswer(answer(day(2), 'U1', false));
      expect(await store.streak(CH, 'U1')).toEqual({ current: 0, best: 1 });
      await store.recordAnswer(answer(await post(3), 'U2'));
      const lost = await post(4, { status: 'pending' });
      await store.markDeliveryFailed(lost.id, 'not_in_channel', true);
      await store.insertPost(day(5));
      await store.recordAnswer(answer(day(5), 'U2'));
      expect(await store.streak(CH, 'U2')).toEqual({ current: 3, best: 3 });
      const other = { ...day(7), id: 'o1', channelId: 'C2' };
      await store.insertPost(other);
      await store.recordAnswer(answer(other, 'U1'));
      expect((await store.streaksIn('slack', 'T1')).map((s) => `${s.channelId}/${s.userId}=${s.current}`).sort()).toEqual(['C1/U1=0', 'C1/U2=3', 'C2/U1=1']);
      expect(await store.streaksIn('slack', 'T9')).toEqual([]);
    });
  });
}
