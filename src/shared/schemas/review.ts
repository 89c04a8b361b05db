/**
 * Review comments: the user's notes on the agent's diff, kept as drafts with the session until
 * sent to the agent as one message. A comment's text is the user's; the code it quotes came
 * from the container and is untrusted (the message builder neutralises it, the renderer shows
 * it as text).
 */
import { z } from 'zod';
import { CommitHash } from './commits';
import { SessionId } from './session';

const RepoPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path cannot contain NUL');

export const ReviewCommentId = z
  .string()
  .regex(/^[a-z0-9-]{8,64}$/, 'a comment id is lowercase letters, digits and dashes');

/** Which side of a diff a line belongs to: the old file (deleted lines) or the new one. */
export const DiffSide = z.enum(['old', 'new']);
export type DiffSide = z.infer<typeof DiffSide>;

/**
 * Where a comment points. `commit` is the `to` of the view it was written in (one commit, a
 * range or the whole session) and `from` that view's base (null: the commit's first parent
 * or the empty tree), so the lines can be read again from git and followed by later diffs.
 */
export const ReviewAnchor = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('line'),
      path: RepoPath,
      /** The path on the old side when the file was renamed in that view. */
      oldPath: RepoPath.optional(),
      side: DiffSide,
      /** 1-based, inclusive; startLine <= endLine. */
      startLine: z.number().int().positive(),
      endLine: z.number().int().positive(),
      commit: CommitHash,
      from: CommitHash.nullable().optional(),
    })
    .strict()
    .refine((a) => a.startLine <= a.endLine, 'startLine must not be after endLine'),
  z.object({ kind: z.literal('file'), path: RepoPath, commit: CommitHash }).strict(),
  z.object({ kind: z.literal('session') }).strict(),
]);
export type ReviewAnchor = z.infer<typeof ReviewAnchor>;

export const ReviewCommentState = z.enum(['draft', 'queued', 'sent']);
export type ReviewCommentState = z.infer<typeof ReviewCommentState>;

export const ReviewComment = z.object({
  id: ReviewCommentId,
  sessionId: SessionId,
  anchor: ReviewAnchor,
  body: z.string(),
  /** The anchored lines as they were when written (repo text, untrusted, shown as text). */
  quote: z.array(z.string()),
  state: ReviewCommentState,
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().optional(),
  /**
   * Where the anchored lines are at the branch tip, followed through every later commit by
   * the diff (not by line number alone). Absent for file and session comments.
   */
  current: z
    .object({ startLine: z.number().int().positive(), endLine: z.number().int().positive() })
    .optional(),
  /** The first later commit that changed the anchored lines ("changed since"). */
  changedIn: CommitHash.optional(),
  /** The anchored lines (or file) are gone at the tip; the comment is kept. */
  outdated: z.boolean().default(false),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

/** A message that waits for the agent to ask for input before it is delivered. */
export const QueuedReview = z.object({
  text: z.string(),
  commentIds: z.array(ReviewCommentId),
  queuedAt: z.string(),
});
export type QueuedReview = z.infer<typeof QueuedReview>;

export const ReviewState = z.object({
  sessionId: SessionId,
  /** Oldest first. */
  comments: z.array(ReviewComment),
  queued: QueuedReview.nullable(),
});
export type ReviewState = z.infer<typeof ReviewState>;

const Body = z.string().trim().min(1, 'a comment needs some text').max(20_000);

export const GetReviewInput = z.object({ sessionId: SessionId }).strict();
export const AddReviewCommentInput = z
  .object({ sessionId: SessionId, anchor: ReviewAnchor, body: Body })
  .strict();
export const UpdateReviewCommentInput = z
  .object({ sessionId: SessionId, id: ReviewCommentId, body: Body })
  .strict();
export const DeleteReviewCommentInput = z
  .object({ sessionId: SessionId, id: ReviewCommentId })
  .strict();

/** The message the pending (draft) comments make, for the user to read and edit. */
export const ComposeReviewInput = z
  .object({
    sessionId: SessionId,
    /** Default: every draft comment. */
    commentIds: z.array(ReviewCommentId).max(1000).optional(),
  })
  .strict();
export const ComposedReview = z.object({
  sessionId: SessionId,
  text: z.string(),
  commentIds: z.array(ReviewCommentId),
  /** Control characters were removed from quoted code (the message says so too). */
  neutralised: z.boolean(),
});
export type ComposedReview = z.infer<typeof ComposedReview>;

export const SendReviewInput = z
  .object({
    sessionId: SessionId,
    /** The (possibly edited) message; its control characters are neutralised again. */
    text: z.string().trim().min(1, 'the message is empty').max(200_000),
    /** The comments the message carries; they are marked sent (or queued). */
    commentIds: z.array(ReviewCommentId).max(1000),
    /** 'when-waiting': hold it until the agent asks for input; 'now': deliver at once. */
    when: z.enum(['when-waiting', 'now']).default('when-waiting'),
  })
  .strict();
export const SendReviewResult = z.object({
  sessionId: SessionId,
  /** false: queued until the agent waits for input. */
  delivered: z.boolean(),
  /** How it went: 'paste' (bracketed paste + Enter into the agent's terminal) or 'command'. */
  via: z.enum(['paste', 'command']),
});
export type SendReviewResult = z.infer<typeof SendReviewResult>;

export const CancelQueuedReviewInput = z.object({ sessionId: SessionId }).strict();

// ---- events -------------------------------------------------------------------------------

/** Any change to a session's comments (this window, another window, another process). */
export const ReviewChanged = ReviewState;

// ---- viewed marks -------------------------------------------------------------------------

/** Where a set of viewed marks belongs: a commit, a range (`from..to`) or `session`. */
export const ViewedScope = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a commit, a range from..to, or session');
const ViewedPath = z.string().min(1).max(4096);
/** What the file's change was when it was marked (status, +/−, sizes): see review-viewed.ts. */
const ViewedFingerprint = z.string().max(400);
/** The most files one scope keeps marks for (the review lists at most this many). */
export const MAX_VIEWED_FILES = 20_000;
const fewEnough = (r: Record<string, unknown>) => Object.keys(r).length <= MAX_VIEWED_FILES;

/** The files marked viewed in one scope: path → fingerprint. Also the viewedChanged event. */
export const ViewedMarks = z.object({
  sessionId: SessionId,
  scope: ViewedScope,
  marks: z.record(ViewedPath, ViewedFingerprint),
});
export type ViewedMarks = z.infer<typeof ViewedMarks>;

export const GetViewedMarksInput = z.object({ sessionId: SessionId, scope: ViewedScope }).strict();
export const SetViewedMarksInput = z
  .object({
    sessionId: SessionId,
    scope: ViewedScope,
    /** path → fingerprint to mark it viewed, or null to unmark it. */
    marks: z.record(ViewedPath, ViewedFingerprint.nullable()).refine(fewEnough, {
      message: `at most ${MAX_VIEWED_FILES} files at once`,
    }),
  })
  .strict();

/** A scope's viewed marks changed (this window, another window, another process). */
export const ViewedChanged = ViewedMarks;
