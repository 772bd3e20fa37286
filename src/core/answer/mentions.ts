// Chat mention markup says who is addressed, never what is asked: "@channel who owns IAM?" and
// "<@U024BE7LH> who owns IAM?" must get the same answer as "who owns IAM?". Removed before the engine
// reads a question (adapters also keep it out of anything they echo).

/** Slack (<@U…>, <@U…|name>, <!here>, <!channel>, <!subteam^…>, <#C…|name>) and Discord (<@id>, <@!id>, <@&id>, <#id>) markup, and plain @mentions. */
const MARKUP = /<(?:[@#][!&]?[A-Za-z0-9]+(?:\|[^>]*)?|![a-z]+(?:\^[A-Za-z0-9]+)?(?:\|[^>]*)?)>/g;
const PLAIN = /(^|\s)@(?:here|channel|everyone|all|responsibot)\b[:,]?/gi;
/** A plain @name at the very start addresses someone ("@sam who patches RDS?"). */
const LEADING_NAME = /^\s*@[\w.-]+[:,]?\s+/;

export function stripMentions(text: string): string {
  if (!text.includes('@') && !text.includes('<')) return text;
  return text.replace(MARKUP, ' ').replace(PLAIN, '$1').replace(LEADING_NAME, '').replace(/\s+/g, ' ').trim();
}
