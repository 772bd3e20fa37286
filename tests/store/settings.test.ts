// The store contract for settings changed from chat and for once-per-period claims, on every
// implementation, with several stores on one database as several bot processes: a setting written by
// one is read by the others at once; a claim is won by exactly one of many racing processes.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { QuizStore, Session } from '../../src/core/quiz/store.ts';
import { reportSkip } from '../support/postgres.ts';
import { storeBackends } from '../support/stores.ts';

const CH = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const scope = (scopeId: string) => ({ platform: 'slack' as const, workspaceId: 'T1', scopeId });

for (const backend of storeBackends()) {
  if (backend.skip) reportSkip(`the ${backend.name} settings contract`);

  describe.skipIf(backend.skip)(`${backend.name} store: settings and claims`, () => {
    let store: QuizStore;
    let others: QuizStore[];
    beforeEach(async () => {
      await backend.fresh();
      store = await backend.open();
      others = [await backend.open(), await backend.open()];
    });
    afterAll(() => backend.dispose());

    it('keeps a setting per channel and per workspace, seen by every process at once, and removes it', async () => {
      expect(await store.getSetting(scope('C1'), 'threads')).toBeUndefined();
      await store.setSetting(scope('C1'), 'threads', 'on', 'U1', 10);
      await store.setSetting(scope(''), 'admin-role', 'S123', 'U1', 11);
      expect(await others[0]!.getSetting(scope('C1'), 'threads')).toBe('on');
      expect(await others[1]!.getSetting(scope('C2'), 'threads')).toBeUndefined();
      expect(await others[1]!.getSetting(scope(''), 'admin-role')).toBe('S123');
      expect(await others[1]!.getSetting({ ...scope(''), workspaceId: 'T2' }, 'admin-role')).toBeUndefined();
      await others[0]!.setSetting(scope('C1'), 'threads', 'off', 'U2', 12);
      expect(await store.getSetting(scope('C1'), 'threads')).toBe('off');
      await store.setSetting(scope('C1'), 'threads', undefined, 'U2', 13);
      expect(await others[1]!.getSetting(scope('C1'), 'threads')).toBeUndefined();
      await store.setSetting(scope('C1'), 'threads', undefined, 'U2', 14); // removing nothing is fine
    });

    it('gives a claim to exactly one of many racing processes, per kind, channel and period', async () => {
      const racers = [store, ...others].flatMap((s) => [s.claim('weekly-board', CH, '2026-11-23', 1), s.claim('weekly-board', CH, '2026-11-23', 2)]);
      expect((await Promise.all(racers)).filter(Boolean)).toHaveLength(1);
      expect(await store.claim('weekly-board', CH, '2026-11-30', 3)).toBe(true);
      expect(await store.claim('weekly-board', { ...CH, channelId: 'C2' }, '2026-11-23', 3)).toBe(true);
      expect(await store.claim('other', CH, '2026-11-23', 3)).toBe(true);
      expect(await others[0]!.claim('weekly-board', CH, '2026-11-30', 4)).toBe(false);
    });

    it('keeps whether a session runs in a thread', async () => {
      const base: Session = { id: 's1', ...CH, startedBy: 'U1', status: 'active', rounds: 2, seconds: 20, questionIds: ['a', 'b'], currentRound: 0, createdAt: 5 };
      await store.createSession({ ...base, inThread: true });
      await store.createSession({ ...base, id: 's2', channelId: 'C2' });
      expect(await others[0]!.getSession('s1')).toEqual({ ...base, inThread: true });
      expect(await others[0]!.getSession('s2')).toEqual({ ...base, id: 's2', channelId: 'C2' });
      expect(await others[1]!.activeSession(CH)).toEqual({ ...base, inThread: true });
    });
  });
}
