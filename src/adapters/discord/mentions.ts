// Mention safety. Nothing the bot sends may ping anyone: user input (a question, a display name) is
// echoed back in replies, and one "@everyone" in a shared answer would notify a whole server.
// `NO_MENTIONS` goes on every message body; `neutraliseMentions` also breaks the syntax itself, so the
// text stays harmless even if a future code path forgets the first.

/** discord.js option form (interaction replies, follow-ups, edits). Frozen: it is shared by every send. */
export const NO_MENTIONS = Object.freeze({ parse: Object.freeze([]) as readonly [] });

/** Raw REST form, for bodies we send with client.rest ourselves. */
export const NO_MENTIONS_REST = Object.freeze({ allowed_mentions: NO_MENTIONS });

const ZWSP = '\u200b';

/** "@everyone" → "@\u200beveryone", "<@123>" / "<@&456>" / "<@!789>" → "<@\u200b…>": shown, never parsed. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<@/g, `<@${ZWSP}`);
}
