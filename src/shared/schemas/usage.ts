/**
 * Token usage and estimated cost per session, read from Claude Code's transcript files in the
 * session's container. Costs are estimates from the app's price table (src/main/usage/prices.ts);
 * a model the table does not know counts its tokens but no cost (listed in unpricedModels).
 */
import { z } from 'zod';
import { SessionId } from './session';

const Count = z.number().int().nonnegative();

export const TokenCounts = z.object({
  input: Count,
  output: Count,
  /** Tokens written to the prompt cache (billed above input). */
  cacheCreation: Count,
  /** Tokens read from the prompt cache (billed well below input). */
  cacheRead: Count,
});
export type TokenCounts = z.infer<typeof TokenCounts>;

/** YYYY-MM-DD, the local day of the machine running the app. */
export const UsageDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const Cost = z.number().nonnegative();

export const ModelUsage = z.object({
  model: z.string().max(200),
  tokens: TokenCounts,
  /** null: the model is not in the price table. */
  costUsd: Cost.nullable(),
});

export const DayUsage = z.object({
  day: UsageDay,
  tokens: TokenCounts,
  /** The priced models' cost only (unpriced tokens add nothing). */
  costUsd: Cost,
});

export const SessionUsage = z.object({
  sessionId: SessionId,
  tokens: TokenCounts,
  /** null when nothing of it could be priced (only unknown models, or no usage yet). */
  costUsd: Cost.nullable(),
  unpricedModels: z.array(z.string().max(200)),
  byModel: z.array(ModelUsage),
  byDay: z.array(DayUsage),
  /** When the figures last changed (ISO); null: no usage seen yet. */
  updatedAt: z.string().nullable(),
});
export type SessionUsage = z.infer<typeof SessionUsage>;

export const UsageReport = z.object({
  sessions: z.array(SessionUsage),
  /** Every session's usage on the app machine's current day. */
  today: z.object({ day: UsageDay, tokens: TokenCounts, costUsd: Cost }),
});
export type UsageReport = z.infer<typeof UsageReport>;

export const GetUsageInput = z.object({ sessionId: SessionId.optional() }).strict();

export const UsageChanged = SessionUsage;
