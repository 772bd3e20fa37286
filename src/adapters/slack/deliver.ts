// Sends the core's replies where the request came from. Slash commands and buttons answer through the
// response_url (private → ephemeral, public → in_channel); mentions answer publicly in a thread, DMs in
// the DM; a button on the App Home tab has no response_url, so its replies go to the user's DM. A reply
// that replaces its source (Reply.replaces) goes to the click's response_url with replace_original,
// which works on ephemeral messages too; it is sent anew if the clicked message is of the other kind.
import type { RespondFn } from '@slack/bolt';
import { ACTION_SHARE } from '../../core/answer/present/common.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { Block, Reply, Visibility } from '../../core/reply/reply.ts';
import type { SlackMessenger } from './messenger.ts';
import { renderBlocks } from './render-blocks.ts';

export type Destination =
  /** source: the visibility of the message whose button was clicked (none for a slash command). */
  | { kind: 'respond'; respond: RespondFn; source?: Visibility }
  /** Public messages in a channel (a thread when threadTs is set); dedupeKey makes Slack retries harmless. */
  | { kind: 'channel'; workspaceId: string; channelId: string; threadTs?: string; dedupeKey: string; maybePostedSince?: number }
  | { kind: 'dm'; workspaceId: string; userId: string };

export interface DeliverDeps {
  messenger: SlackMessenger;
  log: Logger;
}

export async function deliver(replies: Reply[], to: Destination, deps: DeliverDeps): Promise<void> {
  for (const [i, reply] of replies.entries()) {
    try {
      switch (to.kind) {
        case 'respond': {
          const { text, blocks } = renderBlocks(reply);
          const replace = i === 0 && reply.replaces === 'source' && to.source === reply.visibility;
          await to.respond({ response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral', replace_original: replace, text, blocks });
          break;
        }
        case 'channel':
          await deps.messenger.postTo(to.channelId, alreadyPublic(reply), {
            workspaceId: to.workspaceId,
            dedupeKey: `${to.dedupeKey}:${i}`,
            ...(to.threadTs ? { threadTs: to.threadTs } : {}),
            ...(to.maybePostedSince !== undefined ? { maybePostedSince: to.maybePostedSince } : {}),
          });
          break;
        case 'dm':
          await deps.messenger.notifyUser(to.workspaceId, to.userId, alreadyPublic(reply));
          break;
      }
    } catch (err) {
      // Nobody is waiting on an HTTP response any more (we acked first), so all we can do is log.
      deps.log.error({ err, destination: to.kind }, 'could not deliver a reply to Slack');
    }
  }
}

/** Everyone there already sees the answer, so "Share in channel" would only post it twice. */
function alreadyPublic(reply: Reply): Reply {
  const blocks: Block[] = reply.blocks
    .map((b) => (b.type === 'actions' ? { ...b, buttons: b.buttons.filter((x) => x.action !== ACTION_SHARE) } : b))
    .filter((b) => b.type !== 'actions' || b.buttons.length > 0);
  return { ...reply, blocks };
}
