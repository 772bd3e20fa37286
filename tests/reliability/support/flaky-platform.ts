// A chat platform (the Messenger port) for exactly-once tests, shared by several "processes" the way
// one Slack workspace is. It keeps every attempt and every visible message, fails on request or at
// random like a real API (a 5xx before anything happened, or a timeout after the message landed), can
// hold a call open (a slow API) until the test lets it go, and yields between steps so concurrent ticks
// of two QuizService instances really interleave.
import type { Clock } from '../../../src/core/ports/clock.ts';
import { DeliveryError, type ChannelAddress, type Messenger, type PostedMessage } from '../../../src/core/ports/messenger.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

export type Outcome = 'ok' | 'deduped' | 'failed' | 'landed-then-failed';

export interface Attempt {
  key: string;
  channelId: string;
  at: number;
  outcome: Outcome;
  by?: string;
}

export interface VisibleMessage {
  id: string;
  key: string;
  to: ChannelAddress;
  reply: Reply;
  updates: Reply[];
}

export interface FlakyOptions {
  clock: Clock;
  /** Like Discord's enforce_nonce: a repeated dedupe key returns the first message instead of posting. */
  dedupe: boolean;
  /** Chance of a failure before anything happened (HTTP 503), and of a timeout after the post landed. */
  failRate?: number;
  landedRate?: number;
  random?: () => number;
}

export class FlakyPlatform implements Messenger {
  readonly platform = 'console' as const;
  readonly attempts: Attempt[] = [];
  readonly messages: VisibleMessage[] = [];
  readonly notifications: { userId: string; reply: Reply }[] = [];
  /** Failures to use for the next attempts, in order, before random ones. */
  readonly script: ('ok' | 'failed' | 'landed-then-failed')[] = [];
  /** When set, post calls wait on this before answering (a slow API). */
  hold?: Promise<void>;
  private count = 0;

  constructor(private readonly opts: FlakyOptions) {}

  /** The same platform as seen by one process: its attempts are labelled `by`. */
  as(by: string): Messenger {
    return {
      platform: this.platform,
      post: (to, reply, opts) => this.postAs(by, to, reply, opts),
      update: (message, reply) => this.update(message, reply),
      notifyUser: (workspaceId, userId, reply) => this.notifyUser(workspaceId, userId, reply),
    };
  }

  post(to: ChannelAddress, reply: Reply, opts: { dedupeKey?: string } = {}): Promise<PostedMessage> {
    return this.postAs(undefined, to, reply, opts);
  }

  private async postAs(by: string | undefined, to: ChannelAddress, reply: Reply, opts: { dedupeKey?: string } = {}): Promise<PostedMessage> {
    const key = opts.dedupeKey ?? `random-${++this.count}`;
    await yieldTurns(this.opts.random);
    if (this.hold) await this.hold;
    const planned = this.script.shift() ?? this.randomOutcome();
    const attempt: Attempt = { key, channelId: to.channelId, at: this.opts.clock.now().getTime(), outcome: 'ok', ...(by ? { by } : {}) };
    this.attempts.push(attempt);
    if (planned === 'failed') {
      attempt.outcome = 'failed';
      throw new DeliveryError('transient', 'Slack did not answer in time (HTTP 503). I will try again later.');
    }
    const existing = this.opts.dedupe ? this.messages.find((m) => m.key === key && m.to.channelId === to.channelId) : undefined;
    const message = existing ?? this.land(to, reply, key);
    if (existing) attempt.outcome = 'deduped';
    if (planned === 'landed-then-failed') {
      attempt.outcome = 'landed-then-failed';
      throw new DeliveryError('transient', 'Slack did not answer in time (request timeout). I will try again later.');
    }
    await yieldTurns(this.opts.random);
    return { channel: to, messageId: message.id };
  }

  async update(message: PostedMessage, reply: Reply): Promise<void> {
    const m = this.messages.find((x) => x.id === message.messageId);
    if (!m) throw new DeliveryError('other', 'message_not_found');
    m.updates.push(reply);
  }

  async notifyUser(_workspaceId: string, userId: string, reply: Reply): Promise<void> {
    this.notifications.push({ userId, reply });
  }

  /** Successful answers (ok or deduped) per dedupe key: more than one means two deliveries both "won". */
  successesByKey(): Map<string, number> {
    const out = new Map<string, number>();
    for (const a of this.attempts) if (a.outcome === 'ok' || a.outcome === 'deduped') out.set(a.key, (out.get(a.key) ?? 0) + 1);
    return out;
  }

  private land(to: ChannelAddress, reply: Reply, key: string): VisibleMessage {
    const message = { id: `msg-${++this.count}`, key, to, reply, updates: [] };
    this.messages.push(message);
    return message;
  }

  private randomOutcome(): 'ok' | 'failed' | 'landed-then-failed' {
    const r = this.opts.random?.() ?? 1;
    if (r < (this.opts.failRate ?? 0)) return 'failed';
    if (r < (this.opts.failRate ?? 0) + (this.opts.landedRate ?? 0)) return 'landed-then-failed';
    return 'ok';
  }
}

/** Gives other pending work a few turns of the event loop (0-3), so concurrent ticks interleave. */
async function yieldTurns(random?: () => number): Promise<void> {
  const turns = Math.floor((random?.() ?? 0) * 4);
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The post id a question message carries in its answer buttons ("quiz.answer" value "<post id>:<n>"). */
export function postIdOf(reply: Reply): string | undefined {
  for (const b of reply.blocks) {
    if (b.type === 'actions') for (const x of b.buttons) if (x.action === 'quiz.answer') return x.value.split(':')[0];
    // A "Choose TWO" question: checkboxes and one submit, whose value is the post id.
    if (b.type === 'choices' && b.action === 'quiz.answer') return b.value;
  }
  return undefined;
}
