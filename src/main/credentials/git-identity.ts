/**
 * Git identity: user.name and user.email, read as git sees them in the project folder, and
 * nothing else from the user's git config (no credential helpers, includes, url rewrites,
 * signing keys). They go into the container's XDG git config (~/.config/git/config), so the
 * agent's commits carry the user's name, `git config user.name` answers, and a ~/.gitconfig the
 * sessions domain may write for its own settings is left alone (and wins where both set a key).
 */
import type { GitConfigReader, PlanBuilder } from './types';

export const CONTAINER_GIT_CONFIG = '.config/git/config';

/** A git config value in double quotes; null when it cannot be written safely. */
export function quoteGitValue(v: string): string | null {
  if (/[\n\r\0]/.test(v)) return null;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function gitIdentityFile(name: string | null, email: string | null): string | null {
  const lines: string[] = [];
  const qName = name === null ? null : quoteGitValue(name);
  const qEmail = email === null ? null : quoteGitValue(email);
  if (qName) lines.push(`\tname = ${qName}`);
  if (qEmail) lines.push(`\temail = ${qEmail}`);
  if (lines.length === 0) return null;
  return [
    '# Written by Claude Code Runner: the user\u2019s git identity, nothing else.',
    '[user]',
    ...lines,
    '',
  ].join('\n');
}

export async function planGitIdentity(
  b: PlanBuilder,
  read: GitConfigReader,
  cwd: string,
  where: string,
): Promise<void> {
  const safeRead = async (key: string): Promise<string | null> => {
    try {
      return await read(key, cwd);
    } catch {
      return null;
    }
  };
  const [name, email] = await Promise.all([safeRead('user.name'), safeRead('user.email')]);
  const content = gitIdentityFile(name, email);
  const missing = [name === null ? 'user.name' : '', email === null ? 'user.email' : ''].filter(
    Boolean,
  );
  b.entry({
    id: 'git-identity',
    label: 'Git identity (user.name, user.email)',
    group: 'git',
    source: `git config user.name / user.email (${where})`,
    found: name !== null || email !== null,
    forwarded: content !== null,
    target:
      content !== null
        ? b.addFile(CONTAINER_GIT_CONFIG, Buffer.from(content, 'utf8'), 0o644)
        : undefined,
    reason:
      content === null
        ? name === null && email === null
          ? 'not set: commits in the session will use the container\u2019s default identity'
          : 'not forwarded: the value contains a line break'
        : 'written to the container\u2019s git config; nothing else from your git config is copied' +
          (missing.length > 0 ? ` (${missing.join(' and ')} not set)` : ''),
  });
}
