// Posting question messages and editing them afterwards: exactly-once delivery (the post id is the
// dedupe key, retries back off), one edit at a time per message (a live count can never land on top of
// a reveal), and telling the owner when a channel refuses the bot.
import { DeliveryError } from '../ports/messenger.ts';
import { privateReply, type Reply } from '../reply/reply.ts';
import { MINUTE, type QuizContext } from './context.ts';
import { questionPost, type QuestionPostInfo } from './present.ts';
import { localTime } from './schedule.ts';
import type { Post } from './store.ts';

export type Delivery = { ok: true } | { ok: false; problem: string };

export class Publisher {
  private readonly edits = new Map<string, Promise<void>>();
  private readonly countGeneration = new Map<string, number>();

  constructor(private readonly quiz: QuizContext) {}

  titleFor(post: Post): string {
    if (post.kind === 'daily') return 'Daily question';
    if (post.kind === 'session') return `Quiz round ${post.round}`;
    return 'Practice question';
  }

  /**
   * When a post closes: a round's seconds, or a daily question's closing time in its schedule's
   * timezone (UTC once the schedule is gone), carried as a moment so Slack shows each reader's own time.
   */
  async closingInfo(post: Post): Promise<Pick<QuestionPostInfo, 'closing' | 'closesAt'>> {
    if (!post.closesAt) return {};
    const seconds = Math.round((post.closesAt - (post.openedAt ?? post.closesAt)) / 1000);
    if (post.kind === 'session') return { closing: `${seconds} seconds to answer` };
    const timezone = (post.kind === 'daily' ? (await this.quiz.store.getSchedule(post))?.timezone : undefined) ?? 'UTC';
    const shown = `${localTime(new Date(post.closesAt), timezone)} ${timezone}`;
    return { closing: `closes ${shown}`, closesAt: { at: post.closesAt, shown } };
  }

  /**
   * Posts a pending post the caller holds the lease for. The post id is the dedupe key, so a retry
   * after an unclear failure cannot produce a second message where the platform supports it.
   */
  async deliver(post: Post, openForMs: number | undefined, closesAt?: number, opts: { tellOwner: boolean; retry?: boolean; threadOf?: string } = { tellOwner: true }): Promise<Delivery> {
    const { store, bank, log } = this.quiz;
    const messenger = this.quiz.messengers.get(post.platform);
    const q = bank.get(post.questionId);
    if (!messenger || !q) {
      const problem = messenger ? 'the question is no longer in the bank.' : `there is no ${post.platform} connection.`;
      await store.markDeliveryFailed(post.id, problem, !q);
      return { ok: false, problem };
    }
    const now = this.quiz.now();
    const closes = closesAt ?? (openForMs !== undefined ? now + openForMs : undefined);
    const draft: Post = { ...post, openedAt: now, ...(closes !== undefined ? { closesAt: closes } : {}) };
    try {
      const sent = await messenger.post(post, questionPost(q, { postId: post.id, title: this.titleFor(post), answerCount: 0, ...(await this.closingInfo(draft)) }), {
        dedupeKey: post.id,
        // A retry of a pending post: the earlier attempt may have been accepted just before a crash.
        ...(opts.retry ? { mayExistSince: post.createdAt } : {}),
        ...(opts.threadOf ? { threadOf: opts.threadOf } : {}),
      });
      await store.markOpen(post.id, sent.messageId, now, closes);
      this.quiz.metrics.posted({ platform: post.platform, kind: post.kind, outcome: 'ok' });
      log.debug({ post: post.id, kind: post.kind, channel: post.channelId, workspace: post.workspaceId }, 'question posted');
      return { ok: true };
    } catch (err) {
      this.quiz.metrics.posted({ platform: post.platform, kind: post.kind, outcome: 'failed' });
      const permanent = err instanceof DeliveryError && err.failure === 'no_access';
      // Retry with exponential backoff: 15 s, 30 s, 1 min, … up to 10 min between attempts.
      const attempts = (await store.getPost(post.id))?.attempts ?? 1;
      const retryAt = this.quiz.now() + Math.min(10 * MINUTE, 15_000 * 2 ** Math.max(0, attempts - 1));
      await store.markDeliveryFailed(post.id, (err as Error).message, permanent, permanent ? undefined : retryAt);
      log.warn({ err, post: post.id, permanent }, 'could not post a question');
      if (permanent && opts.tellOwner) await this.tellOwner(post, (err as Error).message);
      return { ok: false, problem: permanent ? (err as Error).message : 'the chat service is not answering; I will keep trying.' };
    }
  }

  /** The live answer count on a public question post. */
  async showCount(post: Post): Promise<void> {
    const q = this.quiz.bank.known(post.questionId);
    if (!q) return;
    const generation = (this.countGeneration.get(post.id) ?? 0) + 1;
    this.countGeneration.set(post.id, generation);
    await this.update(post, async () => {
      // A newer count edit is queued behind this one: let it carry the latest number instead.
      if (this.countGeneration.get(post.id) !== generation) return undefined;
      // Count at send time, and never over a reveal: the post may have closed while we waited.
      const fresh = await this.quiz.store.getPost(post.id);
      if (fresh?.status !== 'open') return undefined;
      const count = (await this.quiz.store.answersForPost(post.id)).length;
      return questionPost(q, { postId: post.id, title: this.titleFor(post), answerCount: count, ...(await this.closingInfo(post)) });
    });
  }

  /**
   * Edits a posted message. Edits of one message run one after another, and each builds its content
   * when its turn comes, so a live count computed earlier can never land on top of the reveal.
   */
  update(post: Post, build: () => Promise<Reply | undefined>): Promise<void> {
    const messenger = this.quiz.messengers.get(post.platform);
    if (!messenger || !post.messageId) return Promise.resolve();
    const previous = this.edits.get(post.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const reply = await build();
      if (!reply) return;
      try {
        await messenger.update({ channel: post, messageId: post.messageId! }, reply);
      } catch (err) {
        this.quiz.log.warn({ err, post: post.id }, 'could not update a question message');
      }
    });
    this.edits.set(post.id, next);
    void next.finally(() => {
      if (this.edits.get(post.id) === next) {
        this.edits.delete(post.id);
        this.countGeneration.delete(post.id);
      }
    });
    return next;
  }

  private async tellOwner(post: Post, problem: string): Promise<void> {
    const { store } = this.quiz;
    let owner: string | undefined;
    if (post.kind === 'daily') owner = (await store.getSchedule(post))?.createdBy;
    if (post.sessionId) {
      const session = await store.getSession(post.sessionId);
      owner = session?.startedBy;
      if (session) await store.endSession(session.id, 'stopped', this.quiz.now());
    }
    const messenger = this.quiz.messengers.get(post.platform);
    if (!owner || !messenger) return;
    try {
      await messenger.notifyUser(
        post.workspaceId,
        owner,
        privateReply(`I couldn't post the ${post.kind === 'daily' ? 'daily question' : 'quiz question'} in channel ${post.channelId}: ${problem} Invite me to the channel (or fix my permissions there), and it will work next time.`),
      );
    } catch (err) {
      this.quiz.log.warn({ err, post: post.id }, 'could not tell the owner about a failed post');
    }
  }
}
