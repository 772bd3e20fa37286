// The OAuth `state` of "Add to Slack": a random value the install page issues, stored in the database
// (so the redirect may reach another process than the install page did) and accepted once. A forged
// state was never stored, a replayed one was already taken, an old one has expired: all are refused.
// Bolt checks on top that the state matches the browser's cookie, so it cannot be used from elsewhere.
import { randomBytes } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import { InvalidStateError } from '@slack/oauth';
import type { InstallationRecords } from '../../../core/ports/installations.ts';

/** As long as Bolt keeps the state cookie (10 minutes): enough to read Slack's consent screen. */
export const STATE_TTL_MS = 10 * 60_000;

export class OAuthStates implements StateStore {
  constructor(
    private readonly records: InstallationRecords,
    private readonly ttlMs = STATE_TTL_MS,
  ) {}

  async generateStateParam(installOptions: InstallURLOptions, now: Date): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    await this.records.saveOAuthState(state, JSON.stringify(installOptions), now.getTime() + this.ttlMs, now.getTime());
    return state;
  }

  async verifyStateParam(now: Date, state: string): Promise<InstallURLOptions> {
    const payload = await this.records.takeOAuthState(state, now.getTime());
    if (payload === undefined) throw new InvalidStateError('The state is unknown, expired or already used.');
    return JSON.parse(payload) as InstallURLOptions;
  }
}
