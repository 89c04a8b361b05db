/**
 * `claude-run login [--json]`: the Claude login the app keeps in step: the host's copy (file or
 * macOS Keychain; account and expiry, never a token) and each running session's copy (account,
 * expiry, last sync, what the app did), and the long-lived token that never rotates.
 */
import type { LoginSyncReport, SessionLoginState } from '../../shared/schemas/claude-login';
import { printJson } from './ask';
import type { CliContext } from './context';
import { clean, table } from './output';

const STATE_WORDS: Record<SessionLoginState, string> = {
  'in-step': 'in step',
  pushed: 'updated from this machine',
  pulled: 'refreshed there, copied to this machine',
  older: 'older copy',
  'other-account': 'another account: not synced',
  corrupt: 'not a valid login: ignored',
  'no-login': 'no login',
};

export function loginText(r: LoginSyncReport, names: Record<string, string> = {}): string {
  const h = r.host;
  let out = `Host login: ${h.store === 'none' ? 'none' : clean(h.source)}\n`;
  if (h.account) out += `  account: ${clean(h.account)}\n`;
  if (h.expiresAt)
    out += `  expires: ${h.expiresAt}${h.expired ? ' (expired: the app refreshes nothing itself)' : ''}\n`;
  if (h.problem) out += `  note: ${clean(h.problem)}\n`;
  // A short command never watches sessions: the app (or the claude-run that does) shares its rows.
  if (!r.active) out += 'Sessions, as the process that keeps them in step last saw them:\n';
  if (r.sessions.length === 0) out += 'No running session.\n';
  else
    out += table(
      ['SESSION', 'ACCOUNT', 'EXPIRES', 'LAST SYNCED', 'STATE'],
      r.sessions.map((s) => [
        clean(names[s.sessionId] ?? s.sessionId),
        clean(s.account ?? '-'),
        s.expiresAt ?? '-',
        s.lastSyncedAt ?? '-',
        STATE_WORDS[s.state] + (s.message ? ` (${clean(s.message)})` : ''),
      ]),
    );
  out += `${r.longLivedTokenHint}\n`;
  return out;
}

export async function loginCommand(ctx: CliContext, opts: { json?: boolean }): Promise<number> {
  const api = await ctx.getApi();
  const report = await api.getLoginSync({});
  if (opts.json) {
    printJson(ctx, report);
    return 0;
  }
  const { sessions } = await api.listSessions({});
  ctx.print(loginText(report, Object.fromEntries(sessions.map((s) => [s.id, s.name]))));
  return 0;
}
