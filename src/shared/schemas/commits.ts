/**
 * Commit payloads that cross the contract: the review data (commits, file lists, one file's
 * diff) and the commit events. Everything here that came from a container (messages, file
 * names, author names) is plain data: the renderer escapes it before showing it.
 */
import { z } from 'zod';
import { errorCodes } from '../error-codes';
import { SessionId } from './session';

/** A full object name: SHA-1 (40) or SHA-256 (64) hex. */
export const CommitHash = z
  .string()
  .regex(
    /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/,
    'a commit is a full 40 or 64 character hex object name',
  );
export type CommitHash = z.infer<typeof CommitHash>;

export const CommitSummary = z.object({
  hash: CommitHash,
  parents: z.array(CommitHash),
  authorName: z.string(),
  authorEmail: z.string(),
  /** ISO 8601 author date. */
  date: z.string(),
  /** First line of the message. */
  subject: z.string(),
  /** The whole message. */
  message: z.string(),
  filesChanged: z.number().int().nonnegative(),
  insertions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
});
export type CommitSummary = z.infer<typeof CommitSummary>;

export const ListCommitsInput = z.object({ sessionId: SessionId }).strict();
export const CommitList = z.object({
  sessionId: SessionId,
  branch: z.string(),
  /** Where the session started (the merge-base the session diff is taken against). */
  base: CommitHash.nullable(),
  /** The branch tip on the host; null before anything was imported. */
  tip: CommitHash.nullable(),
  /** Newest first. */
  commits: z.array(CommitSummary),
  /** A rewrite seen in the container that waits for acceptRewrite. */
  pendingRewrite: z.lazy(() => BranchRewritten).nullable(),
});
export type CommitList = z.infer<typeof CommitList>;

export const FileStatus = z.enum([
  'added',
  'modified',
  'deleted',
  'renamed',
  'copied',
  'typechange',
  'unmerged',
  'unknown',
]);
export type FileStatus = z.infer<typeof FileStatus>;

export const DiffFile = z.object({
  path: z.string(),
  /** The path before a rename or copy. */
  oldPath: z.string().optional(),
  status: FileStatus,
  binary: z.boolean(),
  /** null for binary files. */
  insertions: z.number().int().nonnegative().nullable(),
  deletions: z.number().int().nonnegative().nullable(),
  /** Blob sizes in bytes (null where the side does not exist or is a submodule). */
  oldSize: z.number().int().nonnegative().nullable(),
  newSize: z.number().int().nonnegative().nullable(),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const DiffSummary = z.object({
  sessionId: SessionId,
  /** null = the empty tree (a root commit). */
  from: CommitHash.nullable(),
  to: CommitHash,
  files: z.array(DiffFile),
  /** More files than the list holds. */
  truncated: z.boolean(),
});
export type DiffSummary = z.infer<typeof DiffSummary>;

export const GetCommitDiffInput = z.object({ sessionId: SessionId, commit: CommitHash }).strict();
export const GetRangeDiffInput = z
  .object({ sessionId: SessionId, from: CommitHash, to: CommitHash })
  .strict();
export const GetSessionDiffInput = z.object({ sessionId: SessionId }).strict();

/** A path as named in a diff's file list; no NUL, bounded. */
const RepoPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path cannot contain NUL');

export const GetFileDiffInput = z
  .object({
    sessionId: SessionId,
    /** Diff of one commit against its first parent … */
    commit: CommitHash.optional(),
    /** … or of a range from..to. */
    from: CommitHash.optional(),
    to: CommitHash.optional(),
    path: RepoPath,
    /** The path before a rename (from the file list), so the rename is shown as one. */
    oldPath: RepoPath.optional(),
    /** Show a file above the size guard whole (otherwise only its first part is sent). */
    loadAnyway: z.boolean().optional(),
    /** Leave out changes of whitespace only (git's --ignore-all-space). */
    ignoreWhitespace: z.boolean().optional(),
  })
  .strict()
  .refine((v) => (v.commit !== undefined) !== (v.to !== undefined), {
    message: 'give either commit or from/to',
  });

/** The two sides of an image file, for a preview (only for image types, bounded in size). */
export const GetFileImageInput = z
  .object({
    sessionId: SessionId,
    commit: CommitHash.optional(),
    from: CommitHash.optional(),
    to: CommitHash.optional(),
    path: RepoPath,
    oldPath: RepoPath.optional(),
  })
  .strict()
  .refine((v) => (v.commit !== undefined) !== (v.to !== undefined), {
    message: 'give either commit or from/to',
  });

export const FileImage = z.object({
  /** The type the preview is drawn as, from the file's extension (SVG only ever as an <img>). */
  mime: z.enum([
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'image/bmp',
    'image/x-icon',
    'image/avif',
    'image/svg+xml',
  ]),
  /** Base64 of each side's bytes; null where the side does not exist. */
  old: z.string().nullable(),
  new: z.string().nullable(),
});
export type FileImage = z.infer<typeof FileImage>;

export const FileDiff = z.object({
  path: z.string(),
  oldPath: z.string().optional(),
  status: FileStatus,
  binary: z.boolean(),
  /** The file is above the size guard: `patch` holds only its first part until asked with
   * loadAnyway. */
  tooLarge: z.boolean(),
  /** Bytes of both sides together, what the guard judged. */
  size: z.number().int().nonnegative(),
  /** Unified diff text (git format); empty for binary files, the first part for too large ones. */
  patch: z.string(),
  /** Lines of the whole patch, when `patch` holds only its first part. */
  totalLines: z.number().int().nonnegative().optional(),
});
export type FileDiff = z.infer<typeof FileDiff>;

export const AcceptRewriteInput = z
  .object({
    sessionId: SessionId,
    /** The rewritten tip the user saw; the update is refused if the container moved on. */
    tip: CommitHash,
  })
  .strict();
export const AcceptRewriteResult = z.object({
  branch: z.string(),
  tip: CommitHash,
  backupRef: z.string(),
});

// ---- events -------------------------------------------------------------------------------

export const CommitDetected = z.object({
  sessionId: SessionId,
  branch: z.string(),
  tip: CommitHash,
  /** The tip the host had before (null: nothing imported yet). */
  previousTip: CommitHash.nullable(),
});
export type CommitDetected = z.infer<typeof CommitDetected>;

export const CommitImported = z.object({
  sessionId: SessionId,
  branch: z.string(),
  tip: CommitHash,
  previousTip: CommitHash.nullable(),
  /** The commits that are new on the host branch, oldest first. */
  commits: z.array(CommitHash),
  /** ms from the detection to the host ref update. */
  elapsedMs: z.number().nonnegative(),
});
export type CommitImported = z.infer<typeof CommitImported>;

export const BranchRewritten = z.object({
  sessionId: SessionId,
  branch: z.string(),
  /** The host tip that the container's branch no longer contains. */
  oldTip: CommitHash,
  newTip: CommitHash,
  /** Commits on the host branch that the rewrite drops, newest first. */
  dropped: z.array(CommitHash),
  /** True once the host branch was moved (after acceptRewrite). */
  accepted: z.boolean(),
  backupRef: z.string().optional(),
});
export type BranchRewritten = z.infer<typeof BranchRewritten>;

export const CommitStep = z.enum(['watch', 'detect', 'import', 'push', 'pr']);
export type CommitStep = z.infer<typeof CommitStep>;

export const CommitError = z.object({
  sessionId: SessionId,
  step: CommitStep,
  code: z.enum(errorCodes),
  message: z.string(),
  hint: z.string().optional(),
});
export type CommitError = z.infer<typeof CommitError>;
