// Starts Slack: one workspace with SLACK_BOT_TOKEN, or many through OAuth (SLACK_CLIENT_ID), whose
// installations live in the bot's database, sealed with TOKEN_ENCRYPTION_KEY.
import type { pino } from 'pino';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { InstallationRecords } from '../core/ports/installations.ts';
import type { Core } from '../core/responsibot.ts';
import type { RunningPlatform } from './platform.ts';
import { startFailure } from './start-failure.ts';

export async function startSlackPlatform(core: Core, config: Config, log: pino.Logger, installations: () => Promise<InstallationRecords>): Promise<RunningPlatform> {
  const { startSlack, TokenCipher, KeyError } = await import('../adapters/slack/index.ts');
  let oauth;
  if (config.SLACK_CLIENT_ID) {
    let cipher;
    try {
      cipher = TokenCipher.fromSetting(config.TOKEN_ENCRYPTION_KEY ?? '');
    } catch (err) {
      if (err instanceof KeyError) throw new ConfigError(`Invalid configuration: ${err.message}`);
      throw err;
    }
    oauth = {
      clientId: config.SLACK_CLIENT_ID,
      clientSecret: config.SLACK_CLIENT_SECRET!,
      records: await installations(),
      cipher,
      ...(config.SLACK_REDIRECT_URI ? { redirectUri: config.SLACK_REDIRECT_URI } : {}),
    };
  }
  const slack = await startSlack({
    core,
    ...(oauth ? { oauth } : { botToken: config.SLACK_BOT_TOKEN! }),
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    port: config.PORT,
    adminUsers: config.SLACK_ADMIN_USERS,
    log,
  }).catch((err: unknown) => {
    throw startFailure('Slack', err, { port: config.PORT });
  });
  // The adapter logs "slack adapter started" itself: one line per adapter.
  return { name: 'slack', connected: slack.connected, stop: slack.stop };
}
