// Where the bot keeps its installations in chat workspaces (Slack's "Add to Slack" OAuth flow gives one
// bot token per workspace) and the one-time states that protect that flow. A store keeps what it is
// given: the adapter encrypts every installation before it gets here, so no store ever holds a token
// in the clear. Both the SQLite and the PostgreSQL store implement this port.
import type { Platform } from './messenger.ts';

export interface InstallationRecord {
  platform: Platform;
  /** What the installation belongs to, e.g. "team:T012AB3CD" or "enterprise:E012AB3CD". */
  key: string;
  /** The installation, sealed (encrypted and authenticated) by the adapter; opaque to the store. */
  sealed: string;
  installedAt: number;
  updatedAt: number;
}

export interface InstallationRecords {
  /** Inserts or replaces the installation under (platform, key); a reinstall keeps the first installedAt. */
  saveInstallation(record: InstallationRecord): Promise<void>;
  getInstallation(platform: Platform, key: string): Promise<InstallationRecord | undefined>;
  /** True when there was one to delete. */
  deleteInstallation(platform: Platform, key: string): Promise<boolean>;
  /** Keeps a state until `expiresAt` (epoch ms), with what the flow needs back; drops those expired at `now`. */
  saveOAuthState(state: string, payload: string, expiresAt: number, now: number): Promise<void>;
  /**
   * Removes a state and returns its payload, atomically, if it exists and has not expired at `now`:
   * the second use of a state, and any state never issued, find nothing.
   */
  takeOAuthState(state: string, now: number): Promise<string | undefined>;
}
