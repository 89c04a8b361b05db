/**
 * Terminal payloads that cross the contract. Terminal output is a string (the TTY's bytes
 * decoded as UTF-8, never split inside a character); flow control counts in UTF-16 code units
 * of those strings (`data.length`), which both ends can measure for free.
 */
import { z } from 'zod';
import { SessionId } from './session';

export const TerminalId = z
  .string()
  .regex(
    /^t-[a-z0-9]{6,32}$/,
    'a terminal id looks like t-xxxxxxxx (from listTerminals or openTerminal)',
  );
/** Chosen by each viewer (a window, a web client) so the service can track its acks and size. */
export const ViewerId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a viewer id is 1-64 letters, digits, "-" or "_"');

const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);

export const TerminalKind = z.enum(['container', 'host']);
export type TerminalKind = z.infer<typeof TerminalKind>;

export const TerminalInfo = z.object({
  id: TerminalId,
  sessionId: SessionId,
  kind: TerminalKind,
  /** 'agent' is the session's agent TTY; every other terminal is a 'shell'. */
  role: z.enum(['agent', 'shell']),
  title: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  status: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
  createdAt: z.string(),
  /**
   * 'tmux': the terminal is a tmux client (the agent under tmux): its history lives in tmux and
   * is seeded into each viewer's own scrollback on attach (scrollTerminal still moves tmux's
   * pane through it in copy mode, for clients without a scrollback).
   */
  scrollback: z.enum(['local', 'tmux']).optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

/** Scrolls a tmux-held terminal's history: negative = back (up), positive = forward. */
export const ScrollTerminalInput = z
  .object({
    terminalId: TerminalId,
    lines: z
      .number()
      .int()
      .min(-10_000)
      .max(10_000)
      .refine((n) => n !== 0, 'lines must not be 0'),
  })
  .strict();
export const ScrollTerminalResult = z.object({
  /** false: the terminal keeps its history itself (the viewer scrolls its own scrollback). */
  handled: z.boolean(),
});

export const ListTerminalsInput = z.object({ sessionId: SessionId }).strict();
export const TerminalList = z.object({ terminals: z.array(TerminalInfo) });

export const OpenTerminalInput = z
  .object({
    sessionId: SessionId,
    kind: TerminalKind,
    cols: Cols.default(80),
    rows: Rows.default(24),
  })
  .strict();

export const TerminalRef = z.object({ terminalId: TerminalId }).strict();

/** Keystrokes or a paste (bracketed-paste markers pass through untouched). */
export const WriteTerminalInput = z
  .object({
    terminalId: TerminalId,
    data: z.string().min(1).max(1_000_000),
    viewerId: ViewerId.optional(),
  })
  .strict();

export const ResizeTerminalInput = z
  .object({ terminalId: TerminalId, cols: Cols, rows: Rows, viewerId: ViewerId })
  .strict();

export const AttachTerminalInput = z
  .object({ terminalId: TerminalId, viewerId: ViewerId })
  .strict();
export const DetachTerminalInput = AttachTerminalInput;

/**
 * What a viewer needs to show a terminal exactly as it is: the screen serialized (colors,
 * cursor, alternate screen, scrollback) as of output event `seq`. Events with seq <= this seq
 * are already in the screen and must be dropped; later ones are written after it.
 */
export const TerminalSnapshot = z.object({
  terminalId: TerminalId,
  serialized: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  seq: z.number().int(),
  scrollback: z.number().int(),
  status: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
});
export type TerminalSnapshot = z.infer<typeof TerminalSnapshot>;

/** A viewer confirms it has written `chars` more characters of output (flow control). */
export const AckTerminalInput = z
  .object({ terminalId: TerminalId, viewerId: ViewerId, chars: z.number().int().min(0).max(1e12) })
  .strict();

export const Ok = z.object({ ok: z.literal(true) });

export const TerminalOutput = z.object({
  terminalId: TerminalId,
  data: z.string(),
  seq: z.number().int(),
});
export type TerminalOutput = z.infer<typeof TerminalOutput>;
/** The ruling size changed (another viewer became active): viewers lay out for this size. */
export const TerminalResized = z.object({
  terminalId: TerminalId,
  cols: z.number().int(),
  rows: z.number().int(),
});
export const TerminalExit = z.object({ terminalId: TerminalId, exitCode: z.number().int() });
export const TerminalsChanged = z.object({
  sessionId: SessionId,
  terminals: z.array(TerminalInfo),
});

export const AttentionState = z.enum(['working', 'waiting', 'finished']);
export type AttentionState = z.infer<typeof AttentionState>;
export const SessionAttention = z.object({
  sessionId: SessionId,
  state: AttentionState,
  /** Why: 'permission', 'idle', 'stop', 'session-start', 'prompt', 'bell', 'quiet', 'output', 'exited'. */
  reason: z.string(),
});
export type SessionAttention = z.infer<typeof SessionAttention>;
