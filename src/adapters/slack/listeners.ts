// Bolt listeners: slash commands, button clicks and events (form modals: forms.ts). Each acks first (Slack's 3-second rule),
// then asks the core and delivers its replies. No answering logic lives here.
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Core } from '../../core/responsibot.ts';
import type { ChannelDirectory } from './channels.ts';
import type { ContextFactory } from './context.ts';
import { deliver, type Destination } from './deliver.ts';
import { homeView } from './home.ts';
import { formsAsText, openForms } from './forms.ts';
import { commandFromMessage } from './incoming.ts';
import { renderBlocks } from './render-blocks.ts';
import { choicesValue, type Reply } from '../../core/reply/reply.ts';
import type { SlackMessenger } from './messenger.ts';
import type { SlackImages } from './images.ts';
import { plainFromSlack } from './escape.ts';
import { decodeActionId, tickedChoices } from './render-blocks.ts';

export interface ListenerDeps {
  core: Core;
  contexts: ContextFactory;
  messenger: SlackMessenger;
  channels: ChannelDirectory;
  /** Uploads answers' diagrams after their text went out. */
  images: SlackImages;
  /** Runs the work after the ack, so stop() can wait for it. */
  track<T>(work: () => Promise<T>): Promise<T>;
}

const ACK_WITH_ANSWER_WITHIN_MS = 1500;

/** A timer that resolves to undefined, and can be cancelled when the work won the race. */
function delay(ms: number): { promise: Promise<undefined>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** The core reuses one frozen card per answer (see who.ts), so its Block Kit is rendered once too. */
const rendered = new WeakMap<Reply, ReturnType<typeof renderBlocks>>();

function ackPayload(reply: Reply) {
  let message = rendered.get(reply);
  if (!message) rendered.set(reply, (message = renderBlocks(reply)));
  const { text, blocks } = message;
  return { response_type: reply.visibility === 'public' ? ('in_channel' as const) : ('ephemeral' as const), replace_original: false, text, blocks };
}

/**
 * Every registry command is a slash command; the manifest lists the same names (a test keeps them
 * equal). One listener serves them all: Bolt runs every listener's matchers on every request, so one
 * per command would make each request pay for all the others.
 */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command(/^\/./, async ({ command: payload, ack, respond, client }) => {
    await deps.track(async () => {
      const ctx = deps.contexts({ userId: payload.user_id, userName: payload.user_name, teamId: payload.team_id, channelId: payload.channel_id });
      const work = deps.core.registry.run(payload.command.slice(1).toLowerCase(), plainFromSlack(payload.text ?? ''), ctx);
      // Most answers (every /who) are ready in well under a millisecond: send the first one as the
      // acknowledgement itself, which saves a response_url round trip. Anything slower is acked
      // empty within Slack's 3 seconds and answered through response_url when it is done.
      const deadline = delay(ACK_WITH_ANSWER_WITHIN_MS);
      const quick = await Promise.race([work, deadline.promise]);
      deadline.cancel();
      const where = { workspaceId: payload.team_id, channelId: payload.channel_id, userId: payload.user_id };
      const origin = { channelId: payload.channel_id, responseUrl: payload.response_url };
      if (quick) {
        // A form opens as a modal first: its trigger_id is only good for 3 seconds.
        const [first, ...rest] = await openForms(quick, client, payload.trigger_id, origin, deps);
        await ack(first ? ackPayload(first) : undefined);
        await deliver(rest, { kind: 'respond', respond }, { messenger: deps.messenger, log: deps.core.log });
        await deps.images.send(quick, where);
        return;
      }
      await ack();
      const replies = await work;
      await deliver(await openForms(replies, client, payload.trigger_id, origin, deps), { kind: 'respond', respond }, { messenger: deps.messenger, log: deps.core.log });
      await deps.images.send(replies, where);
    });
  });
}

/** Every button we render carries "<core action>:<n>" as action_id and the core's value. */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async ({ body, action, ack, respond, client }) => {
    await ack();
    if (action.type !== 'button') return;
    await deps.track(async () => {
      const teamId = body.team?.id ?? body.user.team_id ?? '';
      const ctx = deps.contexts({ userId: body.user.id, userName: body.user.username || body.user.name, teamId, channelId: body.channel?.id ?? '' });
      // A submit under checkboxes carries what was ticked; the core takes it as "<value>:<picks>".
      const ticked = tickedChoices(action.block_id, body.state);
      const value = ticked ? choicesValue(action.value ?? '', ticked) : (action.value ?? '');
      const replies = await deps.core.registry.runAction(decodeActionId(action.action_id), value, ctx);
      const source = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral ? 'private' : 'public';
      const to: Destination = body.response_url ? { kind: 'respond', respond, source } : { kind: 'dm', workspaceId: teamId, userId: body.user.id };
      const shown = await openForms(replies, client, body.trigger_id, { channelId: body.channel?.id ?? '', ...(body.response_url ? { responseUrl: body.response_url } : {}) }, deps);
      await deliver(shown, to, { messenger: deps.messenger, log: deps.core.log });
      await deps.images.send(replies, { workspaceId: teamId, ...(body.channel?.id ? { channelId: body.channel.id } : {}), userId: body.user.id });
    });
  });
}

