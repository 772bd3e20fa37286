// Bolt's InstallationStore on top of the database port: each workspace's installation (bot token
// included) is sealed with the TokenCipher before it is stored and opened when Bolt or the messenger
// needs the token. Installations are cached for a minute, because Bolt asks on every request.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { InstallationRecords } from '../../../core/ports/installations.ts';
import type { Logger } from '../../../core/ports/logger.ts';
import type { TokenCipher } from './cipher.ts';

/** The workspace has no (or no longer an) installation: the bot cannot act there. */
export class NotInstalledError extends Error {
  constructor(key: string) {
    super(`Responsibot is not installed in this Slack workspace (${key}); install it again from /slack/install.`);
    this.name = 'NotInstalledError';
  }
}

type Query = InstallationQuery<boolean>;

export interface SlackInstallationsOptions {
  records: InstallationRecords;
  cipher: TokenCipher;
  log: Logger;
  cacheMs?: number;
  now?: () => number;
}

export class SlackInstallations implements InstallationStore {
  private readonly cache = new Map<string, { installation: Installation; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: SlackInstallationsOptions) {
    this.cacheMs = opts.cacheMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  async storeInstallation(installation: Installation): Promise<void> {
    const key = installationKey(installation.isEnterpriseInstall ? { isEnterpriseInstall: true, enterpriseId: installation.enterprise?.id, teamId: undefined } : { isEnterpriseInstall: false, teamId: installation.team?.id, enterpriseId: installation.enterprise?.id });
    const now = this.now();
    await this.opts.records.saveInstallation({ platform: 'slack', key, sealed: this.opts.cipher.seal(JSON.stringify(installation), context(key)), installedAt: now, updatedAt: now });
    this.cache.set(key, { installation, until: now + this.cacheMs });
    this.opts.log.info({ installation: key }, 'slack: installed in a workspace');
  }

  async fetchInstallation(query: Query): Promise<Installation> {
    const key = installationKey(query);
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.installation;
    const record = await this.opts.records.getInstallation('slack', key);
    if (!record) throw new NotInstalledError(key);
    const installation = JSON.parse(this.opts.cipher.open(record.sealed, context(key))) as Installation;
    if (this.opts.cipher.isStale(record.sealed)) {
      // Sealed with an older key (TOKEN_ENCRYPTION_KEY was rotated): re-seal it with the current one.
      await this.opts.records.saveInstallation({ ...record, sealed: this.opts.cipher.seal(JSON.stringify(installation), context(key)), updatedAt: this.now() });
    }
    this.cache.set(key, { installation, until: this.now() + this.cacheMs });
    return installation;
  }

  async deleteInstallation(query: Query): Promise<void> {
    const key = installationKey(query);
    this.cache.delete(key);
    if (await this.opts.records.deleteInstallation('slack', key)) this.opts.log.info({ installation: key }, 'slack: installation deleted');
  }

  /** The bot token for a workspace (throws NotInstalledError when there is none). */
  async botToken(teamId: string): Promise<string> {
    const installation = await this.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    const token = installation.bot?.token;
    if (!token) throw new NotInstalledError(`team:${teamId}`);
    return token;
  }
}

export function installationKey(query: { isEnterpriseInstall?: boolean; teamId?: string | undefined; enterpriseId?: string | undefined }): string {
  if (query.isEnterpriseInstall) {
    if (!query.enterpriseId) throw new Error('an enterprise installation without an enterprise id');
    return `enterprise:${query.enterpriseId}`;
  }
  if (!query.teamId) throw new Error('a workspace installation without a team id');
  return `team:${query.teamId}`;
}

/** Binds a sealed installation to its row: it opens only under the key it was stored for. */
function context(key: string): string {
  return `slack:${key}`;
}
