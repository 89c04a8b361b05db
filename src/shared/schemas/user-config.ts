/**
 * Payloads of the user-level config editor (readUserConfig / writeUserConfig): the file's text
 * as it is, and a write that says which version of the file it replaces.
 */
import { z } from 'zod';
import { ConfigIssue } from './config';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');

export const UserConfigText = z.object({
  /** Absolute path of the user-level config file. */
  file: z.string(),
  /** The file's text; null when there is no file yet. */
  text: z.string().nullable(),
  /** sha256 of the file's bytes as read; null when there is no file. */
  sha256: Sha256.nullable(),
});
export type UserConfigText = z.infer<typeof UserConfigText>;

export const WriteUserConfigInput = z
  .object({
    /** The new text, written exactly as given (never re-serialised). */
    text: z.string().max(1_000_000),
    /** The sha256 the editor read (null: it read no file); the write refuses any other. */
    expectedSha256: Sha256.nullable(),
  })
  .strict();

export const WriteUserConfigResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), file: z.string(), sha256: Sha256 }),
  /** Nothing was written: the text has these problems (with line and column). */
  z.object({ ok: z.literal(false), issues: z.array(ConfigIssue) }),
]);
export type WriteUserConfigResult = z.infer<typeof WriteUserConfigResult>;
