/**
 * Sending a review message: at once, or held (persisted with the comments) until the agent next
 * waits for input. A held message is taken out of the store under its lock before it is
 * delivered, so two processes that both see the agent waiting deliver it once; if delivery
 * fails it is put back.
 */
import type { QueuedReview, ReviewComment, SendReviewResult } from '../../shared/schemas/review';
import type { SessionInfo } from '../../shared/schemas/session';
import type { AttentionState } from '../../shared/schemas/terminal';
import type { Engine } from '../engine/types';
import { KeyedLock } from '../keyed-lock';
import { deliverToAgent, notRunning, type AgentTerminals, type FeedbackConfig } from './deliver';
import { neutraliseForTerminal } from './neutralise-message';
import type { ReviewDoc, ReviewStore } from './store';

export type When = 'when-waiting' | 'now';

export interface SenderDeps {
  store: ReviewStore;
  session(sessionId: string): Promise<SessionInfo>;
  engine(session: SessionInfo): Promise<Engine>;
  terminals: AgentTerminals;
  feedback(session: SessionInfo): Promise<FeedbackConfig>;
  /** The agent's attention state, as this process last heard it. */
  attention(sessionId: string): AttentionState | undefined;
  changed(sessionId: string, doc: ReviewDoc): void;
}

function mark(
  comments: ReviewComment[],
  ids: readonly string[],
  state: ReviewComment['state'],
): ReviewComment[] {
  const now = new Date().toISOString();
  return comments.map((c) => {
    if (!ids.includes(c.id)) return c;
    const { sentAt: _s, ...rest } = c;
    return state === 'sent' ? { ...rest, state, sentAt: now } : { ...rest, state };
  });
}

/** A second held message joins the first: the agent gets both when it next waits. */
function join(a: QueuedReview | null, b: QueuedReview): QueuedReview {
  if (!a) return b;
  return {
    text: `${a.text}\n\n${b.text}`,
    commentIds: [...new Set([...a.commentIds, ...b.commentIds])],
    queuedAt: a.queuedAt,
  };
}

export class ReviewSender {
  private readonly flushing = new KeyedLock();

  constructor(private readonly deps: SenderDeps) {}

  private async viaOf(session: SessionInfo): Promise<'paste' | 'command'> {
    const f = await this.deps.feedback(session);
    return f.mode === 'command' && f.command?.length ? 'command' : 'paste';
  }

  private waiting(sessionId: string): boolean {
    return this.deps.attention(sessionId) === 'waiting';
  }

  private async deliverNow(session: SessionInfo, text: string): Promise<'paste' | 'command'> {
    const feedback = await this.deps.feedback(session);
    // After the agent exited its terminal is a shell: a paste there would run the message.
    if (feedback.mode === 'paste' && this.deps.attention(session.id) === 'finished') {
      throw notRunning(session, 'it has exited');
    }
    return deliverToAgent({
      session,
      engine: () => this.deps.engine(session),
      terminals: this.deps.terminals,
      feedback,
      text,
    });
  }

  async send(
    sessionId: string,
    rawText: string,
    commentIds: string[],
    when: When,
  ): Promise<SendReviewResult> {
    const session = await this.deps.session(sessionId);
    const { text } = neutraliseForTerminal(rawText);
    if (session.status !== 'running' || !session.containerId) {
      throw notRunning(session, `the session is ${session.status}`);
    }
    if (when === 'now' || this.waiting(sessionId)) {
      const via = await this.deliverNow(session, text);
      if (commentIds.length) {
        const doc = await this.deps.store.update(sessionId, (d) => ({
          ...d,
          comments: mark(d.comments, commentIds, 'sent'),
        }));
        this.deps.changed(sessionId, doc);
      }
      return { sessionId, delivered: true, via };
    }
    const held: QueuedReview = { text, commentIds, queuedAt: new Date().toISOString() };
    const doc = await this.deps.store.update(sessionId, (d) => ({
      ...d,
      queued: join(d.queued, held),
      comments: mark(d.comments, commentIds, 'queued'),
    }));
    this.deps.changed(sessionId, doc);
    // The agent may have started waiting while the message was stored.
    if (this.waiting(sessionId)) void this.flush(sessionId).catch(() => undefined);
    return { sessionId, delivered: false, via: await this.viaOf(session) };
  }

  /** Delivers the held message, if there is one (the agent now waits for input). */
  flush(sessionId: string): Promise<boolean> {
    return this.flushing.run(sessionId, async () => {
      let taken: QueuedReview | null = null;
      const doc = await this.deps.store.update(sessionId, (d) => {
        if (!d.queued) return null;
        taken = d.queued;
        return { ...d, queued: null, comments: mark(d.comments, d.queued.commentIds, 'sent') };
      });
      const message = taken as QueuedReview | null;
      if (!message) return false;
      try {
        const session = await this.deps.session(sessionId);
        await this.deliverNow(session, message.text);
      } catch (e) {
        const back = await this.deps.store.update(sessionId, (d) => ({
          ...d,
          queued: d.queued ? join(message, d.queued) : message,
          comments: mark(d.comments, message.commentIds, 'queued'),
        }));
        this.deps.changed(sessionId, back);
        throw e;
      }
      this.deps.changed(sessionId, doc);
      return true;
    });
  }

  async cancel(sessionId: string): Promise<ReviewDoc> {
    const doc = await this.deps.store.update(sessionId, (d) => ({
      ...d,
      queued: null,
      comments: d.comments.map((c) => (c.state === 'queued' ? { ...c, state: 'draft' } : c)),
    }));
    this.deps.changed(sessionId, doc);
    return doc;
  }
}
