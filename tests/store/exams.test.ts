// The store contract for mock exams, on every implementation, with several stores on one database as
// several bot processes: one running exam per person, picks and flags kept per question (racing
// clicks on different questions never undo each other), nothing written after the deadline or the
// end, exactly one process ends an exam, and the results come back newest first.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Exam, ExamResult, QuizStore } from '../../src/core/quiz/store.ts';
import { reportSkip } from '../support/postgres.ts';
import { storeBackends } from '../support/stores.ts';

const exam = (over: Partial<Exam> = {}): Exam => ({
  id: 'e1',
  platform: 'slack',
  workspaceId: 'T1',
  channelId: 'C1',
  userId: 'U1',
  userName: 'Ann <@U2> "quoted"',
  questionIds: ['p:a', 'p:b', 'p:c', 'p:d'],
  startedAt: 1000,
  deadline: 61_000,
  position: 0,
  answers: [[], [], [], []],
  flagged: [],
  status: 'active',
  ...over,
});

const result = (correct: number): ExamResult => ({ correct, total: 4, passMark: 70, passed: correct >= 3, byDomain: { compute: { correct, total: 4 } } });

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} exam contract`);

  describe.skipIf(backend.skip)(`${backend.name} store: mock exams`, () => {
    let store: QuizStore;
    let others: QuizStore[];
    beforeEach(async () => {
      await backend.fresh();
      store = await backend.open();
      others = [await backend.open(), await backend.open()];
    });
    afterAll(() => backend.dispose());

    it('keeps one running exam per person and workspace, and gives it back whole to another process', async () => {
      const racers = [store, ...others].map((s, i) => s.createExam(exam({ id: `e${i}` })));
      expect((await Promise.all(racers)).filter(Boolean)).toHaveLength(1);
      const running = (await others[1]!.activeExam('slack', 'T1', 'U1'))!;
      expect(running).toEqual(exam({ id: running.id }));
      expect(await store.getExam(running.id)).toEqual(running);
      // Someone else, or the same person in another workspace, may run their own.
      expect(await store.createExam(exam({ id: 'x2', userId: 'U2' }))).toBe(true);
      expect(await store.createExam(exam({ id: 'x3', workspaceId: 'T2', domains: ['compute', 'iam'] }))).toBe(true);
      expect(await others[0]!.getExam('x3')).toEqual(exam({ id: 'x3', workspaceId: 'T2', domains: ['compute', 'iam'] }));
      expect(await store.activeExam('slack', 'T1', 'U9')).toBeUndefined();
      expect(await store.getExam('nope')).toBeUndefined();
    });

    it('keeps picks and flags per question, changed by any process, and never two writes undoing each other', async () => {
      await store.createExam(exam());
      await Promise.all([store.saveExamAnswer('e1', 0, [1], 2000), others[0]!.saveExamAnswer('e1', 1, [0, 2], 2000), others[1]!.saveExamAnswer('e1', 3, [3], 2000), others[1]!.setExamFlag('e1', 2, true), store.setExamFlag('e1', 3, true)]);
      expect(await others[0]!.getExam('e1')).toMatchObject({ answers: [[1], [0, 2], [], [3]], flagged: [2, 3] });
      // Changing an answer and clearing a flag.
      expect(await others[0]!.saveExamAnswer('e1', 0, [2], 3000)).toBe(true);
      expect(await store.setExamFlag('e1', 2, false)).toBe(true);
      await store.setExamPosition('e1', 3);
      expect(await others[1]!.getExam('e1')).toMatchObject({ answers: [[2], [0, 2], [], [3]], flagged: [3], position: 3 });
      // No question beyond the last.
      expect(await store.saveExamAnswer('e1', 4, [1], 3000)).toBe(false);
      expect(await store.setExamFlag('e1', 9, true)).toBe(false);
      expect((await store.getExam('e1'))!.answers).toHaveLength(4);
    });

    it('takes no answer at or after the deadline, and none once ended; exactly one process ends it', async () => {
      await store.createExam(exam());
      expect(await store.saveExamAnswer('e1', 0, [1], 61_000)).toBe(false);
      expect(await store.examsDue(60_999)).toEqual([]);
      expect((await others[0]!.examsDue(61_000)).map((e) => e.id)).toEqual(['e1']);
      const enders = [store, ...others].flatMap((s) => [s.finishExam('e1', 'expired', 61_500, result(1)), s.finishExam('e1', 'submitted', 61_400, result(2))]);
      expect((await Promise.all(enders)).filter(Boolean)).toHaveLength(1);
      const ended = (await store.getExam('e1'))!;
      expect(ended.status).not.toBe('active');
      expect(ended.result!.byDomain.compute!.total).toBe(4);
      expect(await store.examsDue(99_000)).toEqual([]);
      expect(await store.activeExam('slack', 'T1', 'U1')).toBeUndefined();
      expect(await store.setExamFlag('e1', 0, true)).toBe(false);
      expect(await store.saveExamAnswer('e1', 0, [1], 2000)).toBe(false);
      // The person may start the next one.
      expect(await store.createExam(exam({ id: 'e2' }))).toBe(true);
    });

    it("lists a person's ended exams newest first, with their results", async () => {
      for (const [i, at] of [3000, 1000, 2000].entries()) {
        await store.createExam(exam({ id: `h${i}` }));
        await store.finishExam(`h${i}`, 'submitted', at, result(i + 1));
      }
      await store.createExam(exam({ id: 'running' }));
      await store.createExam(exam({ id: 'theirs', userId: 'U2' }));
      await store.finishExam('theirs', 'submitted', 5000, result(4));
      const history = await others[0]!.examHistory('slack', 'T1', 'U1', 2);
      expect(history.map((e) => [e.id, e.endedAt, e.status])).toEqual([
        ['h0', 3000, 'submitted'],
        ['h2', 2000, 'submitted'],
      ]);
      expect(history[0]!.result).toEqual(result(1));
      expect(await store.examHistory('slack', 'T1', 'U3', 5)).toEqual([]);
    });
  });
}
