// The installation port's contract, run against every store that implements it (SQLite now, PostgreSQL
// where a server is there): what Slack's OAuth flow and the messenger rely on.
import { describe, expect, it } from 'vitest';
import type { InstallationRecords } from '../../src/core/ports/installations.ts';

export interface StoreUnderTest {
  records: InstallationRecords;
  close(): Promise<void>;
}

export function installationContract(name: string, open: () => Promise<StoreUnderTest>): void {
  const withStore = (fn: (records: InstallationRecords) => Promise<void>) => async () => {
    const s = await open();
    try {
      await fn(s.records);
    } finally {
      await s.close();
    }
  };

  describe(`installation records on ${name}`, () => {
    it(
      'keeps an installation per platform and key, replaces it on reinstall, and deletes it',
      withStore(async (r) => {
        await r.saveInstallation({ platform: 'slack', key: 'team:T1', sealed: 'sealed-1', installedAt: 1000, updatedAt: 1000 });
        await r.saveInstallation({ platform: 'discord', key: 'team:T1', sealed: 'other-platform', installedAt: 1500, updatedAt: 1500 });
        expect(await r.getInstallation('slack', 'team:T1')).toEqual({ platform: 'slack', key: 'team:T1', sealed: 'sealed-1', installedAt: 1000, updatedAt: 1000 });
        await r.saveInstallation({ platform: 'slack', key: 'team:T1', sealed: 'sealed-2', installedAt: 2000, updatedAt: 2000 });
        // A reinstall replaces the secret but remembers when the workspace first installed.
        expect(await r.getInstallation('slack', 'team:T1')).toEqual({ platform: 'slack', key: 'team:T1', sealed: 'sealed-2', installedAt: 1000, updatedAt: 2000 });
        expect(await r.getInstallation('slack', 'team:T2')).toBeUndefined();
        expect(await r.deleteInstallation('slack', 'team:T1')).toBe(true);
        expect(await r.deleteInstallation('slack', 'team:T1')).toBe(false);
        expect(await r.getInstallation('slack', 'team:T1')).toBeUndefined();
        expect((await r.getInstallation('discord', 'team:T1'))?.sealed).toBe('other-platform');
      }),
    );

    it(
      'stores keys and values as data, whatever they contain',
      withStore(async (r) => {
        const key = `team:T'); DROP TABLE installations;--`;
        const sealed = `v1.ab'cd.${'x'.repeat(5000)}.🙂`;
        await r.saveInstallation({ platform: 'slack', key, sealed, installedAt: 1, updatedAt: 1 });
        expect((await r.getInstallation('slack', key))?.sealed).toBe(sealed);
      }),
    );

    it(
      'gives a state back once, and never one that expired or was never issued',
      withStore(async (r) => {
        const now = 1_700_000_000_000;
        await r.saveOAuthState('state-old', '{}', now - 1, now - 600_000);
        await r.saveOAuthState('state-a', '{"scopes":["chat:write"]}', now + 600_000, now);
        expect(await r.takeOAuthState('state-a', now)).toBe('{"scopes":["chat:write"]}');
        expect(await r.takeOAuthState('state-a', now)).toBeUndefined();
        expect(await r.takeOAuthState('state-old', now)).toBeUndefined();
        expect(await r.takeOAuthState('never-issued', now)).toBeUndefined();
        await r.saveOAuthState('state-b', '{}', now + 10, now);
        expect(await r.takeOAuthState('state-b', now + 10)).toBeUndefined();
      }),
    );

    it(
      'gives a state to exactly one of many callbacks racing for it',
      withStore(async (r) => {
        await r.saveOAuthState('contested', 'payload', Date.now() + 600_000, Date.now());
        const takes = await Promise.all(Array.from({ length: 20 }, () => r.takeOAuthState('contested', Date.now())));
        expect(takes.filter((t) => t === 'payload')).toHaveLength(1);
      }),
    );
  });
}
