/**
 * One line of a Claude Code transcript (`~/.claude/projects/<project>/<session>.jsonl`, and the
 * subagent files beside them) read as usage. The files come from the container, which the agent
 * controls: each line is checked with zod, and anything that is not an assistant message with a
 * well-formed `usage` is skipped (user lines, summaries, tool results, garbage).
 *
 * Claude Code writes one line per content block of a message (thinking, text, tool use), each
 * with the same `message.id`, `requestId` and usage: the key below lets the caller count a
 * message once. A sidechain (subagent) line is real usage and counts like any other.
 */
import { z } from 'zod';
import type { TokenCounts } from '../../shared/schemas/usage';

/** Token counts an API response can carry (a bound far above any real one). */
const Tokens = z.number().int().nonnegative().max(1e12);

const AssistantLine = z.object({
  type: z.literal('assistant'),
  timestamp: z.string().max(64),
  requestId: z.string().max(200).optional(),
  message: z.object({
    id: z.string().max(200).optional(),
    model: z.string().min(1).max(200),
    usage: z.object({
      input_tokens: Tokens.optional(),
      output_tokens: Tokens.optional(),
      cache_creation_input_tokens: Tokens.nullable().optional(),
      cache_read_input_tokens: Tokens.nullable().optional(),
    }),
  }),
});

export interface UsageEntry {
  /** message.id + requestId; null when the line has no message id (counted as it is). */
  key: string | null;
  model: string;
  /** When the response came (the line's timestamp). */
  at: Date;
  tokens: TokenCounts;
}

/** Placeholder model of messages Claude Code makes up itself (errors, interruptions): no usage. */
const SYNTHETIC = '<synthetic>';

/** The line's usage, or null when the line is not a usable assistant message. */
export function parseTranscriptLine(line: string): UsageEntry | null {
  // Most lines (user turns, tool results: the big ones) carry no usage: skip them unparsed.
  if (!line.includes('"usage"')) return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = AssistantLine.safeParse(json);
  if (!parsed.success) return null;
  const { message, requestId, timestamp } = parsed.data;
  if (message.model === SYNTHETIC) return null;
  const at = new Date(timestamp);
  if (Number.isNaN(at.getTime())) return null;
  const u = message.usage;
  return {
    key: message.id ? `${message.id}:${requestId ?? ''}` : null,
    model: message.model,
    at,
    tokens: {
      input: u.input_tokens ?? 0,
      output: u.output_tokens ?? 0,
      cacheCreation: u.cache_creation_input_tokens ?? 0,
      cacheRead: u.cache_read_input_tokens ?? 0,
    },
  };
}

/** The local calendar day (YYYY-MM-DD) of a moment on the machine running the app. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
