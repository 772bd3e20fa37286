import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has working defaults with no environment at all (console mode)', () => {
    expect(loadConfig({})).toMatchObject({ KNOWLEDGE_DIR: 'knowledge', DATA_DIR: 'data', PORT: 3000, LOG_LEVEL: 'info', SLACK_ADMIN_USERS: [] });
  });

  it('serves the ops endpoints only when OPS_PORT is set (0 picks a free port)', () => {
    expect(loadConfig({}).OPS_PORT).toBeUndefined();
    expect(loadConfig({ OPS_PORT: '' }).OPS_PORT).toBeUndefined();
    expect(loadConfig({ OPS_PORT: '0' }).OPS_PORT).toBe(0);
    expect(loadConfig({ OPS_PORT: '9464' }).OPS_PORT).toBe(9464);
  });

  it('takes many Slack workspaces through OAuth, or one bot token, and says what is missing', () => {
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', TOKEN_ENCRYPTION_KEY: 'k', SLACK_SIGNING_SECRET: 'x' };
    expect(loadConfig(oauth).SLACK_CLIENT_ID).toBe('1.2');
    expect(() => loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_BOT_TOKEN .* or SLACK_CLIENT_ID .*not both/);
    expect(() => loadConfig({ ...oauth, TOKEN_ENCRYPTION_KEY: '' })).toThrow(/TOKEN_ENCRYPTION_KEY is not/);
    expect(() => loadConfig({ ...oauth, SLACK_CLIENT_SECRET: '', TOKEN_ENCRYPTION_KEY: '' })).toThrow(/SLACK_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY are not/);
    expect(() => loadConfig({ ...oauth, SLACK_SIGNING_SECRET: '' })).toThrow(/SLACK_APP_TOKEN .*SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_CLIENT_SECRET: 's' })).toThrow(/SLACK_CLIENT_ID is not/);
    expect(() => loadConfig({ ...oauth, SLACK_REDIRECT_URI: 'https://bot.example.com/oauth' })).toThrow(/SLACK_REDIRECT_URI.*\/slack\/oauth_redirect/s);
    expect(loadConfig({ ...oauth, SLACK_REDIRECT_URI: 'https://bot.example.com/slack/oauth_redirect' }).SLACK_REDIRECT_URI).toBe('https://bot.example.com/slack/oauth_redirect');
  });

  it('shards Discord as Discord recommends, or as DISCORD_SHARDS says; DISCORD_SHARD_IDS splits them over hosts', () => {
    expect(loadConfig({}).DISCORD_SHARDS).toBe('auto');
    expect(loadConfig({ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '2, 3' })).toMatchObject({ DISCORD_SHARDS: 4, DISCORD_SHARD_IDS: [2, 3] });
    expect(() => loadConfig({ DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS/);
    expect(() => loadConfig({ DISCORD_SHARDS: '0' })).toThrow(/DISCORD_SHARDS/);
    expect(() => loadConfig({ DISCORD_SHARD_IDS: '0' })).toThrow(/DISCORD_SHARD_IDS needs a fixed DISCORD_SHARDS/);
    expect(() => loadConfig({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1,2' })).toThrow(/shard 2 does not exist with DISCORD_SHARDS=2/);
    expect(() => loadConfig({ DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: 'one' })).toThrow(/DISCORD_SHARD_IDS/);
  });

  it('treats empty values like unset ones', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', DATA_DIR: '', DISCORD_TOKEN: ' ' })).toMatchObject({ DATA_DIR: 'data' });
    expect(loadConfig({ SLACK_BOT_TOKEN: '' }).SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ SLACK_API_URL: 'not a url' })).toThrow(/SLACK_API_URL/);
    expect(() => loadConfig({ OPS_PORT: '70000' })).toThrow(/OPS_PORT/);
  });

  it('explains incomplete platform settings', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ DISCORD_TOKEN: 't' })).toThrow(/DISCORD_APP_ID/);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_ADMIN_USERS: 'U1, U2' }).SLACK_ADMIN_USERS).toEqual(['U1', 'U2']);
  });

  it('takes a PostgreSQL DATABASE_URL, and refuses anything else in one line without echoing it', () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:pw@db:5432/bot' }).DATABASE_URL).toBe('postgres://bot:pw@db:5432/bot');
    expect(loadConfig({ DATABASE_URL: 'postgresql:///bot?host=/var/run/postgresql' }).DATABASE_URL).toBeDefined();
    for (const bad of ['mysql://root:hunter2@db/bot', 'db.internal:5432 hunter2', 'postgres:hunter2']) {
      let message = '';
      try {
        loadConfig({ DATABASE_URL: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL is not a PostgreSQL URL/);
      expect(message).not.toContain('hunter2');
      expect(message.split('\n')).toHaveLength(1);
    }
  });
});
