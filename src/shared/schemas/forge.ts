/**
 * Push and pull-request payloads. The PR dialog first asks for a draft (pre-filled title, body,
 * the repo's default branch as base), lets the user edit it, then creates the PR.
 */
import { z } from 'zod';
import { CommitHash } from './commits';
import { SessionId } from './session';

/** A git remote name as `git remote` accepts it (checked again with git). */
export const RemoteName = z
  .string()
  .min(1)
  .max(100)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
    'a remote name is letters, digits, ".", "_", "-" and "/"',
  );

export const PushInput = z
  .object({
    sessionId: SessionId,
    /** Default: config pushRemote ("origin"). */
    remote: RemoteName.optional(),
    /** Required to push a rewritten branch (uses --force-with-lease against the last pushed tip). */
    confirmRewrite: z.boolean().optional(),
  })
  .strict();

export const PushResult = z.object({
  sessionId: SessionId,
  remote: z.string(),
  branch: z.string(),
  tip: CommitHash,
  /** The remote already had this tip. */
  upToDate: z.boolean(),
  /** The push replaced a rewritten history (force-with-lease). */
  forced: z.boolean(),
});
export type PushResult = z.infer<typeof PushResult>;

export const ForgeKind = z.enum(['github', 'gitlab']);
export type ForgeKind = z.infer<typeof ForgeKind>;

export const PrDraftInput = z
  .object({ sessionId: SessionId, remote: RemoteName.optional() })
  .strict();
export const PrDraft = z.object({
  sessionId: SessionId,
  forge: ForgeKind,
  host: z.string(),
  /** owner/repo (GitHub) or group/subgroup/project (GitLab). */
  project: z.string(),
  head: z.string(),
  base: z.string(),
  title: z.string(),
  body: z.string(),
  /** An open PR for this branch, when there is one. */
  existingUrl: z.string().nullable(),
});
export type PrDraft = z.infer<typeof PrDraft>;

export const CreatePrInput = z
  .object({
    sessionId: SessionId,
    remote: RemoteName.optional(),
    title: z.string().min(1).max(1000),
    body: z.string().max(200_000),
    /** Default: the repo's default branch. */
    base: z.string().min(1).max(255).optional(),
    draft: z.boolean().default(false),
    /** Push the branch first (the "push + PR" button). */
    push: z.boolean().default(true),
  })
  .strict();

export const PrResult = z.object({
  sessionId: SessionId,
  forge: ForgeKind,
  url: z.string(),
  number: z.number().int(),
  /** false when an open PR for the branch existed and was returned instead. */
  created: z.boolean(),
});
export type PrResult = z.infer<typeof PrResult>;

// ---- events -------------------------------------------------------------------------------

export const Pushed = z.object({
  sessionId: SessionId,
  remote: z.string(),
  branch: z.string(),
  tip: CommitHash,
  forced: z.boolean(),
  automatic: z.boolean(),
});
export type Pushed = z.infer<typeof Pushed>;

export const PrCreated = PrResult.extend({ automatic: z.boolean() });
export type PrCreated = z.infer<typeof PrCreated>;
