/**
 * Reading Claude Code's login files without ever showing their content: the credentials file
 * (`{"claudeAiOauth": {accessToken, refreshToken, expiresAt, …}}`) gives the expiry, and
 * `~/.claude.json`'s `oauthAccount` gives the account. Reasons name what is wrong, never a value
 * (JSON.parse's message quotes the input, so it is never passed on).
 */
import { z } from 'zod';

/** A login file is small; anything bigger is not one. */
export const MAX_LOGIN_BYTES = 64 * 1024;
/** ~/.claude.json grows with every project the user opened; its account is near the top. */
export const MAX_CLAUDE_JSON_BYTES = 16 * 1024 * 1024;

export type ParsedLogin = { ok: true; expiresAt: number } | { ok: false; why: string };

const OAuth = z.object({
  claudeAiOauth: z.object({
    accessToken: z.string().min(1),
    expiresAt: z.number().int().positive().finite(),
  }),
});

/**
 * Access tokens live hours. A copy claiming to last longer than this is not a refresh: a
 * session could otherwise pin a made-up login on the host that every real refresh loses to.
 */
export const MAX_EXPIRY_AHEAD_MS = 30 * 24 * 3_600_000;

export function parseLogin(text: string, now: number = Date.now()): ParsedLogin {
  if (Buffer.byteLength(text, 'utf8') > MAX_LOGIN_BYTES) {
    return { ok: false, why: `larger than ${MAX_LOGIN_BYTES / 1024} KiB` };
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, why: 'not valid JSON' };
  }
  const r = OAuth.safeParse(v);
  if (!r.success) {
    const path = r.error.issues[0]?.path.join('.') ?? '';
    return { ok: false, why: `no usable ${path || 'claudeAiOauth'} (not a Claude Code login)` };
  }
  const expiresAt = r.data.claudeAiOauth.expiresAt;
  if (expiresAt > now + MAX_EXPIRY_AHEAD_MS) {
    return { ok: false, why: 'its expiry is more than 30 days ahead (not a Claude Code refresh)' };
  }
  return { ok: true, expiresAt };
}

export interface Account {
  /** `oauthAccount.accountUuid`: what decides whether two logins are the same account. */
  uuid: string | null;
  /** For people: the email when there is one, else the uuid. */
  label: string | null;
}

export const UNKNOWN_ACCOUNT: Account = { uuid: null, label: null };

const ClaudeJsonAccount = z.object({
  oauthAccount: z
    .object({
      accountUuid: z.string().min(1).max(200).optional(),
      emailAddress: z.string().max(320).optional(),
    })
    .passthrough()
    .optional()
    .nullable(),
});

/** The account of a `.claude.json` text; unknown when missing, invalid or without one. */
export function parseAccount(text: string | null): Account {
  if (text === null) return UNKNOWN_ACCOUNT;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return UNKNOWN_ACCOUNT;
  }
  const r = ClaudeJsonAccount.safeParse(v);
  const a = r.success ? r.data.oauthAccount : null;
  if (!a?.accountUuid) return UNKNOWN_ACCOUNT;
  return { uuid: a.accountUuid, label: a.emailAddress || a.accountUuid };
}

export function isoOf(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}
