/**
 * Payloads of a session's conversation across restarts: restart (resumed, or fresh), fork (a
 * new session at this one's branch tip, optionally with its conversation) and export of its
 * transcripts to a host folder.
 */
import { z } from 'zod';
import { SessionId } from './session';

export const RestartSessionInput = z
  .object({
    id: SessionId,
    /** "Restart fresh": the agent starts without the resume args (a new conversation). */
    fresh: z.boolean().optional(),
  })
  .strict();

export const ForkSessionInput = z
  .object({
    id: SessionId,
    /** The fork's branch name (checked like a start's); default claude/<date-time>. */
    name: z.string().min(1).max(200).optional(),
    /** A first prompt for the fork's agent. */
    prompt: z.string().max(100_000).optional(),
    /** Copy this session's transcripts into the fork and resume its conversation there. */
    copyConversation: z.boolean().optional(),
    /** The project's own config file when it is not trusted, as for a start. */
    projectConfig: z
      .union([
        z.literal('ignore'),
        z.object({ trust: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
      ])
      .optional(),
  })
  .strict();

export const ExportConversationInput = z
  .object({
    id: SessionId,
    /** An absolute folder on the host (made when missing). */
    folder: z.string().min(1).max(4096),
  })
  .strict();

export const ExportConversationResult = z.object({
  folder: z.string(),
  files: z.number().int(),
  bytes: z.number().int(),
  /** Archive entries that were not written (links, hostile names), with why. */
  refused: z.array(z.string()),
});
export type ExportConversationResult = z.infer<typeof ExportConversationResult>;
