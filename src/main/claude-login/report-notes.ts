/**
 * What the credentials report and the session log say about an OAuth login: when it expired
 * (the app refreshes nothing itself) and the long-lived token that never rotates.
 */
import { isoOf, parseLogin } from './login-text';

export const LONG_LIVED_TOKEN_HINT =
  'For a login that never rotates, run `claude setup-token` on this machine and set ' +
  'CLAUDE_CODE_OAUTH_TOKEN to the token it prints: every session gets it as an environment ' +
  'variable and there is nothing to keep in step.';

/** What to do about a login whose access token expired. */
export function expiredNote(at: string): string {
  return (
    `the Claude login on this machine expired at ${at}. The app refreshes nothing itself: ` +
    'Claude Code refreshes it when it next runs (in a session, the refreshed login comes back ' +
    'to this machine); if it was signed out, run `claude` on this machine once, or /login in ' +
    'the session, or use `claude setup-token` for a login that never rotates.'
  );
}

/**
 * Notes for the credentials report about the OAuth login that goes into sessions (`content`,
 * null when none does). `longLivedToken`: CLAUDE_CODE_OAUTH_TOKEN is set already.
 */
export function oauthLoginNotes(
  content: Buffer | null,
  longLivedToken: boolean,
  now: Date = new Date(),
): string[] {
  if (content === null) return [];
  const notes: string[] = [];
  const p = parseLogin(content.toString('utf8'));
  if (p.ok && p.expiresAt <= now.getTime()) {
    const note = expiredNote(isoOf(p.expiresAt));
    notes.push(note[0]!.toUpperCase() + note.slice(1));
  }
  notes.push(
    'The Claude login (OAuth) rotates each time Claude Code refreshes it: while sessions run, ' +
      'the app writes a refreshed copy back to this machine and into the other sessions, so ' +
      'every copy stays valid.' +
      // The whole hint is in the Claude login section beside these notes; one pointer here.
      (longLivedToken
        ? ''
        : ' For a login that never rotates, see Settings → Claude login or `claude-run login`.'),
  );
  return notes;
}