export function registerEvents(app: App, deps: ListenerDeps): void {
  const handled = new RecentKeys(2000);
  /** False for an event this process already took (Slack re-sent it): its answer is coming or came. */
  const firstDelivery = (eventId: string, retryNum: number | undefined): boolean => {
    if (!eventId || handled.add(eventId)) return true;
    deps.core.log.info({ eventId, retryNum }, 'slack re-sent an event this process already handled; skipping it');
    return false;
  };

  const handlers = {
    // "@Responsibot who patches RDS?" in a channel: answered publicly, in a thread under the mention.
    app_mention: async ({ event, context, body }: EventArgs<'app_mention'>) => {
      const user = event.user;
      if (!user || !firstDelivery(body.event_id, context.retryNum)) return;
      await deps.track(async () => {
        const line = commandFromMessage(deps.core.registry, event.text, context.botUserId);
        const teamId = context.teamId ?? body.team_id;
        const ctx = deps.contexts({ userId: user, teamId, channelId: event.channel });
        const replies = formsAsText(await deps.core.registry.run(line.name, line.text, ctx));
        const threadTs = event.thread_ts ?? event.ts;
        const to: Destination = { kind: 'channel', workspaceId: teamId, channelId: event.channel, threadTs, dedupeKey: `mention:${event.channel}:${event.ts}`, ...redelivery(context.retryNum, event.ts) };
        await deliver(replies, to, { messenger: deps.messenger, log: deps.core.log });
        // A redelivery after a restart may follow an answer that went out with its picture: no second upload.
        if (!context.retryNum) await deps.images.send(replies.map(asPublic), { workspaceId: teamId, channelId: event.channel, threadTs, userId: user });
      });
    },

    // A direct message to the bot: answered in the DM. Bots (including us) and edits/joins are ignored.
    message: async ({ event, context, body }: EventArgs<'message'>) => {
      if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id || !event.user) return;
      if (!firstDelivery(body.event_id, context.retryNum)) return;
      const user = event.user;
      await deps.track(async () => {
        const line = commandFromMessage(deps.core.registry, event.text ?? '', context.botUserId);
        const teamId = context.teamId ?? body.team_id;
        const ctx = deps.contexts({ userId: user, teamId, channelId: event.channel });
        const replies = formsAsText(await deps.core.registry.run(line.name, line.text, ctx));
        const to: Destination = { kind: 'channel', workspaceId: teamId, channelId: event.channel, dedupeKey: `dm:${event.channel}:${event.ts}`, ...redelivery(context.retryNum, event.ts) };
        await deliver(replies, to, { messenger: deps.messenger, log: deps.core.log });
        if (!context.retryNum) await deps.images.send(replies.map(asPublic), { workspaceId: teamId, channelId: event.channel, userId: user });
      });
    },

    app_home_opened: async ({ event, client, context, body }: EventArgs<'app_home_opened'>) => {
      if (event.tab !== 'home') return;
      await deps.track(async () => {
        try {
          const viewer = { userId: event.user, teamId: context.teamId ?? body.team_id };
          await client.views.publish({ user_id: event.user, view: await homeView(deps.core, viewer, { channels: deps.channels }) });
        } catch (err) {
          deps.core.log.error({ err, user: event.user }, 'could not publish the App Home tab');
        }
      });
    },
  };

  // One listener for all three types, as for commands: Bolt runs every listener's matchers on every
  // request, so each /who would otherwise pay for three event listeners.
  const types = Object.keys(handlers) as (keyof typeof handlers)[];
  app.event(new RegExp(`^(${types.join('|')})$`), async (args) => {
    const handle = handlers[args.event.type as keyof typeof handlers] as ((a: never) => Promise<void>) | undefined;
    await handle?.(args as never);
  });
}

/** Mention threads and DMs show every answer to everyone there, so their pictures go there too. */
function asPublic(reply: Reply): Reply {
  return reply.visibility === 'public' ? reply : { ...reply, visibility: 'public' };
}

type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;

/**
 * Slack re-sends an event it thinks we missed (x-slack-retry-num). In the same process firstDelivery()
 * drops it; after a restart, our answer to the first delivery carries the same dedupe key, so a
 * redelivery checks for it (posted after the message) before answering.
 */
function redelivery(retryNum: number | undefined, ts: string): { maybePostedSince?: number } {
  return retryNum ? { maybePostedSince: Number(ts) - 1 } : {};
}

/** The last `max` keys seen, oldest forgotten first. add() is true only for a key not seen yet. */
export class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly max: number) {}

  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.max) this.keys.delete(this.keys.values().next().value!);
    return true;
  }
}
