/**
 * The review domain: comments on the session's diff (drafts until sent), kept with the session
 * in the data dir, followed to the branch tip as commits arrive, and sent to the agent as one
 * message (now, or when it next waits for input). Other processes' changes to the same data dir
 * are noticed by a poll and emitted like this process's own.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type {
  ComposedReview,
  ReviewAnchor,
  ReviewComment,
  ReviewState,
  SendReviewResult,
  ViewedMarks,
} from '../../shared/schemas/review';
import type { SessionInfo } from '../../shared/schemas/session';
import type { AttentionState } from '../../shared/schemas/terminal';
import type { Engine } from '../engine/types';
import type { EventBus } from '../events';
import { KeyedLock } from '../keyed-lock';
import { checkAnchor } from './anchor';
import { composeMessage } from './compose';
import type { AgentTerminals, FeedbackConfig } from './deliver';
import { branchTip } from './git-read';
import { reanchor } from './reanchor';
import { ReviewSender, type When } from './sender';
import { ReviewStore, type ReviewDoc, type StoreProblem } from './store';
import { changedScopes, viewedIn, withViewed } from './viewed';

export interface ReviewDeps {
  dataDir: string;
  bus: Pick<EventBus, 'emit' | 'subscribe'>;
  getSession(sessionId: string): Promise<SessionInfo | null | undefined>;
  getEngine(session: SessionInfo): Promise<Engine>;
  terminals: AgentTerminals;
  /** The session's `agent.feedback` config. */
  feedback(session: SessionInfo): Promise<FeedbackConfig>;
  /** How often other processes' changes are looked for; default 1000 ms; 0: never. */
  pollMs?: number;
  onProblem?: (p: StoreProblem) => void;
}

const notFound = (id: string) =>
  new AppError(
    'review-comment-not-found',
    `there is no review comment ${id}`,
    'reload the review; it may have been deleted in another window',
  );

export class ReviewService {
  readonly store: ReviewStore;
  private readonly sender: ReviewSender;
  private readonly attention = new Map<string, AttentionState>();
  private readonly follow = new KeyedLock();
  private readonly stopBus: () => void;
  private readonly timer: NodeJS.Timeout | null;
  private polling = false;
  /** Each session's viewed marks as this process last read or wrote them (for the poll). */
  private readonly viewedSeen = new Map<string, ReviewDoc['viewed']>();

  constructor(private readonly deps: ReviewDeps) {
    this.store = new ReviewStore(deps.dataDir, deps.onProblem);
    this.sender = new ReviewSender({
      store: this.store,
      session: (id) => this.session(id),
      engine: (s) => deps.getEngine(s),
      terminals: deps.terminals,
      feedback: (s) => deps.feedback(s),
      attention: (id) => this.attention.get(id),
      changed: (id, doc) => this.emit(id, doc),
    });
    this.stopBus = deps.bus.subscribe((name, payload) => {
      if (name === 'sessionAttention') {
        const p = payload as { sessionId: string; state: AttentionState };
        this.attention.set(p.sessionId, p.state);
        if (p.state === 'waiting') void this.sender.flush(p.sessionId).catch(logFailure);
      } else if (name === 'commitImported') {
        const p = payload as { sessionId: string };
        void this.get(p.sessionId).catch(logFailure);
      }
    });
    const pollMs = deps.pollMs ?? 1000;
    this.timer = pollMs > 0 ? setInterval(() => void this.poll(), pollMs) : null;
    this.timer?.unref();
  }

  dispose(): void {
    this.stopBus();
    if (this.timer) clearInterval(this.timer);
  }

  /** Drops a removed session's comments. */
  async forget(sessionId: string): Promise<void> {
    await this.store.forget(sessionId);
    this.attention.delete(sessionId);
  }

  /** The attention state this process has seen for a session (set by the bus). */
  attentionOf(sessionId: string): AttentionState | undefined {
    return this.attention.get(sessionId);
  }

