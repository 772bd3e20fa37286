// Starts the real adapter (Bolt in HTTP mode on 127.0.0.1, port 0) against a fake Slack Web API, with the
// real core and knowledge packs. One per test file; reset() between tests; stop() closes both servers
// (a fake passed in belongs to the caller and stays open). `core` options give the core a FakeClock,
// a store of the test's own or a capturing logger.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSlack, type RunningSlack, type SlackOAuthOptions } from '../../../src/adapters/slack/index.ts';
import type { KnowledgePack } from '../../../src/core/knowledge/loader.ts';
import type { Logger } from '../../../src/core/ports/logger.ts';
import type { Core, CoreOptions } from '../../../src/core/responsibot.ts';
import { makeCore } from '../../support/core.ts';
import { FakeSlack } from './fake-slack.ts';
import { SlackRequests } from './slack-requests.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export interface Harness {
  core: Core;
  fake: FakeSlack;
  slack: RunningSlack;
  requests: SlackRequests;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  adminUsers?: string[];
  core?: CoreOptions;
  fake?: FakeSlack;
  /** Many workspaces installed through OAuth instead of the one bot token. */
  oauth?: SlackOAuthOptions;
  /** The adapter's logger (the core's by default). */
  log?: Logger;
  /** Knowledge packs other than the real ones (e.g. a small test pack). */
  packs?: readonly KnowledgePack[];
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const ownFake = !opts.fake;
  const fake = opts.fake ?? (await FakeSlack.start());
  const core = makeCore(opts.core, opts.packs);
  let slack: RunningSlack;
  try {
    slack = await startSlack({
      core,
      ...(opts.oauth ? { oauth: opts.oauth } : { botToken: BOT_TOKEN }),
      signingSecret: SIGNING_SECRET,
      port: 0,
      host: '127.0.0.1',
      apiUrl: fake.apiUrl,
      adminUsers: opts.adminUsers ?? [],
      log: opts.log ?? core.log,
    });
  } catch (err) {
    if (ownFake) await fake.close();
    throw err;
  }
  const requests = new SlackRequests(`http://127.0.0.1:${slack.port}`, SIGNING_SECRET);
  return {
    core,
    fake,
    slack,
    requests,
    async stop() {
      await slack.stop();
      if (ownFake) await fake.close();
    },
  };
}

/** Every string anywhere in a JSON-like value (texts, labels, values…), for escaping checks. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

/** Texts of one kind of block in a Block Kit message. */
export function blockTexts(blocks: any[] | undefined, type: string): string[] {
  return (blocks ?? []).filter((b) => b.type === type).flatMap((b) => [b.text?.text, ...(b.fields ?? []).map((f: any) => f.text), ...(b.elements ?? []).map((e: any) => e.text?.text ?? e.text)]).filter((t): t is string => typeof t === 'string');
}

/** The buttons of a Block Kit message, each with the block_id of its actions block. */
export function buttonsOf(blocks: any[] | undefined): { action_id: string; value: string; text: { text: string }; block_id?: string }[] {
  return (blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements.filter((e: any) => e.type === 'button').map((e: any) => ({ ...e, ...(b.block_id ? { block_id: b.block_id } : {}) })));
}

/** The checkbox groups of a message: their block, action_id and options. */
export function checkboxesOf(blocks: any[] | undefined): { block_id: string; action_id: string; options: { text: { text: string }; value: string }[] }[] {
  return (blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements.filter((e: any) => e.type === 'checkboxes').map((e: any) => ({ block_id: b.block_id, action_id: e.action_id, options: e.options })));
}

/** The submit button under a checkbox group, carrying the boxes ticked (as Slack sends them with the click). */
export function submitWith(blocks: any[] | undefined, ticked: string[]) {
  const group = checkboxesOf(blocks)[0]!;
  const submit = buttonsOf(blocks).find((b) => b.block_id === group.block_id)!;
  const selected_options = group.options.filter((o) => ticked.includes(o.value));
  return { ...submit, state: { values: { [group.block_id]: { [group.action_id]: { type: 'checkboxes', selected_options } } } } };
}

/**
 * One harness for a whole test file: started before the first test, stopped after the last, and its
 * fake's recordings cleared before each test. Returns a getter because the harness starts later.
 */
export function useHarness(opts: HarnessOptions = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(opts);
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h!.fake.reset());
  return () => h!;
}
