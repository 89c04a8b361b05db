/**
 * Bringing a session's work home: merge (merge commit, squash or rebase; fast-forward when
 * possible) into a local branch without touching the user's checkout, the conflict state, the
 * request to the agent to rebase, discarding a session, and the per-session git state the
 * session list shows (ahead/behind, merged, pushed, pull request).
 */
import { z } from 'zod';
import { CommitHash } from './commits';
import { SessionId } from './session';

/** A local branch name (checked again with git check-ref-format). */
export const LocalBranch = z
  .string()
  .min(1)
  .max(255)
  .refine((b) => !b.startsWith('-') && !b.includes('\0'), 'not a branch name');

export const MergeMethod = z.enum(['merge', 'squash', 'rebase']);
export type MergeMethod = z.infer<typeof MergeMethod>;

export const MergePreviewInput = z
  .object({
    sessionId: SessionId,
    /** Default: the branch the session started from (else the repository's current branch). */
    into: LocalBranch.optional(),
    method: MergeMethod.default('merge'),
  })
  .strict();

export const MergePreview = z.object({
  sessionId: SessionId,
  into: z.string(),
  /** The target's tip now (the merge is refused if it moved before the user confirms). */
  intoTip: CommitHash,
  sessionTip: CommitHash,
  /** Session commits not on the target, target commits not on the session branch. */
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  /** The target can simply move to the session tip (merge and rebase use it). */
  fastForward: z.boolean(),
  /** Everything on the session branch is already on the target. */
  alreadyMerged: z.boolean(),
  /** Files that conflict for the chosen method (empty: it merges cleanly). */
  conflicts: z.array(z.string()),
  /** Prefilled squash message: the session's commit subjects and bodies. */
  squashMessage: z.string(),
  /** The target is the branch checked out in the user's work tree. */
  checkedOut: z.boolean(),
  /** Local branches the user can choose from (the default first). */
  branches: z.array(z.string()),
});
export type MergePreview = z.infer<typeof MergePreview>;

export const MergeSessionInput = z
  .object({
    sessionId: SessionId,
    into: LocalBranch.optional(),
    method: MergeMethod,
    /** Squash (and merge commit) message; default the prefilled one. */
    message: z.string().trim().min(1).max(100_000).optional(),
    /** The target tip the user saw; refused (nothing changes) if the branch moved since. */
    expectedIntoTip: CommitHash.optional(),
  })
  .strict();

export const MergeResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    sessionId: SessionId,
    into: z.string(),
    method: MergeMethod,
    oldTip: CommitHash,
    newTip: CommitHash,
    fastForward: z.boolean(),
    /** The target is checked out and the user's work tree now lags it ("Update my checkout"). */
    checkoutLags: z.boolean(),
  }),
  z.object({
    ok: z.literal(false),
    sessionId: SessionId,
    into: z.string(),
    method: MergeMethod,
    /** Nothing changed; these files conflict. */
    conflicts: z.array(z.string()),
  }),
]);
export type MergeResult = z.infer<typeof MergeResult>;

export const UpdateCheckoutInput = z
  .object({
    sessionId: SessionId,
    /** The branch the merge moved, and the tips before and after it. */
    branch: LocalBranch,
    from: CommitHash,
    to: CommitHash,
  })
  .strict();
export const UpdateCheckoutResult = z.object({
  updated: z.boolean(),
  /** Files with uncommitted changes that the update would touch (then nothing changed). */
  blockedBy: z.array(z.string()),
});
export type UpdateCheckoutResult = z.infer<typeof UpdateCheckoutResult>;

export const RequestRebaseInput = z
  .object({ sessionId: SessionId, onto: LocalBranch.optional() })
  .strict();
export const RequestRebaseResult = z.object({
  sessionId: SessionId,
  onto: z.string(),
  ontoTip: CommitHash,
  /** Where the target's commits are in the container (a ref the agent can rebase onto). */
  containerRef: z.string(),
  /** The message to the agent went at once (false: queued until it waits for input). */
  delivered: z.boolean(),
});
export type RequestRebaseResult = z.infer<typeof RequestRebaseResult>;

export const DiscardSessionInput = z
  .object({
    id: SessionId,
    /** Delete the session branch too (default keep it). */
    deleteBranch: z.boolean().default(false),
    /**
     * The session has commits that are neither pushed nor merged: discarding needs this set
     * (the second confirmation), else the call is refused with code 'discard-unmerged'.
     */
    confirmUnmerged: z.boolean().default(false),
  })
  .strict();
export const DiscardSessionResult = z.object({
  id: SessionId,
  branch: z.string(),
  branchDeleted: z.boolean(),
  /** The branch tip before (a way back when it was deleted). */
  tip: CommitHash.nullable(),
});
export type DiscardSessionResult = z.infer<typeof DiscardSessionResult>;

export const PrState = z.enum(['open', 'closed', 'merged', 'unknown']);
export const SessionGitState = z.object({
  sessionId: SessionId,
  branch: z.string(),
  /** The branch the session started from and compares against. */
  baseBranch: z.string().nullable(),
  tip: CommitHash.nullable(),
  /** Against baseBranch (or the base commit when there is none). */
  ahead: z.number().int().nonnegative(),
  behind: z.number().int().nonnegative(),
  /** The tip is contained in baseBranch (or the branch it was last merged into). */
  merged: z.boolean(),
  mergedInto: z.string().nullable(),
  /** 'no': never pushed; 'yes': the remote has the tip; 'behind': it has an older tip. */
  pushed: z.enum(['no', 'yes', 'behind']),
  pr: z.object({ url: z.string(), number: z.number().int(), state: PrState }).nullable(),
});
export type SessionGitState = z.infer<typeof SessionGitState>;

export const GetSessionGitStateInput = z.object({ sessionId: SessionId }).strict();
