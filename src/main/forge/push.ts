/**
 * Pushing a session branch from the host with the user's own git (credential helper, ssh
 * agent). Exactly one explicit refspec, refs/heads/<b>:refs/heads/<b>; never the default
 * branch, main or master; never --force. A rewritten branch goes only with
 * --force-with-lease against the tip we pushed last, and only when the caller confirms.
 */
import { AppError } from '../../shared/errors';
import { firstLines, git, isAncestor, revParse } from '../git/host-git';
import { pushedRef } from '../git/import-branch';
import { redactUrls } from './redact';

const PROTECTED = new Set(['main', 'master']);

export interface PushRequest {
  folder: string;
  branch: string;
  remote: string;
  confirmRewrite?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface PushOutcome {
  remote: string;
  branch: string;
  tip: string;
  upToDate: boolean;
  forced: boolean;
}

export async function remoteUrl(folder: string, remote: string): Promise<string> {
  const r = await git(folder, ['remote', 'get-url', '--', remote], { allowFailure: true });
  if (r.exitCode !== 0 || !r.stdout.trim()) {
    throw new AppError(
      'no-remote',
      `this repository has no remote named "${remote}"`,
      `Add one with: git remote add ${remote} <url> (or set pushRemote in the config).`,
    );
  }
  return r.stdout.trim();
}

/** The remote's default branch as far as the host knows (refs/remotes/<remote>/HEAD). */
export async function knownDefaultBranch(folder: string, remote: string): Promise<string | null> {
  const r = await git(
    folder,
    ['symbolic-ref', '--quiet', '--short', `refs/remotes/${remote}/HEAD`],
    { allowFailure: true },
  );
  const v = r.stdout.trim();
  return r.exitCode === 0 && v.startsWith(`${remote}/`) ? v.slice(remote.length + 1) : null;
}

export async function assertPushableBranch(
  folder: string,
  branch: string,
  remote: string,
): Promise<void> {
  const defaultBranch = await knownDefaultBranch(folder, remote);
  if (PROTECTED.has(branch) || branch === defaultBranch) {
    throw new AppError(
      'push-refused',
      `the runner never pushes ${branch}`,
      'Only session branches (claude/…) are pushed.',
    );
  }
}

export function classifyPushError(stderr: string, remote: string): AppError {
  const text = redactUrls(stderr);
  const brief = firstLines(text, 4);
  if (
    /could not read (Username|Password)|Authentication failed|terminal prompts disabled|Permission denied \(publickey|HTTP Basic: Access denied|403|401/i.test(
      text,
    )
  ) {
    return new AppError(
      'push-auth',
      `the remote "${remote}" refused your credentials: ${brief}`,
      'Check that git can push from a terminal (credential helper or ssh agent).',
    );
  }
  if (
    /Could not resolve host|Connection refused|Connection timed out|unable to access|does not appear to be a git repository|Could not read from remote/i.test(
      text,
    )
  ) {
    return new AppError(
      'push-unreachable',
      `could not reach the remote "${remote}": ${brief}`,
      'Check the remote URL and your network.',
    );
  }
  if (/stale info|\[rejected\].*fetch first|non-fast-forward/i.test(text)) {
    return new AppError(
      'push-rejected',
      `the remote has commits on this branch that the session does not: ${brief}`,
      'Fetch and look at the remote branch before pushing again.',
    );
  }
  if (/\[remote rejected\]|pre-receive hook declined|protected branch|rejected/i.test(text)) {
    return new AppError(
      'push-rejected',
      `the remote rejected the push: ${brief}`,
      'The remote refused this branch (a hook or a branch rule).',
    );
  }
  return new AppError('push-failed', `git push failed: ${brief}`);
}

export async function pushBranch(req: PushRequest): Promise<PushOutcome> {
  const { folder, branch, remote } = req;
  await assertPushableBranch(folder, branch, remote);
  await remoteUrl(folder, remote);
  const tip = await revParse(folder, `refs/heads/${branch}`);
  if (!tip)
    throw new AppError(
      'nothing-to-push',
      `${branch} does not exist on the host yet`,
      'Wait for the first commit to be imported.',
    );
  const lastPushed = await revParse(folder, pushedRef(remote, branch));
  if (lastPushed === tip) return { remote, branch, tip, upToDate: true, forced: false };
  const rewritten = lastPushed !== null && !(await isAncestor(folder, lastPushed, tip));
  if (rewritten && !req.confirmRewrite) {
    throw new AppError(
      'push-needs-confirmation',
      `${branch} was rewritten since it was pushed; pushing replaces the remote history`,
      'Confirm to push with --force-with-lease (only if the remote still has what you pushed).',
    );
  }
  // Only the one refspec: no tags (push.followTags), no submodules (push.recurseSubmodules).
  const args = ['push', '--porcelain', '--no-follow-tags', '--recurse-submodules=no'];
  if (rewritten) args.push(`--force-with-lease=refs/heads/${branch}:${lastPushed}`);
  args.push('--', remote, `refs/heads/${branch}:refs/heads/${branch}`);
  // The one call that logs in: the user's credential helper (or ssh agent) does it.
  const r = await git(folder, args, {
    allowFailure: true,
    timeoutMs: 300_000,
    credentials: 'user',
    ...(req.env ? { env: req.env } : {}),
  });
  if (r.exitCode !== 0) throw classifyPushError(`${r.stderr}\n${r.stdout}`, remote);
  await git(folder, [
    'update-ref',
    '-m',
    'claude-code-runner: pushed',
    '--',
    pushedRef(remote, branch),
    tip,
  ]);
  const upToDate = /^=\t/m.test(r.stdout);
  return { remote, branch, tip, upToDate, forced: rewritten };
}
