// The store contract for team facts edited from chat, on every implementation, with two stores on one
// database as two bot processes: an edit saved by one moves the version the other sees, its current
// version and history (before → after, who, when) read back as written, and a removal is kept as such.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { QuizStore } from '../../src/core/quiz/store.ts';
import { reportSkip } from '../support/postgres.ts';
import { storeBackends } from '../support/stores.ts';

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} team facts contract`);

  describe.skipIf(backend.skip)(`${backend.name} store: team facts`, () => {
    let store: QuizStore;
    let other: QuizStore;
    beforeEach(async () => {
      await backend.fresh();
      store = await backend.open();
      other = await backend.open();
    });
    afterAll(() => backend.dispose());

    it('keeps the current chat version and the history of each topic, seen by every process', async () => {
      expect(await other.knowledgeVersion()).toBe(0);
      const v1 = await store.saveTopicEdit({ packId: 'team', topicId: 'tls', before: '{"id":"tls","v":1}', after: '{"id":"tls","v":2}', by: 'ada', at: 10 });
      expect(await other.knowledgeVersion()).toBe(v1);
      const v2 = await other.saveTopicEdit({ packId: 'team', topicId: 'tls', before: '{"id":"tls","v":2}', by: 'bob', at: 20 });
      const v3 = await store.saveTopicEdit({ packId: 'team', topicId: 'new', after: '{"id":"new"}', by: 'ada', at: 30 });
      expect(v2).toBeGreaterThan(v1);
      expect(await store.knowledgeVersion()).toBe(v3);
      expect(await other.topicOverrides()).toEqual([
        { packId: 'team', topicId: 'new', topic: '{"id":"new"}' },
        { packId: 'team', topicId: 'tls' },
      ]);
      expect(await other.topicHistory('team', 'tls')).toEqual([
        { id: v2, packId: 'team', topicId: 'tls', before: '{"id":"tls","v":2}', by: 'bob', at: 20 },
        { id: v1, packId: 'team', topicId: 'tls', before: '{"id":"tls","v":1}', after: '{"id":"tls","v":2}', by: 'ada', at: 10 },
      ]);
      expect((await store.topicHistory('team', undefined, 2)).map((e) => e.id)).toEqual([v3, v2]);
      expect(await store.topicHistory('other')).toEqual([]);
    });
  });
}