  private async session(sessionId: string): Promise<SessionInfo> {
    const s = await this.deps.getSession(sessionId);
    if (!s) {
      throw new AppError(
        'session-not-found',
        `there is no session ${sessionId}`,
        'pick a session from the list',
      );
    }
    return s;
  }

  private emit(sessionId: string, doc: ReviewDoc): void {
    this.deps.bus.emit('reviewChanged', toState(sessionId, doc));
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of await this.store.changedSinceSeen()) {
        const doc = await this.store.read(id);
        this.emit(id, doc);
        this.emitViewed(id, doc);
        if (doc.queued && this.attention.get(id) === 'waiting') await this.sender.flush(id);
      }
    } catch (e) {
      logFailure(e);
    } finally {
      this.polling = false;
    }
  }

  /**
   * Another process's viewed marks, for the sessions whose marks this one has read: only the
   * scopes that changed.
   */
  private emitViewed(sessionId: string, doc: ReviewDoc): void {
    if (!this.viewedSeen.has(sessionId)) return;
    const before = this.viewedSeen.get(sessionId);
    this.viewedSeen.set(sessionId, doc.viewed);
    for (const scope of changedScopes(before, doc.viewed))
      this.deps.bus.emit('viewedChanged', { sessionId, scope, marks: viewedIn(doc, scope) });
  }

  /** The files marked viewed in one scope of a session's review. */
  async getViewed(sessionId: string, scope: string): Promise<ViewedMarks> {
    await this.session(sessionId);
    const doc = await this.store.read(sessionId);
    this.viewedSeen.set(sessionId, doc.viewed);
    return { sessionId, scope, marks: viewedIn(doc, scope) };
  }

  /** Marks (fingerprint) or unmarks (null) files; every window hears viewedChanged. */
  async setViewed(
    sessionId: string,
    scope: string,
    changes: Record<string, string | null>,
  ): Promise<ViewedMarks> {
    await this.session(sessionId);
    let changed = false;
    const doc = await this.store.update(sessionId, (d) => {
      const next = withViewed(d, scope, changes);
      changed = next !== null;
      return next;
    });
    this.viewedSeen.set(sessionId, doc.viewed);
    const out = { sessionId, scope, marks: viewedIn(doc, scope) };
    if (changed) this.deps.bus.emit('viewedChanged', out);
    return out;
  }

  /** The comments, followed to the branch tip first when it moved since they last were. */
  async get(sessionId: string): Promise<ReviewState> {
    const session = await this.session(sessionId);
    return toState(sessionId, await this.followToTip(session));
  }

  private followToTip(session: SessionInfo): Promise<ReviewDoc> {
    return this.follow.run(session.id, async () => {
      const doc = await this.store.read(session.id);
      const tip = await branchTip(session.folder, session.branch).catch(() => null);
      if (!tip || tip === doc.followedTip) return doc;
      const cache = new Map();
      const moved = new Map<string, ReviewComment>();
      for (const c of doc.comments) {
        if (c.anchor.kind !== 'line') continue;
        const next = await reanchor(session.folder, c, tip, cache).catch(() => null);
        if (next) moved.set(c.id, next);
      }
      const out = await this.store.update(session.id, (d) => ({
        ...d,
        followedTip: tip,
        // Applied to the comments as they are now: one edited or deleted meanwhile keeps that.
        comments: d.comments.map((c) => {
          const m = moved.get(c.id);
          if (!m) return c;
          const { current: _a, changedIn: _b, ...rest } = c;
          return {
            ...rest,
            outdated: m.outdated,
            ...(m.current ? { current: m.current } : {}),
            ...(m.changedIn ? { changedIn: m.changedIn } : {}),
          };
        }),
      }));
      if (JSON.stringify(out.comments) !== JSON.stringify(doc.comments)) this.emit(session.id, out);
      return out;
    });
  }

  async add(sessionId: string, anchor: ReviewAnchor, body: string): Promise<ReviewComment> {
    const session = await this.session(sessionId);
    const quote = await checkAnchor(session.folder, session.branch, anchor);
    const now = new Date().toISOString();
    let comment: ReviewComment = {
      id: randomUUID(),
      sessionId,
      anchor,
      body,
      quote,
      state: 'draft',
      createdAt: now,
      updatedAt: now,
      outdated: false,
    };
    const tip = await branchTip(session.folder, session.branch);
    if (tip) comment = await reanchor(session.folder, comment, tip);
    const doc = await this.store.update(sessionId, (d) => ({
      ...d,
      comments: [...d.comments, comment],
    }));
    this.emit(sessionId, doc);
    return comment;
  }

  async update(sessionId: string, id: string, body: string): Promise<ReviewComment> {
    await this.session(sessionId);
    let updated: ReviewComment | undefined;
    const doc = await this.store.update(sessionId, (d) => {
      const c = d.comments.find((x) => x.id === id);
      if (!c) throw notFound(id);
      if (c.state === 'queued') throw queuedError();
      updated = { ...c, body, updatedAt: new Date().toISOString() };
      return { ...d, comments: d.comments.map((x) => (x.id === id ? updated! : x)) };
    });
    this.emit(sessionId, doc);
    return updated!;
  }

  async remove(sessionId: string, id: string): Promise<ReviewState> {
    await this.session(sessionId);
    const doc = await this.store.update(sessionId, (d) => {
      const c = d.comments.find((x) => x.id === id);
      if (!c) throw notFound(id);
      if (c.state === 'queued') throw queuedError();
      return { ...d, comments: d.comments.filter((x) => x.id !== id) };
    });
    this.emit(sessionId, doc);
    return toState(sessionId, doc);
  }

  /** The message the given comments (default: every draft) make, for the user to edit. */
  async compose(sessionId: string, ids?: string[]): Promise<ComposedReview> {
    const session = await this.session(sessionId);
    const doc = await this.followToTip(session);
    const picked = ids
      ? ids.map((id) => doc.comments.find((c) => c.id === id) ?? throwIt(notFound(id)))
      : doc.comments.filter((c) => c.state === 'draft');
    if (picked.length === 0) {
      throw new AppError(
        'review-nothing-to-send',
        'there are no draft comments to send',
        'add a comment on a line, a file or the session first',
      );
    }
    const { text, neutralised } = composeMessage(picked);
    return { sessionId, text, commentIds: picked.map((c) => c.id), neutralised };
  }

  async send(
    sessionId: string,
    text: string,
    commentIds: string[],
    when: When,
  ): Promise<SendReviewResult> {
    const doc = await this.store.read(sessionId);
    for (const id of commentIds) if (!doc.comments.some((c) => c.id === id)) throw notFound(id);
    return this.sender.send(sessionId, text, commentIds, when);
  }

  /** For other domains (the merge's "please rebase" message): the same way to the agent. */
  async deliver(
    sessionId: string,
    text: string,
    when: When,
  ): Promise<{ delivered: boolean; via: 'paste' | 'command' }> {
    const r = await this.sender.send(sessionId, text, [], when);
    return { delivered: r.delivered, via: r.via };
  }

  async cancelQueued(sessionId: string): Promise<ReviewState> {
    await this.session(sessionId);
    return toState(sessionId, await this.sender.cancel(sessionId));
  }
}

export function toState(sessionId: string, doc: ReviewDoc): ReviewState {
  return { sessionId, comments: doc.comments, queued: doc.queued };
}

function queuedError(): AppError {
  return new AppError(
    'review-comment-queued',
    'the comment is part of a message waiting for the agent',
    'cancel the queued message first',
  );
}

function throwIt(e: Error): never {
  throw e;
}

function logFailure(e: unknown): void {
  console.error(`review: ${(e as Error).message}`);
}
