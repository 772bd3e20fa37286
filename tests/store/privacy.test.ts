// The store contract for /quiz forget-me, on every implementation: one person's answers, streaks,
// practice cards, finished practice posts and reports go; nobody else's, and nothing of theirs in
// another workspace; the boards then add up without them.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { QuizStore } from '../../src/core/quiz/store.ts';
import { reportSkip } from '../support/postgres.ts';
import { storeBackends } from '../support/stores.ts';

const CH = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const Q = 'aws-srm:topic:infra-hypervisor';

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} privacy contract`);

  describe.skipIf(backend.skip)(`${backend.name} store: forgetting a person`, () => {
    let store: QuizStore;
    let other: QuizStore;
    beforeEach(async () => {
      await backend.fresh();
      store = await backend.open();
      other = await backend.open();
    });
    afterAll(() => backend.dispose());

    const answer = (postId: string, userId: string, workspaceId = 'T1', kind: 'daily' | 'practice' = 'daily') => ({
      postId, platform: 'slack' as const, workspaceId, userId, userName: `name of ${userId}`, questionId: Q, kind, choices: [1], correct: true, points: 10, answeredAt: 5000,
    });

    it("deletes one person's answers, streaks, practice and reports in one workspace, and nothing else", async () => {
      await store.insertPost({ id: 'd1', kind: 'daily', ...CH, questionId: Q, status: 'open', localDate: '2026-03-29', createdAt: 1000, openedAt: 1000 });
      await store.insertPost({ id: 'd2', kind: 'daily', ...CH, workspaceId: 'T2', questionId: Q, status: 'open', localDate: '2026-03-29', createdAt: 1000, openedAt: 1000 });
      await store.insertPost({ id: 'pr1', kind: 'practice', ...CH, questionId: Q, status: 'open', userId: 'U0BOB', createdAt: 1001, openedAt: 1001 });
      for (const a of [answer('d1', 'U0BOB'), answer('d1', 'U0ANN'), answer('d2', 'U0BOB', 'T2'), answer('pr1', 'U0BOB', 'T1', 'practice')]) expect((await store.recordAnswer(a)).recorded).toBe(true);
      await store.closePost('pr1', 6000);
      await store.savePracticeCard('slack', 'U0BOB', { questionId: Q, state: '{}', due: 9000 });
      await store.savePracticeCard('slack', 'U0ANN', { questionId: Q, state: '{}', due: 9000 });
      await store.addReport({ platform: 'slack', workspaceId: 'T1', questionId: Q, userId: 'U0BOB', userName: 'bob', note: 'wrong', createdAt: 1 });
      await store.addReport({ platform: 'slack', workspaceId: 'T1', questionId: Q, userId: 'U0ANN', userName: 'ann', note: 'typo', createdAt: 2 });

      // Another process does it: the result is the same for every process.
      expect(await other.forgetUser('slack', 'T1', 'U0BOB')).toEqual({ answers: 2, reports: 1 });
      expect(await store.answersByUser('slack', 'T1', 'U0BOB')).toEqual([]);
      expect(await store.streak(CH, 'U0BOB')).toEqual({ current: 0, best: 0 });
      expect(await store.userStreaks('slack', 'T1', 'U0BOB')).toEqual([]);
      expect(await store.practiceCards('slack', 'U0BOB')).toEqual([]);
      expect(await store.getPost('pr1')).toBeUndefined();
      expect((await store.openReports('slack', 'T1')).map((r) => r.userName)).toEqual(['ann']);
      expect((await store.leaderboard('slack', 'T1', 0)).map((r) => r.userId)).toEqual(['U0ANN']);
      // Everyone else, and the same person in another workspace, keep theirs.
      expect(await store.answersByUser('slack', 'T1', 'U0ANN')).toHaveLength(1);
      expect(await store.streak(CH, 'U0ANN')).toEqual({ current: 1, best: 1 });
      expect(await store.practiceCards('slack', 'U0ANN')).toHaveLength(1);
      expect(await store.answersByUser('slack', 'T2', 'U0BOB')).toHaveLength(1);
      // The post they answered is still there for the others, and they may answer it afresh.
      expect((await store.recordAnswer(answer('d1', 'U0BOB'))).recorded).toBe(true);
      expect(await store.forgetUser('slack', 'T1', 'U0NOBODY')).toEqual({ answers: 0, reports: 0 });
    });
  });
}
