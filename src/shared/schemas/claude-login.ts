/**
 * Claude Code's OAuth login kept in step between the host store (credentials file or macOS
 * Keychain) and every running session's copy. Never a token, nor a part of one: only the
 * account (email or uuid), the expiry and what the app did.
 */
import { z } from 'zod';
import { SessionId } from './session';

export const LoginStore = z.enum(['file', 'keychain', 'none']);
export type LoginStore = z.infer<typeof LoginStore>;

export const SessionLoginState = z.enum([
  'in-step', // the session's copy is the host's copy
  'pushed', // the host's newer copy was written into the session
  'pulled', // the session's newer copy was written to the host store
  'older', // the session holds an older copy it could not be given (yet)
  'other-account', // the session is logged in as another account: never written either way
  'corrupt', // the session's file is not a Claude login: ignored
  'no-login', // the session has no credentials file
]);
export type SessionLoginState = z.infer<typeof SessionLoginState>;

export const SessionLoginSync = z.object({
  sessionId: SessionId,
  account: z.string().nullable(),
  expiresAt: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  state: SessionLoginState,
  message: z.string().optional(),
});
export type SessionLoginSync = z.infer<typeof SessionLoginSync>;

export const LoginSyncReport = z.object({
  host: z.object({
    store: LoginStore,
    /** The file path, or the Keychain item's name. */
    source: z.string(),
    account: z.string().nullable(),
    expiresAt: z.string().nullable(),
    expired: z.boolean(),
    /** Why the host login is not used (missing, not valid, …); absent when it is fine. */
    problem: z.string().optional(),
  }),
  /** Running sessions this process keeps in step (only the elected process does). */
  sessions: z.array(SessionLoginSync),
  /** Whether this process is the one that syncs (another app or CLI process may be). */
  active: z.boolean(),
  longLivedTokenHint: z.string(),
});
export type LoginSyncReport = z.infer<typeof LoginSyncReport>;

export const LoginSynced = z.object({
  /** The session whose copy was read (to-host) or written (to-session); null: the host changed. */
  sessionId: SessionId.nullable(),
  direction: z.enum(['to-host', 'to-session']),
  at: z.string(),
});
export type LoginSynced = z.infer<typeof LoginSynced>;
