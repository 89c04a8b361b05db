/**
 * Session branch names: the default claude/<date-time>, or a name the user gives, which must be
 * a valid branch name for git and must not look like an option or a revision expression.
 */
import { AppError } from '../../shared/errors';
import { runGit } from './repo-check';

const pad = (n: number) => String(n).padStart(2, '0');

/** claude/YYYY-MM-DD-HHMMSS in local time, as the seed named its branches. */
export function defaultBranchName(now: Date = new Date()): string {
  const d = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const t = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `claude/${d}-${t}`;
}

function refuse(name: string, why: string): AppError {
  return new AppError(
    'invalid-branch-name',
    `"${name.slice(0, 100)}" cannot be used as a branch name: ${why}`,
    'use letters, digits, "/", "-", "_" and ".", for example claude/my-feature',
  );
}

/** Returns the name if git accepts it as a new branch name; throws invalid-branch-name otherwise. */
export async function checkBranchName(name: string, cwd: string): Promise<string> {
  if (name.length > 255) throw refuse(name, 'it is longer than 255 characters');
  if (name.startsWith('-')) throw refuse(name, 'it starts with "-" and would be read as an option');
  // @{-1} and friends are expanded by check-ref-format --branch: refuse them before asking git.
  if (name === '@' || name.includes('@{')) throw refuse(name, 'it is a revision expression');
  if (name === 'HEAD' || name.startsWith('refs/')) throw refuse(name, 'it is reserved by git');
  // eslint-disable-next-line no-control-regex
  if (/[\s\x00-\x1f\x7f]/.test(name))
    throw refuse(name, 'it contains spaces or control characters');
  const r = await runGit(cwd, ['check-ref-format', '--branch', name]);
  if (r.code !== 0 || r.stdout.toString('utf8').trim() !== name) {
    throw refuse(name, 'git check-ref-format rejects it');
  }
  return name;
}

export async function branchExists(root: string, name: string): Promise<boolean> {
  const r = await runGit(root, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`]);
  return r.code === 0;
}

/** For names that come back from a container: the same rules as checkBranchName, as a yes/no. */
export async function isValidBranchName(cwd: string, name: string): Promise<boolean> {
  try {
    await checkBranchName(name, cwd);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'invalid-branch-name') return false;
    throw e;
  }
}
